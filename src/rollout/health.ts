/**
 * What a described pod says about a rollout: ready, still on its way, or failing in a way that
 * waiting will not fix. Pure; the watcher feeds it and the steps act on it.
 */
import type { Container, ContainerState, Pod, RebuildContainerSpec } from '../jdcloud/types.js'
import { difference, echoMatches } from '../pod-spec/echo.js'
import { isInitContainer } from '../pod-spec/from-described.js'
import { capText } from '../text.js'

/** Waiting reasons that do not heal by waiting (Kubernetes' vocabulary, which JD Cloud reuses). */
export const TERMINAL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError'
])

/**
 * The only phase values a source confirms (lower-case, jdcloud-sdk-go PodClient's deletePod rule).
 * Any other phase is a task in progress — its spelling is undocumented, so none is relied on.
 */
export const SETTLED_PHASES = new Set(['running', 'stopped', 'error'])

/** A state's message or a pod's longer than this is cut (the API's own are a line or two). */
const MAX_MESSAGE_CHARS = 2000

export interface ContainerHealth {
  name: string
  image: string
  /** An init container: it runs to completion before the others, and is never "ready". */
  init: boolean
  /** An init container that ended with exit code 0: its healthy end. */
  completed: boolean
  ready: boolean
  restartCount: number
  state: 'running' | 'waiting' | 'terminated' | 'unknown'
  reason?: string
  message?: string
  exitCode?: number
  /** How the previous run of this container ended, when it restarted. */
  lastTermination?: string
}

export interface PodHealth {
  podId: string
  /** Lower-cased; '' when the API said nothing. */
  phase: string
  /** App containers ready, of all app containers (init containers are never ready). */
  readyCount: number
  total: number
  restarts: number
  containers: ContainerHealth[]
  /** Running, every app container ready, and (when expected) every container on its expected spec. */
  ready: boolean
  /** Set when the pod shows a state that waiting will not fix; says which and why. */
  failing?: string
}

export function phaseOf(pod: Pod | undefined): string {
  return (pod?.podStatus?.phase ?? '').toLowerCase()
}

export function isSettled(pod: Pod): boolean {
  return SETTLED_PHASES.has(phaseOf(pod))
}

/**
 * Which of running, waiting and terminated a state is. A Go server marshals ContainerState's
 * three parts as non-pointer structs (jdcloud-sdk-go services/pod/models/ContainerState.go), so
 * every part is present and the unset ones are empty (`"waiting":{"reason":"","message":""}`):
 * a part counts only when it carries a value. Empty strings are no reason or message.
 */
export function describeState(
  state: ContainerState | null | undefined
): Pick<ContainerHealth, 'state' | 'reason' | 'message' | 'exitCode'> {
  const { waiting, terminated, running } = state ?? {}
  if (isSet(waiting))
    return {
      state: 'waiting',
      ...text('reason', waiting.reason),
      ...text('message', waiting.message)
    }
  if (isSet(terminated))
    return {
      state: 'terminated',
      ...text('reason', terminated.reason),
      ...text('message', terminated.message),
      ...(typeof terminated.exitCode === 'number' ? { exitCode: terminated.exitCode } : {})
    }
  if (isSet(running)) return { state: 'running' }
  return { state: 'unknown' }
}

/** A state part with at least one value that is not its type's zero ('' , 0, false, null). */
function isSet<T extends object>(part: T | null | undefined): part is T {
  return (
    part !== null &&
    typeof part === 'object' &&
    Object.values(part).some(
      value => value !== '' && value !== 0 && value !== false && value != null
    )
  )
}

const text = <K extends string>(key: K, value: unknown): Partial<Record<K, string>> =>
  typeof value === 'string' && value !== '' ? ({ [key]: value } as Record<K, string>) : {}

export function containerHealth(container: Container): ContainerHealth {
  const status = container.containerStatus
  const last = describeState(status?.lastState)
  const state = describeState(status?.state)
  const init = isInitContainer(container)
  return {
    name: container.name,
    image: container.image,
    init,
    completed: init && state.state === 'terminated' && state.exitCode === 0,
    ready: status?.ready === true,
    restartCount: status?.restartCount ?? 0,
    ...state,
    // A waiting message from the API is capped before any rule, log or summary reads it.
    ...(state.message ? { message: capText(state.message, MAX_MESSAGE_CHARS) } : {}),
    ...(last.state === 'terminated'
      ? { lastTermination: `${last.reason ?? 'terminated'} (exit code ${last.exitCode ?? '?'})` }
      : {})
  }
}

