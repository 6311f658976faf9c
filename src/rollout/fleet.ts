/**
 * The one fleet engine every operation that moves pods stands on: pods in batches of
 * `maxParallel`, the next batch only when the whole batch before it finished well; at the first
 * failure the batch in flight finishes, untouched pods stay untouched and (by default) the touched
 * ones are put back; on cancellation no new step begins and a pod left stopped is started again.
 * An operation describes only the moves it makes on one pod; the wording of outcomes is here.
 */
import type { Pod, RebuildContainerSpec } from '../jdcloud/types.js'
import { JdcloudError } from '../jdcloud/errors.js'
import type { FieldChange } from '../pod-spec/diff.js'
import type { PodReport, RunResult } from '../report/model.js'
import type { RolloutContext, RolloutOptions } from './context.js'
import { inspectFailure } from './diagnosis.js'
import { errorText, RolloutError } from './errors.js'
import { phaseOf } from './health.js'
import { podReport, refreshReports } from './pod-report.js'
import { PodRollout } from './pod-rollout.js'
import { rollBack } from './rollback.js'
import { needsRestartAfterCancel, restorePod } from './restore.js'

export interface RolloutOutcome {
  result: RunResult
  pods: PodReport[]
  error?: string
  notes: string[]
}

/** One pod's run: what its move has learnt and done, for the report and for putting it back. */
export interface PodRun {
  podId: string
  /** The pod as last read before the run touched it. */
  pod: Pod
  rollout: PodRollout
  wasRunning: boolean
  /** The containers before the change, once the move has read them: what a rollback restores. */
  previous?: RebuildContainerSpec[]
  changes?: FieldChange[]
  state: 'done' | 'unchanged' | 'failed' | 'cancelled'
  report: PodReport
  /** Deleted during the run: nothing to restore. */
  gone?: boolean
}

/** Moves one pod and says how it ended; throws when it failed (the engine reports and restores). */
export type PodMove<T> = (item: T, run: PodRun) => Promise<PodReport>

export async function rollFleet<T extends { pod: Pod }>(
  ctx: RolloutContext,
  items: readonly T[],
  options: RolloutOptions,
  move: PodMove<T>
): Promise<RolloutOutcome> {
  const { cancellation } = ctx
  const runs: PodRun[] = []
  let untouched: T[] = []
  for (let start = 0; start < items.length; start += options.maxParallel) {
    if (cancellation.requested) {
      untouched = items.slice(start)
      break
    }
    const batch = items.slice(start, start + options.maxParallel)
    const done = await Promise.all(batch.map(item => runOne(ctx, options, item, move)))
    runs.push(...done)
    if (done.some(run => run.state === 'failed' || run.state === 'cancelled')) {
      untouched = items.slice(start + options.maxParallel)
      break
    }
  }
  const outcome = await conclude(ctx, options, runs)
  const cancelled = cancellation.requested || runs.some(run => run.state === 'cancelled')
  const notStarted = untouched.map(item =>
    podReport(item.pod, 'not-started', {
      message: cancelled
        ? 'not touched: the run was cancelled first'
        : 'not touched: the rollout stopped at the first failure'
    })
  )
  // The outputs say where each pod really is at the end, not where it was last seen.
  const reports = await refreshReports(
    ctx,
    runs.map(run => ({ ...run.report, requestIds: ctx.ledger.about(run.podId) }))
  )
  return { ...outcome, pods: [...reports, ...notStarted] }
}

/** One pod through its move; never throws: the run's state and report say how it went. */
async function runOne<T extends { pod: Pod }>(
  ctx: RolloutContext,
  options: RolloutOptions,
  item: T,
  move: PodMove<T>
): Promise<PodRun> {
  const podId = item.pod.podId
  const run: PodRun = {
    podId,
    pod: item.pod,
    rollout: new PodRollout(ctx, podId, ctx.clock.now() + options.timeoutMs, 'forward'),
    wasRunning: phaseOf(item.pod) === 'running',
    state: 'failed',
    report: podReport(item.pod, 'failed')
  }
  try {
    run.report = await move(item, run)
    run.state = run.report.outcome === 'unchanged' ? 'unchanged' : 'done'
  } catch (error) {
    if (ctx.cancellation.requested) {
      run.state = 'cancelled'
      run.report = await restartAfterCancel(ctx, options, run)
      return run
    }
    run.state = 'failed'
    run.gone =
      (error instanceof RolloutError && error.gone) ||
      (error instanceof JdcloudError && error.httpStatus === 404)
    const { pod, message, diagnosis } = await inspectFailure(
      ctx,
      podId,
      error,
      options.logLines,
      run.pod
    )
    run.report = podReport(pod, 'failed', {
      previous: run.previous,
      changes: run.changes,
      message,
      diagnosis
    })
  }
  return run
}

/**
 * After cancellation no forward step starts, but a pod this run stopped is started again (a
 * stopped pod serves no one), on whatever containers it has now. Says what it did.
 */
async function restartAfterCancel(
  ctx: RolloutContext,
  options: RolloutOptions,
  run: PodRun
): Promise<PodReport> {
  const { progress } = run.rollout
  const point = { podId: run.podId, previous: run.previous, wasRunning: run.wasRunning, progress }
  let note: string
  if (!needsRestartAfterCancel(point))
    note = progress.started
      ? 'cancelled after it was started; readiness not verified'
      : 'cancelled before this run changed it'
  else {
    const containers = progress.rebuilt ? 'the new containers' : 'its previous containers'
    const result = await restorePod(ctx, point, {
      deadline: Number.POSITIVE_INFINITY, // the end of the grace period stops it
      rebuildBack: false,
      awaitReady: false,
      failFastMs: options.failFastMs
    })
    note =
      result.state === 'restored'
        ? `cancelled after it was stopped; started it again on ${containers} (readiness not verified)`
        : `cancelled after it was stopped; it could not be started again in time (${errorText(result.error)}): run operation start, or the deploy again`
  }
  ctx.log.warning(`[${run.podId}] ${note}`)
  const pod = await run.rollout.describeForReport(run.pod)
  return podReport(pod, 'cancelled', { previous: run.previous, message: note })
}

/** The run's result and its wording, once every batch has ended; the rollback when asked for. */
async function conclude(
  ctx: RolloutContext,
  options: RolloutOptions,
  runs: PodRun[]
): Promise<Omit<RolloutOutcome, 'pods'>> {
  const notes: string[] = []
  const failed = runs.filter(run => run.state === 'failed')
  if (ctx.cancellation.requested || runs.some(run => run.state === 'cancelled'))
    return {
      result: 'cancelled',
      notes,
      error: 'The run was cancelled; each pod’s row says where it was left.'
    }
  if (failed.length === 0) return { result: 'succeeded', notes }
  const failure = failed.map(run => run.report.message).join('; ')
  if (options.rollback === undefined) return { result: 'failed', notes, error: failure }
  if (options.rollback === 'off') {
    notes.push('rollback is off: the failed pods were left as they are.')
    return { result: 'failed', notes, error: failure }
  }
  for (const run of failed.filter(candidate => candidate.gone))
    notes.push(`${run.podId} was deleted during the run: there is nothing to roll back.`)
  return rollBack(ctx, options, options.rollback, runs, failed, failure, notes)
}
