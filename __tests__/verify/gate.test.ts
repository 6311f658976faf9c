// The poll loop in virtual time: minutes of verify-for run in milliseconds. Checks are scripted
// functions (which take virtual time through the clock) or real HTTP against a local server.
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { Problems } from '../../src/inputs/problems.js'
import type { CheckFn, CheckOutcome } from '../../src/verify/check.js'
import { runGate } from '../../src/verify/gate.js'
import type { GateDeps, GateTarget } from '../../src/verify/gate.js'
import { readVerifySettings } from '../../src/verify/settings.js'
import type { VerifySettings } from '../../src/verify/settings.js'
import { ScriptedServer } from './scripted-server.js'

const START = Date.UTC(2026, 10, 22, 10, 0, 0)
const PASS: CheckOutcome = { passed: true, status: 200 }
const FAIL: CheckOutcome = {
  passed: false,
  status: 503,
  bodySnippet: 'down',
  reason: 'answered HTTP 503; verify-status accepts 200-299'
}
const PODS: GateTarget[] = [
  { podId: 'pod-a1', podName: 'web-1', podIp: '10.0.0.1' },
  { podId: 'pod-b2', podName: 'web-2', podIp: '10.0.0.2' },
  { podId: 'pod-c3', podName: 'web-3', podIp: '10.0.0.3' }
]

function settings(overrides: Partial<VerifySettings> = {}): VerifySettings {
  return {
    url: 'http://shop.example.com/healthz',
    perPod: false,
    statuses: [[200, 299]],
    forMs: 30_000,
    intervalMs: 5000,
    headers: [],
    secrets: [],
    ...overrides
  }
}

interface Call {
  url: string
  /** Seconds after START. */
  at: number
  timeoutMs: number
}

/**
 * A check that answers `script(url, n)` for its n-th call on that URL, taking `takesMs` of
 * virtual time; longer than the timeout it is given, it times out as the real one does.
 */
function scripted(
  clock: VirtualClock,
  script: (url: string, n: number) => CheckOutcome | { outcome: CheckOutcome; takesMs: number }
): { check: CheckFn; calls: Call[] } {
  const calls: Call[] = []
  const check: CheckFn = async ({ url, timeoutMs, signal }) => {
    const n = calls.filter(call => call.url === url.href).length
    calls.push({ url: url.href, at: (clock.now() - START) / 1000, timeoutMs })
    const step = script(url.href, n)
    const { outcome, takesMs } = 'takesMs' in step ? step : { outcome: step, takesMs: 0 }
    if (takesMs > timeoutMs) {
      await clock.sleep(timeoutMs, signal)
      return { passed: false, timedOut: true, reason: `no complete answer within ${timeoutMs}ms` }
    }
    if (takesMs > 0) await clock.sleep(takesMs, signal)
    return outcome
  }
  return { check, calls }
}

function deps(clock: VirtualClock, overrides: Partial<GateDeps> = {}): GateDeps {
  return {
    clock,
    signal: new AbortController().signal,
    deadline: START + 3_600_000,
    ...overrides
  }
}

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

  test('without placeholders: one check per batch, whatever the pods', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(settings({ forMs: 0 }), PODS, deps(clock, { check }))
    expect(calls).toHaveLength(1)
    expect(result.records).toHaveLength(1)
    expect(result.records[0]).not.toHaveProperty('podId')
  })
})

