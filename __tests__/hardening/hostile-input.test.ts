// Hostile input end to end (issue 5): the adversarial values of __fixtures__/hostile-input.ts for
// every input of action.yml, each passed through the environment as a runner passes it (INPUT_*:
// a NUL ends the value, a lone surrogate becomes U+FFFD), and the whole action run in-process
// against one emulator for the file. Properties: the run fails with a clean ::error:: annotation
// (no stack trace, no TypeError/undefined, no raw control characters), every stdout line the
// runner would take for a command (`::` or legacy `##[` form) is one the action itself emits,
// the result output stays `failed`, and an invalid value costs no API call — neither JD Cloud
// (the emulator) nor GitHub (a stand-in at GITHUB_API_URL).
//
// A whole run is slow next to reading the inputs, so each property runs here on the first 20
// values of its generator: hostile-input-settings.test.ts tries 500 per input (the same seed, so
// these 20 first among them) through readSettings as run() calls it, and
// hostile-input-injection.test.ts holds the inputs where an API call is allowed.
import fc from 'fast-check'
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { ActionRun } from '../../__fixtures__/action-runner.js'
import { startGithubStandIn } from '../../__fixtures__/github-api.js'
import type { GithubStandIn } from '../../__fixtures__/github-api.js'
import {
  INPUTS,
  SEED,
  asSeen,
  deploy,
  expectBlames,
  expectCleanFailure,
  expectNotEchoedIfSecret,
  hostileInputs,
  SLIPPED_THROUGH,
  word
} from '../../__fixtures__/hostile-input.js'
import type { HostileInput } from '../../__fixtures__/hostile-input.js'
import { MAX_SUMMARY_BYTES } from '../../src/report/summary.js'

const E2E_RUNS = 20
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

async function runWith(inputs: Record<string, string>): Promise<ActionRun> {
  return cloud.run(inputs, { extraEnv: { GITHUB_API_URL: github.url } })
}

/** What it costs: no request to JD Cloud or GitHub, and the error names the input. */
async function expectRefusedWithoutCalls(
  name: string,
  spec: HostileInput,
  value: string
): Promise<ActionRun> {
  const calls = cloud.emulator.calls.length
  const githubCalls = github.requests.length
  const run = await runWith({ ...spec.base, [name]: value })
  const seen = asSeen(value)
  expectCleanFailure(run, seen)
  expect(cloud.emulator.calls.length - calls).toBe(0)
  expect(github.requests.length - githubCalls).toBe(0)
  expect(run.report.problems?.length).toBeGreaterThan(0)
  expect(run.summary).toContain('**Invalid input.** Nothing was changed: no API call was made.')
  expectBlames(run.report.error, name, spec)
  expectNotEchoedIfSecret(run.log, spec, seen)
  return run
}

const invalidEvery = (name: string, spec: HostileInput) =>
  fc.assert(
    fc.asyncProperty(spec.values, async value => {
      await expectRefusedWithoutCalls(name, spec, value)
    }),
    { numRuns: E2E_RUNS }
  )

describe.each(INPUTS)('input %s', name => {
  test(
    `${E2E_RUNS} invalid values end to end: a clean failure, nothing injected, no API call`,
    () => invalidEvery(name, hostileInputs[name] as HostileInput),
    PROPERTY_TIMEOUT_MS
  )
})

// ---- values that once slipped through: each test pins one fix ----

describe('values that once slipped through', () => {
  test.each(SLIPPED_THROUGH)(
    '%s',
    (_title, name, spec) => invalidEvery(name, spec(cloud.emulator.url)),
    PROPERTY_TIMEOUT_MS
  )

  test('tags: 30 000 lines are refused before any call', async () => {
    const tags = Array.from({ length: 30_000 }, (_, i) => `team=v${i}`).join('\n')
    await expectRefusedWithoutCalls('tags', { base: { ...deploy, pods: '' }, values: word }, tags)
  })

  test('pods: an error too long for the job summary is cut there, and the run fails cleanly', async () => {
    // The same pod 90 000 times: one problem per repeat, megabytes of error.
    const pods = 'pod-a,'.repeat(90_000)
    const run = await expectRefusedWithoutCalls('pods', { base: deploy, values: word }, pods)
    expect(Buffer.byteLength(run.report.error as string)).toBeGreaterThan(MAX_SUMMARY_BYTES)
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(run.summary).toContain('_(summary cut to stay under GitHub’s size limit)_')
  })

  test('containers: YAML directives and tags fail cleanly, with no warning', async () => {
    const spec = { base: { ...deploy, image: '' }, values: word }
    await expectRefusedWithoutCalls('containers', spec, '%FOO bar\n- name: web')
    await expectRefusedWithoutCalls('containers', spec, '- !foo x')
    await expectRefusedWithoutCalls('containers', spec, '- !!js/function "x"')
  })

  test('containers: the YAML error is echoed without raw control characters', () =>
    expectRefusedWithoutCalls(
      'containers',
      { base: { ...deploy, image: '' }, values: word },
      '%YAML 1.1\u0001\n---\n- name: web'
    ))

  test('containers: an env entry without a name does not leak "undefined"', () =>
    expectRefusedWithoutCalls(
      'containers',
      { base: { ...deploy, image: '' }, values: word },
      '- name: web\n  env:\n    - value: x'
    ))
})
