// The secret scan's smoke test as a runner runs the action: a child process (src/ through tsx,
// on real time) whose stderr is the real one. One scenario, the one with retries, a reset
// connection and a deploy; secret-scan.test.ts runs them all in-process.
import { PodEmulator, FAST_TIMINGS } from '../../emulator/index.js'
import { emulatorConnection, runBundled } from '../../__fixtures__/runner-step.js'
import {
  ACCESS_KEY,
  DEBUG_ENV,
  SCENARIOS,
  SECRET_KEY,
  SEED,
  expectNoCredentialLeaked,
  requireRegistryCredentials
} from '../../__fixtures__/secret-scan.js'

let emulator: PodEmulator
beforeAll(async () => {
  emulator = await PodEmulator.start({
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
    timings: FAST_TIMINGS,
    seed: SEED
  })
})
afterAll(() => emulator.close())

const smoke = SCENARIOS.filter(([name]) => name === 'deploy through 503s and a reset')

test.each(smoke)(
  '%s, in a child process, leaks no credential anywhere',
  async (_name, inputs, faults) => {
    requireRegistryCredentials(emulator)
    for (const fault of faults) emulator.inject(fault)
    const run = await runBundled(
      { ...emulatorConnection(emulator), ...inputs },
      { entry: 'source', env: DEBUG_ENV }
    )
    emulator.clearFaults()
    expectNoCredentialLeaked(run, inputs)
  },
  30_000
)
