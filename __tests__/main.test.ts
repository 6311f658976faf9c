// The run's frame: what main does around the operations, whatever the operation does.
import { EventEmitter } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { podSeed } from '../emulator/index.js'
import { explain } from '../src/main.js'
import { InputError } from '../src/problems.js'
import { JdcloudError } from '../src/jdcloud/errors.js'
import { startEmulatedCloud } from '../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../__fixtures__/emulated-cloud.js'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

test('a summary that cannot be written is a warning, never a failed run', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-m1' })] })
  const directory = mkdtempSync(join(tmpdir(), 'not-a-file-'))
  const { report, log, outputs } = await cloud.run(
    { operation: 'status', pods: 'pod-m1' },
    { extraEnv: { GITHUB_STEP_SUMMARY: directory } }
  )
  expect(report.result).toBe('succeeded')
  expect(outputs.result).toBe('succeeded')
  expect(log).toMatch(/::warning::The job summary could not be written: /)
})

test('the grace period after a signal ends the restoring calls too', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-m1' })] })
  const signals = new EventEmitter()
  cloud.emulator.onCall('stopPod', () => {
    // Every read during the grace period is slower than the grace period itself.
    cloud.emulator.inject({ api: 'describePod', kind: 'slow', delayMs: 300, times: Infinity })
    cloud.emulator.inject({ api: 'describePods', kind: 'slow', delayMs: 300, times: Infinity })
    setImmediate(() => signals.emit('SIGINT', 'SIGINT'))
  })
  const started = Date.now()
  const { report } = await cloud.run(
    { pods: 'pod-m1', image: 'registry.example.com/shop/web:2.0' },
    { signals, graceMs: 50 }
  )
  expect(report.result).toBe('cancelled')
  expect(report.pods[0]?.message).toMatch(/could not be started again in time/)
  expect(Date.now() - started).toBeLessThan(2000)
  cloud.emulator.clearFaults()
})

describe('explain: a failure as a person reads it', () => {
  test.each<[string, unknown, string]>([
    ['input problems', new InputError(['pods: is required']), 'Invalid input: pods: is required'],
    [
      'a JD Cloud error with a hint',
      new JdcloudError({
        api: 'describePods',
        httpStatus: 404,
        status: 'NOT_FOUND',
        message: 'no region',
        requestId: 'r1'
      }),
      'describePods: HTTP 404 NOT_FOUND: no region (requestId r1). The resource does not exist in this region: check the ID or name and the region input.'
    ],
    [
      'a JD Cloud error without one',
      new JdcloudError({
        api: 'stopPod',
        httpStatus: 400,
        status: 'INVALID_ARGUMENT',
        message: 'bad'
      }),
      'stopPod: HTTP 400 INVALID_ARGUMENT: bad'
    ],
    ['a plain error', new Error('something broke'), 'something broke'],
    ['a typed error', new TypeError('x is not a function'), 'TypeError: x is not a function'],
    ['not an error at all', 'a string', 'a string']
  ])('%s', (_name, error, expected) => {
    expect(explain(error)).toBe(expected)
  })
})
