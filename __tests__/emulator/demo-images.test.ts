// The README's table of the demo seed's failing images is true: each fails the way it says, and
// is rolled back — but for a pod in phase error, which the API cannot put back (the seed is the one `npm run emulator` and the demo load).
import { readFileSync } from 'node:fs'
import { parseSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const seed = parseSeed(JSON.parse(readFileSync('emulator/seeds/demo.json', 'utf8')))
const readme = readFileSync('README.md', 'utf8')
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

test.each([
  ['web:broken', 'fail-fast', /ImagePullBackOff|ErrImagePull/],
  ['web:crash', 'fail-fast', /keeps restarting .*exit code 1/],
  ['web:never-ready', 'timeout', /did not become ready in time/],
  ['web:bad-config', 'fail-fast', /CreateContainerConfigError/],
  ['web:pod-error', 'fail-fast', /pod phase is error/]
])('%s fails after %s, as the README says', async (image, limit, reason) => {
  expect(readme).toMatch(new RegExp(`\\| \`${image}\` .*\\| fails (after|at) \`${limit}\``))
  cloud = await startEmulatedCloud(seed)
  const run = await cloud.run({
    pods: 'web-2',
    image: `registry.example.com/shop/${image}`,
    'fail-fast': '10s',
    timeout: '2m'
  })
  expect(run.report.result).toBe(image === 'web:pod-error' ? 'failed' : 'rolled-back')
  expect(run.report.error).toMatch(reason)
  if (image === 'web:pod-error')
    expect(run.log).toContain(
      'The API can neither stop nor rebuild a pod in phase error: recreate it with the containers below.'
    )
  const seconds = (run.report.finishedAt - run.report.startedAt) / 1000
  // Well inside timeout when fail-fast applies; at least timeout when it does not.
  if (limit === 'fail-fast') expect(seconds).toBeLessThan(120)
  else expect(seconds).toBeGreaterThanOrEqual(120)
})
