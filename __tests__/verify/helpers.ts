// Shared by the verification gate tests: settings, scripted checks in virtual time, gate deps.
import type { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { Problems } from '../../src/problems.js'
import { createHttpCheck } from '../../src/verify/check.js'
import type { CheckFn, CheckOutcome, HttpCheckOptions } from '../../src/verify/check.js'
import type { ScriptedServer } from './scripted-server.js'
import type { GateDeps, GateTarget } from '../../src/verify/gate.js'
import { readVerifySettings } from '../../src/inputs/verify-input.js'
import type { VerifySettings } from '../../src/verify/settings.js'

/** Settings as the inputs give them (missing inputs read as ''); throws on a problem. */
export function fromInputs(values: Record<string, string>): VerifySettings {
  const problems = new Problems()
  const settings = readVerifySettings(
    name => values[name] ?? '',
    problems,
    () => undefined
  )
  problems.throwIfAny()
  return settings as VerifySettings
}

export const START = Date.UTC(2026, 10, 22, 10, 0, 0)
export const PASS: CheckOutcome = { passed: true, status: 200 }
export const FAIL: CheckOutcome = {
  passed: false,
  status: 503,
  bodySnippet: 'down',
  reason: 'answered HTTP 503; verify-status accepts 200-299'
}
export const PODS: GateTarget[] = [
  { podId: 'pod-a1', podName: 'web-1', podIp: '10.0.0.1' },
  { podId: 'pod-b2', podName: 'web-2', podIp: '10.0.0.2' },
  { podId: 'pod-c3', podName: 'web-3', podIp: '10.0.0.3' }
]

export function settings(overrides: Partial<VerifySettings> = {}): VerifySettings {
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

export interface Call {
  url: string
  /** Seconds after START. */
  at: number
  timeoutMs: number
}

/**
 * A check that answers `script(url, n)` for its n-th call on that URL, taking `takesMs` of
 * virtual time; longer than the timeout it is given, it times out as the real one does.
 */
export function scripted(
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

export function deps(clock: VirtualClock, overrides: Partial<GateDeps> = {}): GateDeps {
  return {
    clock,
    signal: new AbortController().signal,
    deadline: START + 3_600_000,
    ...overrides
  }
}

export type CheckArgs = [
  url: URL | string,
  overrides?: Partial<VerifySettings>,
  options?: { timeoutMs?: number; signal?: AbortSignal } & HttpCheckOptions
]

/** One real HTTP check of a path of the scripted server (or of any URL); 5 s unless told. */
export function checkOn(
  server: ScriptedServer,
  url: CheckArgs[0],
  overrides: CheckArgs[1] = {},
  { timeoutMs = 5000, signal = new AbortController().signal, ...options }: CheckArgs[2] = {}
): Promise<CheckOutcome> {
  const target = typeof url === 'string' ? server.url(url) : url
  return createHttpCheck(settings(overrides), options)({ url: target, timeoutMs, signal })
}
