/**
 * The verification gate: after a batch is ready, its check (one per pod when verify-url has a
 * placeholder, else one per batch) must keep passing for verify-for, polled every
 * verify-interval. Pure orchestration: time comes from the Clock and the HTTP check is injected.
 *
 * The rule is strict: every answer, from the first, must pass; the first failure of any target
 * fails the gate at once (no second chance, the window is not restarted). Why not tolerate
 * failures before the first pass ("warm-up")? The gate starts only once the rollout has seen
 * every container of the batch ready, so the service is meant to answer by then; a container
 * that needs time to warm up says so through its readiness probe, which the rollout already
 * waits for. A warm-up allowance would need its own length (one more input to get wrong) and
 * would let an endpoint that fails for its first seconds, or flaps, through. Failing at the first
 * failure also starts the rollback as early as possible.
 *
 * Polls: at the start, then every verify-interval, the last one at verify-for (the wait before
 * it is shortened to land there); the gate passes when that last poll passes. verify-for 0: one
 * passing answer. Each poll is bounded by the request timeout and by the overall deadline; the
 * deadline passing before verify-for is over fails the gate; cancellation ends it at once with
 * `cancelled: true`.
 */
import type { Clock } from '../clock.js'
import { formatDuration } from '../text.js'
import { createHttpCheck } from './check.js'
import type { CheckFn, CheckOutcome } from './check.js'
import type { VerifySettings } from './settings.js'
import { displayUrlFor, expandUrl, podLabel } from './url.js'
import type { PodValues } from './url.js'

export type GateTarget = PodValues

export interface CheckRecord {
  /** The URL checked, masked. */
  url: string
  /** The pod this check is about (per-pod checks only). */
  podId?: string
  podName?: string
  passed: boolean
  /** Status of the last answer. */
  status?: number
  /** Seconds from the start of the gate to the end of this target's last check. */
  checkedSeconds: number
  passes: number
  failures: number
  /** When the first failing check started (ISO 8601). */
  firstFailureAt?: string
  /** The failing answer's first 500 bytes, as safe text. */
  bodySnippet?: string
  /** Why this target did not pass. */
  reason?: string
}

export interface GateResult {
  passed: boolean
  /** The signal aborted: the gate stopped without a verdict. */
  cancelled: boolean
  records: CheckRecord[]
}

export interface GateDeps {
  clock: Clock
  signal: AbortSignal
  /** Clock time (ms since the epoch) by which the whole gate must be over. */
  deadline: number
  /** Default: a real HTTP check (createHttpCheck). */
  check?: CheckFn
  /** Bound on one check, redirects and body included (default 10 s). */
  requestTimeoutMs?: number
}

export const REQUEST_TIMEOUT_MS = 10_000

interface Probe {
  record: CheckRecord
  url?: URL
  label: string
}

export async function runGate(
  settings: VerifySettings,
  targets: readonly GateTarget[],
  deps: GateDeps
): Promise<GateResult> {
  const { clock, signal, deadline } = deps
  const check = deps.check ?? createHttpCheck(settings)
  const requestTimeoutMs = deps.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
  const started = clock.now()
  const windowEnd = started + settings.forMs
  const probes = planProbes(settings, targets)
  const records = probes.map(probe => probe.record)
  const seconds = (at: number): number => Math.round((at - started) / 100) / 10

  const stopAll = (reason: string, cancelled: boolean): GateResult => {
    for (const { record } of probes) {
      record.passed = false
      record.reason ??= reason
    }
    return { passed: false, cancelled, records }
  }
  const cancelled = (): GateResult => stopAll('cancelled', true)

  // A per-pod check of a batch without pods: nothing to check, nothing to wait for.
  if (probes.length === 0) return { passed: true, cancelled: false, records }
  const unusable = probes.find(probe => probe.url === undefined)
  if (unusable) return stopAll(`not checked: ${unusable.label} has no URL to check`, false)

  for (;;) {
    if (signal.aborted) return cancelled()
    const remaining = deadline - clock.now()
    if (remaining <= 0)
      return stopAll(
        `the overall deadline passed ${seconds(clock.now())}s into verify-for ${formatDuration(settings.forMs)}`,
        false
      )
    const roundStart = clock.now()
    const timeoutMs = Math.min(requestTimeoutMs, remaining)
    let outcomes: CheckOutcome[]
    try {
      outcomes = await untilAborted(
        Promise.all(probes.map(probe => safely(check, probe.url as URL, timeoutMs, signal))),
        signal
      )
    } catch {
      return cancelled()
    }
    const ended = clock.now()

    const failed: Probe[] = []
    probes.forEach((probe, index) => {
      const outcome = outcomes[index] as CheckOutcome
      const { record } = probe
      record.checkedSeconds = seconds(ended)
      if (outcome.status !== undefined) record.status = outcome.status
      if (outcome.passed) {
        record.passes++
        return
      }
      record.failures++
      record.firstFailureAt ??= new Date(roundStart).toISOString()
      if (outcome.bodySnippet !== undefined) record.bodySnippet = outcome.bodySnippet
      record.reason =
        outcome.timedOut && timeoutMs < requestTimeoutMs
          ? 'the overall deadline passed while waiting for an answer'
          : (outcome.reason ?? 'failed')
      failed.push(probe)
    })
    if (failed.length > 0)
      return stopAll(`stopped: ${failed.map(probe => probe.label).join(', ')} failed`, false)

    if (roundStart >= windowEnd) {
      for (const record of records) record.passed = true
      return { passed: true, cancelled: false, records }
    }
    const wait = Math.min(roundStart + settings.intervalMs, windowEnd, deadline) - clock.now()
    if (wait > 0) {
      try {
        await clock.sleep(wait, signal)
      } catch {
        return cancelled()
      }
    }
  }
}

/** One probe per pod (per-pod URL) or one for the batch, each with its record. */
function planProbes(settings: VerifySettings, targets: readonly GateTarget[]): Probe[] {
  const pods: Array<GateTarget | undefined> = settings.perPod ? [...targets] : [undefined]
  return pods.map(pod => {
    const values = pod ?? { podId: '', podName: '' }
    const expanded = expandUrl(settings.url, values)
    const record: CheckRecord = {
      url: displayUrlFor(settings.url, values),
      ...(pod ? { podId: pod.podId, podName: pod.podName } : {}),
      passed: false,
      checkedSeconds: 0,
      passes: 0,
      failures: 0
    }
    const label = pod ? podLabel(pod) : 'the batch'
    if ('error' in expanded) {
      record.reason = expanded.error
      return { record, label }
    }
    return { record, url: expanded.url, label }
  })
}

/** An injected check that throws is a failed check, not a crashed gate. */
async function safely(
  check: CheckFn,
  url: URL,
  timeoutMs: number,
  signal: AbortSignal
): Promise<CheckOutcome> {
  try {
    return await check({ url, timeoutMs, signal })
  } catch (error) {
    return { passed: false, reason: `the check failed: ${(error as Error).message}` }
  }
}

/** The promise, or a rejection as soon as the signal aborts (a check that ignores it included). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted()
  let onAbort = (): void => undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  return Promise.race([promise, aborted]).finally(() =>
    signal.removeEventListener('abort', onAbort)
  )
}