describe('deadline and cancellation', () => {
  test('the overall deadline cuts the gate short', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(settings(), [], deps(clock, { check, deadline: START + 12_000 }))
    expect(calls.map(call => call.at)).toEqual([0, 5, 10])
    expect(clock.now() - START).toBe(12_000)
    expect(result).toEqual({
      passed: false,
      cancelled: false,
      records: [
        expect.objectContaining({
          passed: false,
          passes: 3,
          failures: 0,
          checkedSeconds: 10,
          reason: 'the overall deadline passed 12s into verify-for 30s'
        })
      ]
    })
  })

  test('a request is bounded by what is left before the deadline, and says so', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, (_url, n) =>
      n === 0 ? PASS : { outcome: PASS, takesMs: 8000 }
    )
    const result = await runGate(settings(), [], deps(clock, { check, deadline: START + 7000 }))
    expect(calls.map(call => [call.at, call.timeoutMs])).toEqual([
      [0, 7000],
      [5, 2000]
    ])
    expect(result.records[0]).toMatchObject({
      passed: false,
      failures: 1,
      checkedSeconds: 7,
      reason: 'the overall deadline passed while waiting for an answer'
    })
  })

  test('cancellation between polls stops the gate at once', async () => {
    const clock = new VirtualClock(START)
    const controller = new AbortController()
    void clock.sleep(7000).then(() => controller.abort(new Error('cancelled by the runner')))
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(settings(), [], deps(clock, { check, signal: controller.signal }))
    expect(clock.now() - START).toBe(7000)
    expect(calls.map(call => call.at)).toEqual([0, 5])
    expect(result).toEqual({
      passed: false,
      cancelled: true,
      records: [expect.objectContaining({ passed: false, passes: 2, reason: 'cancelled' })]
    })
  })

  test('cancellation during a check that ignores the signal still returns at once', async () => {
    const clock = new VirtualClock(START)
    const controller = new AbortController()
    void clock.sleep(3000).then(() => controller.abort())
    const check: CheckFn = () => new Promise<CheckOutcome>(() => undefined)
    const result = await runGate(settings(), [], deps(clock, { check, signal: controller.signal }))
    expect(result).toMatchObject({ passed: false, cancelled: true })
    expect(clock.now() - START).toBe(3000)
  })

  test('a signal already aborted: no check at all', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(
      settings(),
      [],
      deps(clock, { check, signal: AbortSignal.abort() })
    )
    expect(result.cancelled).toBe(true)
    expect(calls).toEqual([])
  })
})

describe('over real HTTP', () => {
  let server: ScriptedServer
  beforeAll(async () => {
    server = await ScriptedServer.start()
  })
  afterAll(() => server.close())

  const token = 'Bearer tok-5e6f7a8b9c'

  /** Settings as the inputs would give them, for a path of the local server. */
  function inputs(path: string, extra: Record<string, string> = {}): VerifySettings {
    const values: Record<string, string> = {
      'verify-url': `http://127.0.0.1:${server.port}${path}`,
      ...extra
    }
    const problems = new Problems()
    const parsed = readVerifySettings(
      name => values[name] ?? '',
      problems,
      () => undefined
    )
    problems.throwIfAny()
    return parsed as VerifySettings
  }

  test('a flapping endpoint fails within verify-for', async () => {
    server.script('flap', [
      { status: 200, body: 'UP' },
      { status: 200, body: 'UP' },
      { status: 200, body: 'UP' },
      { status: 502, body: 'bad gateway' },
      { status: 200, body: 'UP' }
    ])
    const clock = new VirtualClock(START)
    const before = server.requests.length
    const result = await runGate(inputs('/script/flap'), [], deps(clock))
    expect(server.requests.length - before).toBe(4)
    expect(result).toEqual({
      passed: false,
      cancelled: false,
      records: [
        {
          url: `http://127.0.0.1:${server.port}/script/flap`,
          passed: false,
          status: 502,
          checkedSeconds: 15,
          passes: 3,
          failures: 1,
          firstFailureAt: '2026-11-22T10:00:15.000Z',
          bodySnippet: 'bad gateway',
          reason: 'answered HTTP 502; verify-status accepts 200-299'
        }
      ]
    })
  })

  test('a hanging endpoint fails at its request timeout, not at the overall deadline', async () => {
    const clock = new VirtualClock(START)
    const started = Date.now()
    const result = await runGate(
      inputs('/hang'),
      [],
      deps(clock, { requestTimeoutMs: 200, deadline: START + 3_600_000 })
    )
    expect(Date.now() - started).toBeLessThan(2000)
    expect(result.records[0]).toMatchObject({
      passed: false,
      failures: 1,
      reason: 'no complete answer within 200ms'
    })
  })

  test('cancellation during a real request returns at once', async () => {
    const clock = new VirtualClock(START)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const result = await runGate(inputs('/hang'), [], deps(clock, { signal: controller.signal }))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(result).toMatchObject({ passed: false, cancelled: true })
  })

  test('header values appear in no record, even when the endpoint echoes them', async () => {
    const clock = new VirtualClock(START)
    const result = await runGate(
      inputs('/echo?access_token=qs-secret-123', { 'verify-header': `Authorization: ${token}` }),
      [],
      deps(clock)
    )
    expect(server.requests.at(-1)?.headers.authorization).toBe(token)
    const shown = JSON.stringify(result)
    expect(shown).not.toContain('tok-5e6f7a8b9c')
    expect(shown).not.toContain('qs-secret-123')
    expect(result.records[0]?.url).toBe(`http://127.0.0.1:${server.port}/echo?access_token=***`)
    expect(result.records[0]?.bodySnippet).toContain('"authorization":"***"')
  })
})
