/**
 * What a described pod says about a rollout: ready, still on its way, or failing in a way that
 * waiting will not fix. Pure; the watcher feeds it and the steps act on it.
 */
import type { Container, ContainerState, Pod } from '../jdcloud/types.js'

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

/** Phases in which the pod is busy with a task and will move on by itself. */
export const SETTLED_PHASES = new Set(['running', 'stopped', 'error'])

export interface ContainerHealth {
  name: string
  image: string
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
  readyCount: number
  total: number
  restarts: number
  containers: ContainerHealth[]
  /** Running, every container ready, and (when expected) every container on its expected image. */
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

export function describeState(
  state: ContainerState | null | undefined
): Pick<ContainerHealth, 'state' | 'reason' | 'message' | 'exitCode'> {
  if (state?.waiting)
    return { state: 'waiting', reason: state.waiting.reason, message: state.waiting.message }
  if (state?.terminated)
    return {
      state: 'terminated',
      reason: state.terminated.reason,
      message: state.terminated.message,
      exitCode: state.terminated.exitCode
    }
  if (state?.running) return { state: 'running' }
  return { state: 'unknown' }
}

export function containerHealth(container: Container): ContainerHealth {
  const status = container.containerStatus
  const last = describeState(status?.lastState)
  return {
    name: container.name,
    image: container.image,
    ready: status?.ready === true,
    restartCount: status?.restartCount ?? 0,
    ...describeState(status?.state),
    ...(last.state === 'terminated'
      ? { lastTermination: `${last.reason ?? 'terminated'} (exit code ${last.exitCode ?? '?'})` }
      : {})
  }
}

export interface Expectation {
  /** Image each container must run for the pod to count as ready (guards against stale reads). */
  images?: ReadonlyMap<string, string>
  /** Restart counts when the wait began: a container restarting since then is crash-looping. */
  restartBaseline?: ReadonlyMap<string, number>
}

export function assessPod(pod: Pod, expectation: Expectation = {}): PodHealth {
  const phase = phaseOf(pod)
  const containers = (pod.containers ?? []).map(containerHealth)
  const readyCount = containers.filter(container => container.ready).length
  const imagesMatch =
    expectation.images === undefined ||
    containers.every(container => expectation.images?.get(container.name) === container.image)
  const health: PodHealth = {
    podId: pod.podId,
    phase,
    readyCount,
    total: containers.length,
    restarts: containers.reduce((sum, container) => sum + container.restartCount, 0),
    containers,
    ready:
      phase === 'running' &&
      containers.length > 0 &&
      readyCount === containers.length &&
      imagesMatch
  }
  health.failing = failingSign(pod, phase, containers, expectation)
  return health
}

function failingSign(
  pod: Pod,
  phase: string,
  containers: ContainerHealth[],
  expectation: Expectation
): string | undefined {
  if (phase === 'error') {
    const why = [pod.podStatus?.reason, pod.podStatus?.message].filter(Boolean).join(': ')
    return `pod phase is error${why ? ` (${why})` : ''}`
  }
  if (
    expectation.images &&
    phase === 'running' &&
    containers.length > 0 &&
    containers.every(c => c.ready)
  ) {
    const foreign = containers.find(c => expectation.images?.get(c.name) !== c.image)
    if (foreign)
      return `container ${foreign.name} runs ${foreign.image}, not ${expectation.images.get(foreign.name) ?? 'what was deployed'}: someone else changed the pod meanwhile`
  }
  for (const container of containers) {
    if (container.state === 'waiting' && container.reason && TERMINAL_REASONS.has(container.reason))
      return `container ${container.name}: ${container.reason}${container.message ? ` (${container.message})` : ''}`
    const baseline = expectation.restartBaseline?.get(container.name)
    if (baseline !== undefined && container.restartCount > baseline && !container.ready)
      return `container ${container.name} keeps restarting (${container.restartCount} restarts${
        container.lastTermination ? `, last: ${container.lastTermination}` : ''
      })`
  }
  return undefined
}

/** One line for the log: phase, readiness and restarts, so progress lines change only when these do. */
export function progressLine(health: PodHealth): string {
  const waiting = health.containers
    .filter(container => !container.ready && container.reason)
    .map(container => `${container.name}: ${container.reason}`)
  return `phase ${health.phase || 'unknown'}, ${health.readyCount}/${health.total} containers ready, ${
    health.restarts
  } restarts${waiting.length > 0 ? ` (${waiting.join(', ')})` : ''}`
}
