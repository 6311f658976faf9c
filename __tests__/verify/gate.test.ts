// The poll loop in virtual time: minutes of verify-for run in milliseconds, checks scripted.
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import type { CheckFn } from '../../src/verify/check.js'
import { runGate } from '../../src/verify/gate.js'
import type { GateTarget } from '../../src/verify/gate.js'
import { deps, FAIL, PASS, PODS, scripted, settings, START } from './helpers.js'

describe('verify-for', () => {
  test('a steady endpoint passes after polls at 0, every interval, and at verify-for', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(settings(), [], deps(clock, { check }))
    expect(calls.map(call => call.at)).toEqual([0, 5, 10, 15, 20, 25, 30])
    expect(result).toEqual({
      passed: true,
      cancelled: false,
      records: [
        {
          url: 'http://shop.example.com/healthz',
          passed: true,
          status: 200,
          checkedSeconds: 30,
          passes: 7,
          failures: 0
        }
      ]
    })
  })

  test('0 means one passing answer', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(settings({ forMs: 0 }), [], deps(clock, { check }))
    expect(result.passed).toBe(true)
    expect(calls.map(call => call.at)).toEqual([0])
  })

  test('the last wait is shortened to land on verify-for', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    await runGate(settings({ forMs: 12_000 }), [], deps(clock, { check }))
    expect(calls.map(call => call.at)).toEqual([0, 5, 10, 12])
    const longInterval = scripted(clock, () => PASS)
    const started = clock.now()
    await runGate(
      settings({ forMs: 10_000, intervalMs: 30_000 }),
      [],
      deps(clock, { check: longInterval.check })
    )
    expect(longInterval.calls.map(call => call.at - (started - START) / 1000)).toEqual([0, 10])
  })

  test('a flapping endpoint fails at its first failure: no restart, no further polls', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, (_url, n) => (n % 2 === 0 ? PASS : FAIL))
    const result = await runGate(settings(), [], deps(clock, { check }))
    expect(calls.map(call => call.at)).toEqual([0, 5])
    expect(result).toEqual({
      passed: false,
      cancelled: false,
      records: [
        {
          url: 'http://shop.example.com/healthz',
          passed: false,
          status: 503,
          checkedSeconds: 5,
          passes: 1,
          failures: 1,
          firstFailureAt: '2026-11-22T10:00:05.000Z',
          bodySnippet: 'down',
          reason: 'answered HTTP 503; verify-status accepts 200-299'
        }
      ]
    })
  })

  test('strict: a failing first answer fails the gate (no warm-up allowance)', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, (_url, n) => (n === 0 ? FAIL : PASS))
    const result = await runGate(settings(), [], deps(clock, { check }))
    expect(result.passed).toBe(false)
    expect(result.records[0]).toMatchObject({ passes: 0, failures: 1, checkedSeconds: 0 })
    expect(calls).toHaveLength(1)
  })

  test('an injected check that throws is a failed check', async () => {
    const clock = new VirtualClock(START)
    const check: CheckFn = () => Promise.reject(new Error('boom'))
    const result = await runGate(settings(), [], deps(clock, { check }))
    expect(result.records[0]).toMatchObject({ passed: false, reason: 'the check failed: boom' })
    const silent: CheckFn = () => Promise.resolve({ passed: false })
    const quiet = await runGate(settings(), [], deps(clock, { check: silent }))
    expect(quiet.records[0]).toMatchObject({ passed: false, failures: 1, reason: 'failed' })
  })
})

describe('targets', () => {
  test('placeholders: one check per pod, each with its own record', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const url = 'http://{podIp}:8080/health?pod={podName}&id={podId}'
    const result = await runGate(
      settings({ url, perPod: true, forMs: 5000 }),
      PODS,
      deps(clock, { check })
    )
    expect(calls.map(call => `${call.at} ${call.url}`)).toEqual([
      '0 http://10.0.0.1:8080/health?pod=web-1&id=pod-a1',
      '0 http://10.0.0.2:8080/health?pod=web-2&id=pod-b2',
      '0 http://10.0.0.3:8080/health?pod=web-3&id=pod-c3',
      '5 http://10.0.0.1:8080/health?pod=web-1&id=pod-a1',
      '5 http://10.0.0.2:8080/health?pod=web-2&id=pod-b2',
      '5 http://10.0.0.3:8080/health?pod=web-3&id=pod-c3'
    ])
    expect(result.passed).toBe(true)
    expect(result.records.map(record => [record.podName, record.url, record.passes])).toEqual([
      ['web-1', 'http://10.0.0.1:8080/health?pod=web-1&id=pod-a1', 2],
      ['web-2', 'http://10.0.0.2:8080/health?pod=web-2&id=pod-b2', 2],
      ['web-3', 'http://10.0.0.3:8080/health?pod=web-3&id=pod-c3', 2]
    ])
  })

  test('one failing pod fails the gate; the others say they were stopped', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, (url, n) =>
      url.includes('10.0.0.2') && n === 1 ? FAIL : PASS
    )
    const result = await runGate(
      settings({ url: 'http://{podIp}/health', perPod: true }),
      PODS,
      deps(clock, { check })
    )
    expect(calls).toHaveLength(6)
    expect(result.passed).toBe(false)
    expect(result.records).toEqual([
      expect.objectContaining({
        podId: 'pod-a1',
        passed: false,
        passes: 2,
        failures: 0,
        reason: 'stopped: web-2 failed'
      }),
      expect.objectContaining({
        podId: 'pod-b2',
        passed: false,
        passes: 1,
        failures: 1,
        status: 503,
        reason: 'answered HTTP 503; verify-status accepts 200-299'
      }),
      expect.objectContaining({
        podId: 'pod-c3',
        passed: false,
        passes: 2,
        failures: 0,
        reason: 'stopped: web-2 failed'
      })
    ])
  })

  test('a pod without an IP address fails the gate before any request', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const pods = [PODS[0] as GateTarget, { podId: 'pod-b2', podName: 'web-2' }]
    const result = await runGate(
      settings({ url: 'http://{podIp}/health', perPod: true }),
      pods,
      deps(clock, { check })
    )
    expect(calls).toEqual([])
    expect(result.records.map(record => [record.url, record.reason])).toEqual([
      ['http://10.0.0.1/health', 'not checked: web-2 has no URL to check'],
      ['http://{podIp}/health', 'pod web-2 has no IP address yet']
    ])
  })

  test('per pod, a batch without pods passes at once with no records', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(
      settings({ url: 'http://{podIp}/', perPod: true }),
      [],
      deps(clock, { check })
    )
    expect(result).toEqual({ passed: true, cancelled: false, records: [] })
    expect(calls).toEqual([])
    expect(clock.now()).toBe(START)
  })

  test('without placeholders: one check per batch, whatever the pods', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(settings({ forMs: 0 }), PODS, deps(clock, { check }))
    expect(calls).toHaveLength(1)
    expect(result.records).toHaveLength(1)
    expect(result.records[0]).not.toHaveProperty('podId')
  })
})