export interface Expectation {
  /**
   * The spec each named container must run — every field, as the API echoes it — for the pod to
   * count as ready: a stale read, a change that never landed, or someone else's change is not ready.
   */
  specs?: ReadonlyMap<string, RebuildContainerSpec>
  /** Restart counts when the wait began: a container restarting since then is crash-looping. */
  restartBaseline?: ReadonlyMap<string, number>
}

export function assessPod(pod: Pod, expectation: Expectation = {}): PodHealth {
  const phase = phaseOf(pod)
  const containers = (pod.containers ?? []).map(containerHealth)
  const apps = containers.filter(container => !container.init)
  const readyCount = apps.filter(container => container.ready).length
  const health: PodHealth = {
    podId: pod.podId,
    phase,
    readyCount,
    total: apps.length,
    restarts: containers.reduce((sum, container) => sum + container.restartCount, 0),
    containers,
    ready:
      phase === 'running' &&
      apps.length > 0 &&
      readyCount === apps.length &&
      foreignContainer(pod, expectation) === undefined
  }
  health.failing = failingSign(pod, phase, containers, expectation)
  return health
}

/** The first container that does not run its expected spec, and the field that differs. */
function foreignContainer(
  pod: Pod,
  expectation: Expectation
): { name: string; how: string } | undefined {
  for (const [name, spec] of expectation.specs ?? []) {
    const container = pod.containers?.find(c => c.name === name)
    if (!container) return { name, how: 'is missing' }
    if (!echoMatches(spec, container)) return { name, how: difference(spec, container) }
  }
  return undefined
}

function failingSign(
  pod: Pod,
  phase: string,
  containers: ContainerHealth[],
  expectation: Expectation
): string | undefined {
  if (phase === 'error') {
    const why = capText(
      [pod.podStatus?.reason, pod.podStatus?.message].filter(Boolean).join(': '),
      MAX_MESSAGE_CHARS
    )
    return `pod phase is error${why ? ` (${why})` : ''}`
  }
  const apps = containers.filter(c => !c.init)
  if (phase === 'running' && apps.length > 0 && apps.every(c => c.ready)) {
    const foreign = foreignContainer(pod, expectation)
    if (foreign)
      return `container ${foreign.name} ${foreign.how}: the change did not land, or someone else changed the pod meanwhile`
  }
  for (const container of containers) {
    const kind = container.init ? 'init container' : 'container'
    if (container.state === 'waiting' && container.reason && TERMINAL_REASONS.has(container.reason))
      return `${kind} ${container.name}: ${container.reason}${container.message ? ` (${container.message})` : ''}`
    // An init container that exits non-zero keeps the app containers from ever starting.
    if (container.init && container.state === 'terminated' && container.exitCode !== 0)
      return `init container ${container.name} failed: ${container.reason ?? 'terminated'} (exit code ${container.exitCode ?? '?'})${container.message ? `: ${container.message}` : ''}`
    const baseline = expectation.restartBaseline?.get(container.name)
    if (baseline !== undefined && container.restartCount > baseline && !container.ready)
      return `${kind} ${container.name} keeps restarting (${container.restartCount} restarts${
        container.lastTermination ? `, last: ${container.lastTermination}` : ''
      })`
  }
  return undefined
}

/** One line for the log: phase, readiness and restarts, so progress lines change only when these do. */
export function progressLine(health: PodHealth): string {
  const waiting = health.containers
    .filter(container => !container.ready && !container.completed && container.reason)
    .map(container => `${container.init ? 'init ' : ''}${container.name}: ${container.reason}`)
  const inits = health.containers.filter(container => container.init)
  const initPart =
    inits.length === 0
      ? ''
      : `, init ${inits.filter(container => container.completed).length}/${inits.length} done`
  return `phase ${health.phase || 'unknown'}, ${health.readyCount}/${health.total} containers ready${initPart}, ${
    health.restarts
  } restarts${waiting.length > 0 ? ` (${waiting.join(', ')})` : ''}`
}
