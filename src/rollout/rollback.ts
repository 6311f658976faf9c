/**
 * After a failure: the pods to put back (the failed ones this run touched, and with scope
 * 'touched' every pod it updated, newest first, so the fleet ends on one version), put back
 * through the restore path in batches, each with the rollback's own budget. A pod restored but
 * not ready in time is told apart from one that could not be restored; only the latter needs
 * a person, and gets its exact previous containers in the log.
 */
import { restoreYaml } from '../pod-spec/restore-yaml.js'
import type { RolloutContext, RolloutOptions, RollbackOptions } from './context.js'
import { errorText, RolloutError } from './errors.js'
import { phaseOf } from './health.js'
import type { PodRun, RolloutOutcome } from './fleet.js'
import { podReport } from './pod-report.js'
import { restorePod } from './restore.js'

export async function rollBack(
  ctx: RolloutContext,
  options: RolloutOptions,
  rollback: RollbackOptions,
  runs: readonly PodRun[],
  failed: readonly PodRun[],
  failure: string,
  notes: string[]
): Promise<Omit<RolloutOutcome, 'pods'>> {
  const touched = (run: PodRun): boolean =>
    !run.gone &&
    run.previous !== undefined &&
    (run.rollout.progress.stoppedByUs || run.rollout.progress.rebuilt)
  const toRestore = [
    ...failed.filter(touched),
    ...(rollback.scope === 'touched'
      ? runs.filter(run => run.state === 'done' && touched(run)).reverse()
      : [])
  ]
  if (toRestore.length === 0)
    return {
      result: 'failed',
      notes,
      error: failed.some(run => run.gone)
        ? `${failure}. The deleted pod has nothing to roll back, and no other pod was changed.`
        : `${failure}. No pod was changed, so nothing was rolled back.`
    }
  ctx.log.info(
    `Rolling back ${toRestore.map(run => run.podId).join(', ')}: the previous containers go back`
  )
  const failedIds = failed.map(run => run.podId)
  // Behind a load balancer, one pod at a time, each back in service before the next goes out.
  const parallel = options.traffic ? 1 : options.maxParallel
  for (let start = 0; start < toRestore.length; start += parallel)
    await Promise.all(
      toRestore
        .slice(start, start + parallel)
        .map(run =>
          putBack(ctx, options, rollback, run, failed.includes(run) ? undefined : failedIds)
        )
    )
  if (ctx.cancellation.requested)
    return {
      result: 'cancelled',
      notes,
      error: `${failure}. The run was cancelled during the rollback; each pod’s row says where it was left.`
    }
  const unready = toRestore.filter(run => run.report.outcome === 'rolled-back-not-ready')
  const unrestored = toRestore.filter(run => run.report.outcome === 'rollback-failed')
  const left = toRestore.filter(run => run.report.outcome === 'not-rolled-back')
  const leftNote = left.map(run => ` ${run.podId} was NOT ROLLED BACK: ${run.report.message}.`)
  if (unrestored.length > 0)
    return {
      result: 'failed',
      notes,
      error: `${failure}. THE ROLLBACK FAILED for ${unrestored.map(run => run.podId).join(', ')}: the exact previous containers of each are printed in the job log, to restore by hand.${leftNote.join('')}`
    }
  if (left.length > 0) return { result: 'failed', notes, error: `${failure}.${leftNote.join('')}` }
  if (unready.length > 0)
    return {
      result: 'failed',
      notes,
      error: `${failure}. The previous containers were put back, but ${unready.map(run => run.podId).join(', ')} did not become ready within ${seconds(rollback.budgetMs)} s: check them (operation status).`
    }
  return {
    result: 'rolled-back',
    notes,
    error: `${failure}. The previous containers were put back.`
  }
}

