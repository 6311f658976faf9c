// Hostile input where it is refused (issue 5): for every input of action.yml, 500 adversarial
// values of __fixtures__/hostile-input.ts, each passed through the environment as a runner passes
// it (INPUT_*: a NUL ends the value, a lone surrogate becomes U+FFFD) and read as the action reads
// it: readSettings with core.getInput, core.setSecret and core.notice, then core.setFailed of the
// explained error, as run() does before its first API call (readInputsOnly). Properties: the
// inputs are refused with an InputError (run() reports that as failed, each problem listed),
// the error names the input, what the action printed meanwhile is clean (an ::error::
// annotation, no stack trace, no TypeError/undefined, no raw control characters, and every line
// the runner would take for a command — `::` or legacy `##[` form — is one the action itself
// emits), and a secret is never echoed. hostile-input.test.ts runs the first 20 values of each
// generator through the whole action against the emulator.
import fc from 'fast-check'
import { readInputsOnly } from '../../__fixtures__/action-runner.js'
import {
  INPUTS,
  SEED,
  asSeen,
  expectBlames,
  expectCleanLog,
  expectNotEchoedIfSecret,
  hostileInputs,
  SLIPPED_THROUGH
} from '../../__fixtures__/hostile-input.js'
import type { HostileInput } from '../../__fixtures__/hostile-input.js'
import { explain } from '../../src/main.js'
import { InputError } from '../../src/problems.js'

const NUM_RUNS = 500
fc.configureGlobal({ seed: SEED })
const PROPERTY_TIMEOUT_MS = 120_000

/** Where the action would go: the emulator's region, default credentials and a local URL. */
const CONNECTION = {
  region: 'cn-north-1',
  'access-key': 'emulator-access-key',
  'secret-key': 'emulator-secret-key',
  endpoint: 'http://127.0.0.1:8123'
}

/** Refused before any API call, cleanly, and the error names the input. */
async function expectRefusedBeforeAnyCall(
  name: string,
  spec: HostileInput,
  value: string
): Promise<void> {
  const read = await readInputsOnly({ ...CONNECTION, ...spec.base, [name]: value })
  const seen = asSeen(value)
  expect({
    settings: read.settings,
    inputError: read.error instanceof InputError,
    exitCode: read.exitCode
  }).toEqual({ settings: undefined, inputError: true, exitCode: 1 })
  expectCleanLog(read.log, seen)
  expectBlames(explain(read.error), name, spec)
  expectNotEchoedIfSecret(read.log, spec, seen)
}

const invalidEvery = (name: string, spec: HostileInput) =>
  fc.assert(
    fc.asyncProperty(spec.values, value => expectRefusedBeforeAnyCall(name, spec, value)),
    { numRuns: NUM_RUNS }
  )

test('every input of action.yml has its hostile values', () => {
  expect(Object.keys(hostileInputs).sort()).toEqual([...INPUTS].sort())
})

describe.each(INPUTS)('input %s', name => {
  test(
    `${NUM_RUNS} invalid values: refused before any API call, cleanly, nothing injected`,
    () => invalidEvery(name, hostileInputs[name] as HostileInput),
    PROPERTY_TIMEOUT_MS
  )
})

describe('values that once slipped through', () => {
  test.each(SLIPPED_THROUGH)(
    '%s',
    (_title, name, spec) => invalidEvery(name, spec(CONNECTION.endpoint)),
    PROPERTY_TIMEOUT_MS
  )
})
