/**
 * One container's life once its pod is running, as a pure function of time: what it shows at any
 * instant, when (if ever) it turns ready, and the logs it has written so far. Nothing is stored
 * but the moment the run began, so a test can jump the clock by minutes and read the outcome.
 */
import type { ContainerState } from './wire.js'
import type { ImageBehaviourName, Timings } from './types.js'

/** An image behaviour, or a pull the registry refused for want of credentials. */
export type Lifecycle = ImageBehaviourName | 'unauthorized'

export interface ContainerRun {
  lifecycle: Lifecycle
  image: string
  containerName: string
  podName: string
  /** An init container: it runs to completion (exit 0) instead of serving and turning ready. */
  init?: boolean
  /**
   * When the image pull starts: the pod's start for an init container and for a pod without
   * any, else the moment the last init container completed — Infinity when one never does.
   */
  since: number
  /** When the run was cut short (pod stopped or failed); undefined while it goes on. */
  until?: number
}

export interface Snapshot {
  state: ContainerState
  lastState: ContainerState | null
  ready: boolean
  /** Restarts within this run. */
  restarts: number
  /** When the latest process started; undefined when none ever did. */
  startedAt?: number
}

export interface LogLine {
  at: number
  text: string
}

const MAX_BACKOFF_MS = 300_000
/** A readiness probe every 10 s, as the default periodSeconds. */
const PROBE_PERIOD_MS = 10_000
const MAX_GENERATED_ATTEMPTS = 50
const MAX_GENERATED_PROBES = 100

export const iso = (ms: number): string => new Date(ms).toISOString()

/** Back-off before retry n (0-based): base·2^n, capped at 5 minutes; never 0, so loops end. */
export function backoffMs(n: number, timings: Timings): number {
  return Math.max(1, Math.min(MAX_BACKOFF_MS, timings.backoffBaseMs * 2 ** Math.min(n, 30)))
}

const waiting = (reason: string, message?: string): ContainerState => ({
  waiting: message === undefined ? { reason } : { reason, message }
})

function pullError(run: ContainerRun): string {
  const ref = `failed to pull and unpack image "${run.image}": failed to resolve reference "${run.image}"`
  return run.lifecycle === 'unauthorized'
    ? `rpc error: code = Unknown desc = ${ref}: pull access denied: unauthorized: authentication required`
    : `rpc error: code = NotFound desc = ${ref}: ${run.image}: not found: manifest unknown`
}

/** What the container shows at `at` (clamped to the end of the run). */
export function snapshotAt(run: ContainerRun, at: number, timings: Timings): Snapshot {
  const now = Math.min(at, run.until ?? at)
  if (now < run.since)
    return {
      state: waiting('PodInitializing', 'waiting for the init containers to complete'),
      lastState: null,
      ready: false,
      restarts: 0
    }
  const pulled = run.since + timings.pullMs
  const creating: Snapshot = {
    state: waiting('ContainerCreating'),
    lastState: null,
    ready: false,
    restarts: 0
  }
  switch (run.lifecycle) {
    case 'invalid-name':
      return {
        ...creating,
        state: waiting(
          'InvalidImageName',
          `Failed to apply default image tag "${run.image}": couldn't parse image reference ` +
            `"${run.image}": invalid reference format`
        )
      }
    case 'ok':
    case 'never-ready':
      if (now < pulled) return creating
      if (run.init) return initRun(run, now, pulled, timings)
      return {
        state: { running: { startedAt: iso(pulled) } },
        lastState: null,
        ready: run.lifecycle === 'ok' && now >= pulled + timings.readyMs,
        restarts: 0,
        startedAt: pulled
      }
    case 'config-error':
      if (now < pulled) return creating
      return {
        ...creating,
        state: waiting(
          'CreateContainerConfigError',
          `Error: failed to create container "${run.containerName}": invalid configuration: ` +
            'couldn\'t find key "DATABASE_URL" in the container environment'
        )
      }
    case 'pod-error':
      if (now < pulled) return creating
      return {
        ...creating,
        state: {
          terminated: {
            reason: 'ContainerCannotRun',
            message: podErrorMessage(run),
            exitCode: 128,
            finishedAt: iso(pulled)
          }
        }
      }
    case 'never-pulls':
    case 'unauthorized':
      return now < pulled ? creating : failingPull(run, now, pulled, timings)
    case 'crash-loop':
      return now < pulled ? creating : crashLoop(run, now, pulled, timings)
  }
}

// An init container runs readyMs and exits 0 (a `never-ready` one runs for ever).
function initRun(run: ContainerRun, now: number, pulled: number, t: Timings): Snapshot {
  const completed = initCompletion(run, t)
  if (completed === undefined || now < completed)
    return {
      state: { running: { startedAt: iso(pulled) } },
      lastState: null,
      ready: false,
      restarts: 0,
      startedAt: pulled
    }
  return {
    state: {
      terminated: {
        reason: 'Completed',
        exitCode: 0,
        startedAt: iso(pulled),
        finishedAt: iso(completed)
      }
    },
    lastState: null,
    ready: false,
    restarts: 0,
    startedAt: pulled
  }
}