/** Puts one pod back on its previous containers (and running state); rewrites its report. */
async function putBack(
  ctx: RolloutContext,
  options: RolloutOptions,
  rollback: RollbackOptions,
  run: PodRun,
  becauseOf: string[] | undefined
): Promise<void> {
  const { log } = ctx
  const previous = run.previous ?? []
  const why = becauseOf
    ? `rolled back because ${becauseOf.join(', ')} failed`
    : (run.report.message ?? 'failed')
  const deadline = ctx.clock.now() + rollback.budgetMs
  const { traffic } = options
  // Out of traffic while it is stopped and rebuilt: a pod the run put back is taken out again —
  // unless that would leave a group without a healthy target: then it stays, serving.
  try {
    await traffic?.takeOut(run.podId, deadline, 'restore')
  } catch (error) {
    const note = errorText(error)
    log.warning(`[${run.podId}] ${note}`)
    const message = becauseOf ? `${note} (${becauseOf.join(', ')} failed)` : `${why}; ${note}`
    run.report = { ...run.report, outcome: 'not-rolled-back', message }
    return
  }
  const restore = (): ReturnType<typeof restorePod> =>
    restorePod(
      ctx,
      { podId: run.podId, previous, wasRunning: run.wasRunning, progress: run.rollout.progress },
      {
        deadline,
        rebuildBack: true,
        awaitReady: true,
        failFastMs: options.failFastMs
      }
    )
  // One step on the timeline: a restore that did not land is recorded as not ok.
  const result = await run.rollout.steps
    .time('rollback', async () => {
      const outcome = await restore()
      if (outcome.state !== 'restored') throw outcome
      return outcome
    })
    .catch((outcome: Awaited<ReturnType<typeof restorePod>>) => outcome)
  const kept = {
    previous,
    tried: run.tried,
    diagnosis: run.report.diagnosis,
    changes: run.report.changes,
    ...(run.report.cause ? { cause: run.report.cause } : {})
  }
  if (result.state === 'restored') {
    log.info(
      `[${run.podId}] rolled back to its previous containers${run.wasRunning ? ' and ready' : ''}`
    )
    // Back in traffic once its previous containers are ready, and healthy on the balancer.
    await traffic
      ?.putBack(run.podId, { deadline, awaitHealthy: run.wasRunning, mode: 'restore' })
      .catch((error: Error) => traffic.noteFor(run.podId, `rolled back, but: ${error.message}`))
    run.report = podReport(result.pod, 'rolled-back', {
      ...kept,
      message: `${why}; put back on its previous containers`
    })
    return
  }
  if (result.state === 'restored-not-ready') {
    const note = `put back on its previous containers, but not ready within ${seconds(rollback.budgetMs)} s (${errorText(result.error)}); it may still become ready: check it with operation status`
    log.warning(`[${run.podId}] ${note}`)
    run.report = {
      ...(result.pod ? podReport(result.pod, 'rolled-back-not-ready', kept) : run.report),
      outcome: 'rolled-back-not-ready',
      message: `${why}; ${note}`
    }
    return
  }
  // A warning: the run's one ::error names the pods whose rollback failed.
  log.warning(
    `[${run.podId}] ROLLBACK FAILED: ${errorText(result.error)}. ${howToRestore(result.error)}`
  )
  log.group(
    `Previous containers of ${run.podId} (use as the containers input, or in rebuildPod)`,
    restoreYaml(previous).split('\n')
  )
  run.report = {
    ...run.report,
    outcome: 'rollback-failed',
    message: `${why}; rollback failed: ${errorText(result.error)}`,
    restoreSpec: previous
  }
}

/** JD Cloud stops only a running pod and rebuilds only a stopped one: a pod in error is stuck. */
function howToRestore(error: unknown): string {
  const stuck =
    error instanceof RolloutError && error.lastSeen && phaseOf(error.lastSeen) === 'error'
  return stuck
    ? 'The API can neither stop nor rebuild a pod in phase error: recreate it with the containers below.'
    : 'Restore it by hand: stop the pod, rebuild it with the containers below, start it.'
}

function seconds(ms: number): number {
  return Math.round(ms / 1000)
}
