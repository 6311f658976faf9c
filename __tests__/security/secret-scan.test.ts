// Every operation, with step debug logging on and failures injected, run in-process on the
// virtual clock: the secret key, the registry password, their base64 forms and any Authorization
// header must appear nowhere — stdout, stderr, outputs, summary or state file (see
// __fixtures__/secret-scan.ts). secret-scan-child-process.test.ts runs one of these scenarios as
// a runner runs it, in a child process on real time.
import { FAST_TIMINGS } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import {
  ACCESS_KEY,
  DEBUG_ENV,
  SCENARIOS,
  SECRET_KEY,
  SEED,
  expectNoCredentialLeaked,
  requireRegistryCredentials
} from '../../__fixtures__/secret-scan.js'

let cloud: EmulatedCloud
beforeAll(async () => {
  cloud = await startEmulatedCloud(SEED, {
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
    timings: FAST_TIMINGS
  })
})
afterAll(() => cloud.close())

test.each(SCENARIOS)('%s leaks no credential anywhere', async (_name, inputs, faults) => {
  requireRegistryCredentials(cloud.emulator)
  for (const fault of faults) cloud.emulator.inject(fault)
  const run = await cloud.run(inputs, { extraEnv: DEBUG_ENV })
  cloud.emulator.clearFaults()
  expectNoCredentialLeaked({ ...run, stdout: run.log }, inputs)
})
