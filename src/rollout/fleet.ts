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
import type { PodReport, RunResult, VerificationReport } from '../report/model.js'
import type { RolloutContext, RolloutOptions } from './context.js'
import { inspectFailure } from './diagnosis.js'
import { errorText, RolloutError } from './errors.js'
import { phaseOf } from './health.js'
import { podReport, refreshReports } from './pod-report.js'
import { PodRollout } from './pod-rollout.js'
import { rollBack } from './rollback.js'
import { verifyBatch } from './verification.js'
import { failureCause } from './failure-cause.js'
import { needsRestartAfterCancel, restorePod } from './restore.js'

export interface RolloutOutcome {
  result: RunResult
  pods: PodReport[]
  error?: string
  /** Why the run stopped, when no pod's failure says it (the balancer before a batch). */
  cause?: PodReport['cause']
  notes: string[]
  verifications?: VerificationReport[]
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
  /** The containers the move tried to put on the pod. */
  tried?: RebuildContainerSpec[]
  changes?: FieldChange[]
  state: 'done' | 'unchanged' | 'failed' | 'cancelled'
  report: PodReport
  /** Deleted during the run: nothing to restore. */
  gone?: boolean
  /** Behind load balancers: take the pod out of traffic, right before its first change. */
  takeOut: () => Promise<void>
  /** What the verification gate saw of this pod; kept apart, since a rollback rewrites the report. */
  verify?: PodReport['verify']
  /** Its batch, 1-based. */
  batch?: number
}

/** Moves one pod and says how it ended; throws when it failed (the engine reports and restores). */
export type PodMove<T> = (item: T, run: PodRun) => Promise<PodReport>

export async function rollFleet<T extends { pod: Pod }>(
  ctx: RolloutContext,
  items: readonly T[],
  options: RolloutOptions,
  move: PodMove<T>
): Promise<RolloutOutcome> {
  const { cancellation, traffic } = { ...ctx, ...options }
  const runs: PodRun[] = []
  let untouched: T[] = []
  let stopped: { error: string; cause: PodReport['cause'] } | undefined
  const verifications: VerificationReport[] = []
  const planned = batches(items, options)
  for (const [index, batch] of planned.entries()) {
    const later = (): T[] => planned.slice(index).flat()
    if (cancellation.requested) {
      untouched = later()
      break
    }
    if (traffic)
      try {
        const ids = batch.map(item => item.pod.podId)
        await traffic.beforeBatch(ids, ctx.clock.now() + options.timeoutMs)
      } catch (error) {
        untouched = later()
        stopped = cancellation.requested
          ? undefined
          : { error: errorText(error), cause: failureCause(error) }
        break
      }
    const done = await Promise.all(batch.map(item => runOne(ctx, options, item, move)))
    for (const run of done) run.batch = index + 1
    runs.push(...done)
    if (done.every(run => run.state === 'done' || run.state === 'unchanged') && options.gate)
      verifications.push(await verifyBatch(options.gate, done, index + 1))
    if (done.some(run => run.state === 'failed' || run.state === 'cancelled')) {
      untouched = planned.slice(index + 1).flat()
      break
    }
  }
  const outcome = stopped
    ? { result: 'failed' as const, notes: [], ...stopped }
    : await conclude(ctx, options, runs)
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
    runs.map(run => {
      const balancer = traffic?.report(run.podId)
      return {
        ...run.report,
        requestIds: ctx.ledger.about(run.podId),
        batch: run.batch,
        steps: run.rollout.steps.records,
        ...(balancer ? { balancer } : {}),
        ...(run.verify ? { verify: run.verify } : {})
      }
    })
  )
  return {
    ...outcome,
    pods: [...reports, ...notStarted],
    ...(options.gate ? { verifications } : {})
  }
}

/** Batches of maxParallel pods, the first of `canary` pods when a canary is asked for. */
export function batches<T>(
  items: readonly T[],
  options: Pick<RolloutOptions, 'maxParallel' | 'canary'>
): T[][] {
  const result: T[][] = []
  const first = Math.min(options.canary ?? options.maxParallel, items.length)
  if (first > 0) result.push(items.slice(0, first))
  for (let start = first; start < items.length; start += options.maxParallel)
    result.push(items.slice(start, start + options.maxParallel))
  return result
}

/** One pod through its move; never throws: the run's state and report say how it went. */
async function runOne<T extends { pod: Pod }>(
  ctx: RolloutContext,
  options: RolloutOptions,
  item: T,
  move: PodMove<T>
): Promise<PodRun> {
  const podId = item.pod.podId
  const deadline = ctx.clock.now() + options.timeoutMs
  const { traffic } = options
  const rollout = new PodRollout(ctx, podId, deadline, 'forward')
  // Only a pod the balancers serve has a step in and out of traffic.
  const balanced = traffic?.report(podId) !== undefined
  const run: PodRun = {
    podId,
    pod: item.pod,
    rollout,
    wasRunning: phaseOf(item.pod) === 'running',
    state: 'failed',
    report: podReport(item.pod, 'failed'),
    takeOut: async () => {
      if (traffic && balanced && !traffic.isOut(podId))
        await rollout.steps.time('out of traffic', () =>
          traffic.takeOut(podId, deadline, 'forward')
        )
    }
  }
  try {
    run.report = await move(item, run)
    // Back in traffic only once the balancer itself says the pod is healthy again.
    if (traffic?.isOut(podId))
      await rollout.steps.time('healthy on the balancer', () =>
        traffic.putBack(podId, { deadline, awaitHealthy: options.wait, mode: 'forward' })
      )
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
      tried: run.tried,
      changes: run.changes,
      message,
      diagnosis,
      cause: failureCause(error, diagnosis)
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
  // Before anything else: what was taken out of traffic goes back in (the balancer's own health
  // check keeps a pod that is not ready out of rotation).
  await putBackAnyway(options, run.podId, 'cancelled: put back without waiting for health')
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
  return podReport(pod, 'cancelled', {
    previous: run.previous,
    tried: run.tried,
    changes: run.changes,
    message: note
  })
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
  if (options.rollback === undefined || options.rollback === 'off') {
    if (options.rollback === 'off')
      notes.push('rollback is off: the failed pods were left as they are.')
    await putBackEveryPodLeftOut(options, runs)
    return { result: 'failed', notes, error: failure }
  }
  for (const run of failed.filter(candidate => candidate.gone))
    notes.push(`${run.podId} was deleted during the run: there is nothing to roll back.`)
  const outcome = await rollBack(ctx, options, options.rollback, runs, failed, failure, notes)
  await putBackEveryPodLeftOut(options, runs)
  return outcome
}

/**
 * A pod left out of traffic — failed with rollback off, or not restored — is put back anyway: the
 * balancer's own health check keeps a broken pod out of rotation, and a person should not have to
 * find and re-register it. The summary says so.
 */
async function putBackEveryPodLeftOut(
  options: RolloutOptions,
  runs: readonly PodRun[]
): Promise<void> {
  for (const run of runs)
    await putBackAnyway(
      options,
      run.podId,
      'put back after it failed, without waiting for health: the balancer’s health check keeps it out while it is broken'
    )
}

async function putBackAnyway(options: RolloutOptions, podId: string, note: string): Promise<void> {
  const { traffic } = options
  if (!traffic?.isOut(podId)) return
  traffic.noteFor(podId, note)
  await traffic
    .putBack(podId, { deadline: Number.POSITIVE_INFINITY, awaitHealthy: false, mode: 'restore' })
    .catch((error: Error) => traffic.noteFor(podId, `NOT PUT BACK: ${error.message}`))
}
