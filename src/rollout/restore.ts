/**
 * The one path that puts a pod back: after a failure (the rollback) and after cancellation alike.
 * It runs as a `restore` rollout, which the first signal of cancellation does not cut short — only
 * the second signal, or the end of the grace period, does. Rebuilding back is asked for by the
 * rollback; a cancelled pod is only started again on what it has, since a start lands at once and
 * outlives the runner's few seconds of grace, and a rebuild does not.
 */
import type { Pod, RebuildContainerSpec } from '../jdcloud/types.js'
import { currentSpecs } from '../pod-spec/desired.js'
import { sameSpec } from '../pod-spec/diff.js'
import type { RolloutContext } from './context.js'
import { RolloutError } from './errors.js'
import type { Expectation } from './health.js'
import { phaseOf } from './health.js'
import { PodRollout } from './pod-rollout.js'
import type { PodProgress } from './pod-rollout.js'

/** A rollback's own budget is never shorter than this: a restore cut short is worse than slow. */
export const ROLLBACK_MINIMUM_MS = 3 * 60_000

export interface RestorePoint {
  podId: string
  /** The containers to put back; undefined when the run never changes containers (start, stop). */
  previous?: readonly RebuildContainerSpec[]
  wasRunning: boolean
  /** What the run did to the pod. */
  progress: PodProgress
}

export type RestoreResult =
  | { state: 'restored'; pod: Pod }
  /** Back on its previous containers (or started), but not ready by the deadline. */
  | { state: 'restored-not-ready'; pod?: Pod; error: unknown }
  | { state: 'not-restored'; error: unknown }

export async function restorePod(
  ctx: RolloutContext,
  point: RestorePoint,
  options: {
    deadline: number
    /** Rebuild onto the previous containers (the rollback), or only start it again (cancel). */
    rebuildBack: boolean
    /** Wait until ready (the rollback), or leave it starting (the seconds of grace after cancel). */
    awaitReady: boolean
    failFastMs: number
  }
): Promise<RestoreResult> {
  const rollout = new PodRollout(ctx, point.podId, options.deadline, 'restore')
  let putBack = false
  try {
    let pod = await rollout.settle()
    const previous = options.rebuildBack ? point.previous : undefined
    if (previous && (point.progress.rebuilt || !specsEqual(currentSpecs(pod), previous))) {
      if (phaseOf(pod) === 'error')
        throw new RolloutError(
          `${point.podId} is in phase error and cannot be stopped or rebuilt`,
          point.podId,
          'rollback',
          pod
        )
      if (phaseOf(pod) === 'running') await rollout.stop()
      pod = await rollout.rebuild(previous)
    }
    putBack = true
    if (!point.wasRunning) return { state: 'restored', pod }
    if (phaseOf(pod) !== 'running') await rollout.start()
    if (!options.awaitReady) return { state: 'restored', pod }
    const expected = previous ?? currentSpecs(pod)
    pod = await rollout.waitReady(expectationFor(expected, pod), options.failFastMs)
    return { state: 'restored', pod }
  } catch (error) {
    // Back on its containers and merely slow is not the same as failing there: only the
    // latter needs a person.
    return putBack && error instanceof RolloutError && error.timedOut
      ? { state: 'restored-not-ready', error }
      : { state: 'not-restored', error }
  }
}

/** Whether cancelling left anything to put back: the pod was stopped by this run and not started. */
export function needsRestartAfterCancel(point: RestorePoint): boolean {
  return point.wasRunning && point.progress.stoppedByUs && !point.progress.started
}

export function specsEqual(
  a: readonly RebuildContainerSpec[],
  b: readonly RebuildContainerSpec[]
): boolean {
  return (
    a.length === b.length &&
    a.every((spec, index) => sameSpec(spec, b[index] as RebuildContainerSpec))
  )
}

/**
 * The specs to expect, and the restart counts to measure restarts from: the counts of the pod as
 * last read before it was started (whether or not a rebuild reset them), so that restarts from
 * before this run are never read as a crash loop.
 */
export function expectationFor(
  specs: readonly RebuildContainerSpec[],
  beforeStart: Pod
): Expectation {
  const counts = new Map(
    (beforeStart.containers ?? []).map(container => [
      container.name,
      container.containerStatus?.restartCount ?? 0
    ])
  )
  return {
    specs: new Map(specs.map(spec => [spec.name, spec])),
    restartBaseline: new Map(specs.map(spec => [spec.name, counts.get(spec.name) ?? 0]))
  }
}