/** When an init container completes with exit 0; undefined when it never does. */
export function initCompletion(run: ContainerRun, timings: Timings): number | undefined {
  if (!run.init || run.lifecycle !== 'ok' || !Number.isFinite(run.since)) return undefined
  return run.since + timings.pullMs + timings.readyMs
}

// ErrImagePull for a pull's length after each failed attempt, then ImagePullBackOff until the next.
function failingPull(run: ContainerRun, now: number, firstFailure: number, t: Timings): Snapshot {
  const pullLength = Math.max(1, t.pullMs)
  for (let n = 0, failedAt = firstFailure; ; n++) {
    const backoffFrom = failedAt + pullLength
    const next = backoffFrom + backoffMs(n, t)
    if (now < backoffFrom)
      return {
        state: waiting('ErrImagePull', pullError(run)),
        lastState: null,
        ready: false,
        restarts: 0
      }
    if (now < next)
      return {
        state: waiting('ImagePullBackOff', `Back-off pulling image "${run.image}"`),
        lastState: null,
        ready: false,
        restarts: 0
      }
    failedAt = next
  }
}

// Each attempt runs crashAfterMs, exits 1, and waits a doubling back-off before the next one.
function crashLoop(run: ContainerRun, now: number, firstStart: number, t: Timings): Snapshot {
  let lastState: ContainerState | null = null
  for (let restarts = 0, started = firstStart; ;) {
    const crashed = started + Math.max(1, t.crashAfterMs)
    if (now < crashed)
      return {
        state: { running: { startedAt: iso(started) } },
        lastState,
        ready: false,
        restarts,
        startedAt: started
      }
    lastState = {
      terminated: {
        reason: 'Error',
        message: 'FATAL: DATABASE_URL is not set',
        exitCode: 1,
        startedAt: iso(started),
        finishedAt: iso(crashed)
      }
    }
    const backoff = backoffMs(restarts, t)
    restarts++
    if (now < crashed + backoff)
      return {
        state: waiting(
          'CrashLoopBackOff',
          `back-off ${Math.round(backoff / 1000)}s restarting failed ` +
            `container=${run.containerName} pod=${run.podName}`
        ),
        lastState,
        ready: false,
        restarts,
        startedAt: started
      }
    started = crashed + backoff
  }
}

export function podErrorMessage(run: ContainerRun): string {
  return (
    `failed to start container "${run.containerName}": OCI runtime create failed: ` +
    'runc create failed: unable to start container process: exec format error'
  )
}

/** When the container turns ready for good; undefined when it never will. */
export function readyTime(run: ContainerRun, timings: Timings): number | undefined {
  return run.lifecycle === 'ok' && !run.init && Number.isFinite(run.since)
    ? run.since + timings.pullMs + timings.readyMs
    : undefined
}

/** When a `pod-error` container takes its pod down; undefined for any other behaviour. */
export function podErrorTime(run: ContainerRun, timings: Timings): number | undefined {
  return run.lifecycle === 'pod-error' && Number.isFinite(run.since)
    ? run.since + timings.pullMs
    : undefined
}

/** The logs the container has written by `at`, oldest first. */
export function generatedLogs(run: ContainerRun, at: number, timings: Timings): LogLine[] {
  const end = Math.min(at, run.until ?? at)
  if (end < run.since) return []
  const app = appName(run.image)
  const started = run.since + timings.pullMs
  const lines: LogLine[] = []
  const say = (time: number, text: string): void => {
    if (time <= end) lines.push({ at: time, text: `${iso(time)} ${text}` })
  }
  const startup = (time: number): void => {
    say(time, `INFO  starting ${app} (image ${run.image})`)
    say(time, 'INFO  reading configuration from the environment')
  }
  switch (run.lifecycle) {
    case 'ok':
    case 'never-ready': {
      if (run.init) {
        say(started, `INFO  ${app}: init step started (image ${run.image})`)
        const completed = initCompletion(run, timings)
        if (completed !== undefined) say(completed, `INFO  ${app}: init step done`)
        break
      }
      startup(started)
      say(started + timings.readyMs / 2, 'INFO  listening on :80')
      const firstProbe = started + timings.readyMs
      if (run.lifecycle === 'ok') {
        say(firstProbe, 'INFO  GET /healthz 200 0.4ms (readiness probe)')
        break
      }
      const probes = end < firstProbe ? 0 : Math.floor((end - firstProbe) / PROBE_PERIOD_MS) + 1
      for (let n = Math.max(0, probes - MAX_GENERATED_PROBES); n < probes; n++)
        say(
          firstProbe + n * PROBE_PERIOD_MS,
          'WARN  GET /healthz 503 1.2ms: dependency "cache" is not reachable (readiness probe failed)'
        )
      break
    }
    case 'crash-loop': {
      const attempts: number[] = []
      for (let n = 0, time = started; time <= end; n++) {
        attempts.push(time)
        time += Math.max(1, timings.crashAfterMs) + backoffMs(n, timings)
      }
      for (const time of attempts.slice(-MAX_GENERATED_ATTEMPTS)) {
        startup(time)
        say(time + Math.max(1, timings.crashAfterMs), 'FATAL: DATABASE_URL is not set')
      }
      break
    }
    default:
      break // never started: nothing written
  }
  return lines
}

function appName(image: string): string {
  const last = image.split('/').pop() ?? image
  return last.split(/[:@]/)[0] || 'app'
}
