// Hostile input where an API call is allowed (issue 5): pod names, name-prefix, tags and
// environment accept almost any text, so values that look like workflow commands reach JD Cloud
// (the emulator) and come back in the error. Through the whole action, in-process: the run fails,
// the value is quoted, and nothing is injected — every stdout line the runner would take for a
// command (`::` or legacy `##[` form) is one the action itself emits.
import fc from 'fast-check'
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { startGithubStandIn } from '../../__fixtures__/github-api.js'
import type { GithubStandIn } from '../../__fixtures__/github-api.js'
import {
  SEED,
  asSeen,
  commandLike,
  expectCleanFailure,
  injectionCases
} from '../../__fixtures__/hostile-input.js'

const NUM_RUNS = 500
fc.configureGlobal({ seed: SEED })
const PROPERTY_TIMEOUT_MS = 120_000

let cloud: EmulatedCloud
let github: GithubStandIn
beforeAll(async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-web01', name: 'web-1' })] })
  github = await startGithubStandIn()
})
afterAll(async () => {
  await github?.close()
  await cloud?.close()
})

describe.each(injectionCases)('input %s, API call allowed', (name, inputs, error) => {
  test(
    `${NUM_RUNS} values that look like workflow commands: failed, quoted, nothing injected`,
    async () => {
      await fc.assert(
        fc.asyncProperty(commandLike, async value => {
          const run = await cloud.run(inputs(value), {
            extraEnv: { GITHUB_API_URL: github.url }
          })
          expectCleanFailure(run, asSeen(value))
          expect(run.report.error).toMatch(error)
        }),
        { numRuns: NUM_RUNS }
      )
    },
    PROPERTY_TIMEOUT_MS
  )
})
