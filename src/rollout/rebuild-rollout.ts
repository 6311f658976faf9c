/**
 * The rebuild-and-start rollout that deploy and rotate-secret share: per pod, read it fresh,
 * stop it if running, rebuild it on the new specs, start it and wait until every container is
 * ready; in batches of max-parallel; at the first failure, diagnose, stop the rollout and (by
 * default) put the previous containers back.
 */
import { Problems } from '../problems.js'
import type { Pod, RebuildContainerSpec } from '../jdcloud/types.js'
import type { RequestLedger } from '../report/ledger.js'
import type { PodReport, RunResult } from '../report/model.js'
import { podReport } from './pod-report.js'
import { currentSpecs, planPodSpec } from '../pod-spec/desired.js'
import type { PodSpecPlan } from '../pod-spec/desired.js'
import { sameSpec } from '../pod-spec/diff.js'
import type { ContainerPatch } from '../pod-spec/rules.js'
import { restoreYaml } from '../pod-spec/restore-yaml.js'
import { JdcloudError } from '../jdcloud/errors.js'
import { inspectFailure } from './diagnosis.js'
import { RolloutError } from './errors.js'
import { rollInBatches } from './fleet.js'
import { assessPod, phaseOf } from './health.js'
import type { Expectation } from './health.js'
import { newProgress, PodActions } from './pod-actions.js'
import type { PodProgress, RolloutContext } from './pod-actions.js'

export interface RebuildPlan {
  pod: Pod
  patches: ContainerPatch[]
  spec: PodSpecPlan
}

export interface RebuildRolloutOptions {
  timeoutMs: number
  failFastMs: number
  wait: boolean
  maxParallel: number
  logLines: number
  rollback: boolean
  /**
   * 'touched': put back every pod the run changed, so a failed deploy leaves the fleet on one
   * version; 'failed': only the failing pod (pods that proved a new secret keep it).
   */
  rollbackScope: 'touched' | 'failed'
}

export interface RolloutOutcome {
  result: RunResult
  pods: PodReport[]
  error?: string
  notes: string[]
}

interface PodRun {
  podId: string
  plan: RebuildPlan
  progress: PodProgress
  wasRunning: boolean
  /** Read right before the pod was touched: what a rollback restores. */
  previous: RebuildContainerSpec[]
  desired: RebuildContainerSpec[]
  report: PodReport
  state: 'updated' | 'unchanged' | 'failed' | 'cancelled'
  /** Deleted during the run: nothing to restore. */
  gone?: boolean
}

/** Plans every pod up front so that a bad change fails before the first pod is touched. */
export function planRebuilds(
  pods: readonly Pod[],
  patchesFor: (pod: Pod, problems: Problems) => ContainerPatch[]
): RebuildPlan[] {
  const problems = new Problems()
  const plans = pods.map(pod => {
    const patches = patchesFor(pod, problems)
    return { pod, patches, spec: planPodSpec(pod, patches, problems) }
  })
  problems.throwIfAny()
  return plans
}

export function changeLines(plan: RebuildPlan): string[] {
  if (plan.spec.changes.length === 0) return ['no field changes']
  return plan.spec.changes.map(
    change => `${change.container}.${change.field}: ${change.before} → ${change.after}`
  )
}

export class RebuildRollout {
  private readonly actions: PodActions

  constructor(
    private readonly ctx: RolloutContext & { ledger: RequestLedger },
    private readonly options: RebuildRolloutOptions
  ) {
    this.actions = new PodActions(ctx)
  }

  async run(plans: readonly RebuildPlan[]): Promise<RolloutOutcome> {
    const { cancellation } = this.ctx
    const fleet = await rollInBatches(
      plans,
      this.options.maxParallel,
      plan => this.update(plan),
      run => run.state === 'failed' || run.state === 'cancelled',
      () => cancellation.requested
    )
    const runs = fleet.results.map(({ result }) => result)
    const notes: string[] = []
    const failed = runs.filter(run => run.state === 'failed')
    const cancelled = cancellation.requested || runs.some(run => run.state === 'cancelled')
    const untouched = fleet.untouched.map(plan =>
      podReport(plan.pod, 'not-started', {
        message: cancelled
          ? 'not touched: the run was cancelled first'
          : 'not touched: the rollout stopped at the first failure'
      })
    )
    const reports = (): PodReport[] => [...runs.map(run => this.finalReport(run)), ...untouched]

    if (cancelled)
      return {
        result: 'cancelled',
        pods: reports(),
        notes,
        error: 'The run was cancelled; each pod’s row says where it was left.'
      }
    if (failed.length === 0) return { result: 'succeeded', pods: reports(), notes }

    const failure = failed.map(run => run.report.message).join('; ')
    if (!this.options.rollback) {
      notes.push('rollback is off: the failed pods were left as they are.')
      return { result: 'failed', pods: reports(), notes, error: failure }
    }
    for (const run of failed.filter(candidate => candidate.gone))
      notes.push(`${run.podId} was deleted during the run: there is nothing to roll back.`)
    const touched = (run: PodRun): boolean =>
      !run.gone && (run.progress.stoppedByUs || run.progress.rebuilt)
    const toRestore = [
      ...failed.filter(touched),
      ...(this.options.rollbackScope === 'touched'
        ? runs.filter(run => run.state === 'updated' && touched(run)).reverse()
        : [])
    ]
    if (toRestore.length === 0)
      return {
        result: 'failed',
        pods: reports(),
        notes,
        error: failed.some(run => run.gone)
          ? `${failure}. The deleted pod has nothing to roll back, and no other pod was changed.`
          : `${failure}. No pod was changed, so nothing was rolled back.`
      }
    this.ctx.log.warning(
      `Rolling back ${toRestore.map(run => run.podId).join(', ')} after: ${failure}`
    )
    await rollInBatches(
      toRestore,
      this.options.maxParallel,
      run => this.rollback(run, failed.includes(run) ? undefined : failed.map(f => f.podId)),
      () => false,
      () => cancellation.requested
    )
    if (cancellation.requested)
      return {
        result: 'cancelled',
        pods: reports(),
        notes,
        error: `${failure}. The run was cancelled during the rollback; each pod’s row says where it was left.`
      }
    const unrestored = toRestore.filter(run => run.report.outcome !== 'rolled-back')
    if (unrestored.length > 0)
      return {
        result: 'failed',
        pods: reports(),
        notes,
        error: `${failure}. THE ROLLBACK FAILED for ${unrestored.map(run => run.podId).join(', ')}: the exact previous containers of each are printed in the job log, to restore by hand.`
      }
    return {
      result: 'rolled-back',
      pods: reports(),
      notes,
      error: `${failure}. The previous containers were put back.`
    }
  }

  private finalReport(run: PodRun): PodReport {
    return { ...run.report, requestIds: this.ctx.ledger.forPod(run.podId) }
  }

  /** Brings one pod onto its desired specs; never throws, the run's state says how it went. */
  private async update(plan: RebuildPlan): Promise<PodRun> {
    const { clock, log } = this.ctx
    const podId = plan.pod.podId
    const deadline = clock.now() + this.options.timeoutMs
    const run: PodRun = {
      podId,
      plan,
      progress: newProgress(),
      wasRunning: phaseOf(plan.pod) === 'running',
      previous: plan.spec.previous,
      desired: plan.spec.desired,
      report: podReport(plan.pod, 'failed'),
      state: 'failed'
    }
    try {
      const pod = await this.actions.settle(podId, deadline)
      // Plan again on the pod as it is now: someone may have changed it since the run began.
      const problems = new Problems()
      const spec = planPodSpec(pod, plan.patches, problems)
      if (problems.count > 0)
        throw new RolloutError(
          `${podId} changed since the run began: ${problems.messages.join('; ')}`,
          podId,
          'plan',
          pod
        )
      run.previous = spec.previous
      run.desired = spec.desired
      run.wasRunning = phaseOf(pod) === 'running'
      if (phaseOf(pod) === 'error')
        throw new RolloutError(
          `${podId} is in phase error: JD Cloud stops only a running pod and rebuilds only a stopped one; repair or recreate it first`,
          podId,
          'plan',
          pod
        )
      if (specsEqual(spec.previous, spec.desired) && assessPod(pod).ready) {
        log.info(`[${podId}] already runs the requested containers and is ready: left as is`)
        run.state = 'unchanged'
        run.report = podReport(pod, 'unchanged', { message: 'already up to date' })
        return run
      }
      log.info(`[${podId}] ${changeLines({ ...plan, spec }).join('; ')}`)
      if (run.wasRunning) await this.actions.stop(podId, deadline, run.progress)
      const rebuilt = await this.actions.rebuild(podId, spec.desired, deadline, run.progress)
      const startedAt = clock.now()
      await this.actions.start(podId, deadline, run.progress)
      if (!this.options.wait) {
        run.state = 'updated'
        run.report = podReport(await this.actions.describe(podId), 'updated', {
          previous: run.previous,
          changes: spec.changes,
          message: 'started; readiness not awaited (wait: false)'
        })
        return run
      }
      const ready = await this.actions.waitReady(
        podId,
        expectationFor(spec.desired, rebuilt),
        deadline,
        this.options.failFastMs
      )
      const secondsToReady = Math.round((clock.now() - startedAt) / 100) / 10
      log.info(`[${podId}] ready ${secondsToReady}s after start`)
      run.state = 'updated'
      run.report = podReport(ready, 'updated', {
        previous: run.previous,
        changes: spec.changes,
        secondsToReady
      })
      return run
    } catch (error) {
      return this.recordFailure(run, error)
    }
  }

  private async recordFailure(run: PodRun, error: unknown): Promise<PodRun> {
    if (this.ctx.cancellation.requested) {
      run.state = 'cancelled'
      const note = await this.actions.restartAfterCancel(run.podId, run.progress, run.wasRunning)
      const pod = await this.actions.describeForReport(run.podId, run.plan.pod)
      run.report = podReport(pod, 'cancelled', { previous: run.previous, message: note })
      return run
    }
    run.state = 'failed'
    run.gone =
      (error instanceof RolloutError && error.gone) ||
      (error instanceof JdcloudError && error.httpStatus === 404)
    const { pod, message, diagnosis } = await inspectFailure(
      this.ctx,
      run.podId,
      error,
      this.options.logLines,
      run.plan.pod
    )
    run.report = podReport(pod, 'failed', {
      previous: run.previous,
      changes: run.plan.spec.changes,
      message,
      diagnosis
    })
    return run
  }

  /** Puts the previous containers back (and the pod's running state); true when verified. */
  private async rollback(run: PodRun, becauseOf?: string[]): Promise<boolean> {
    const { clock, log } = this.ctx
    const podId = run.podId
    const deadline = clock.now() + this.options.timeoutMs
    const progress = newProgress()
    const why = becauseOf
      ? `rolled back because ${becauseOf.join(', ')} failed`
      : run.report.message
    try {
      let pod = await this.actions.settle(podId, deadline)
      const rebuildNeeded = run.progress.rebuilt || !specsEqual(currentSpecs(pod), run.previous)
      if (rebuildNeeded) {
        if (phaseOf(pod) === 'error')
          throw new RolloutError(
            `${podId} is in phase error and cannot be stopped or rebuilt`,
            podId,
            'rollback',
            pod
          )
        if (phaseOf(pod) === 'running') await this.actions.stop(podId, deadline, progress)
        pod = await this.actions.rebuild(podId, run.previous, deadline, progress)
      }
      if (run.wasRunning) {
        if (phaseOf(pod) !== 'running') await this.actions.start(podId, deadline, progress)
        pod = await this.actions.waitReady(
          podId,
          expectationFor(run.previous, pod),
          deadline,
          this.options.failFastMs
        )
      }
      log.info(
        `[${podId}] rolled back to its previous containers${run.wasRunning ? ' and ready' : ''}`
      )
      run.report = podReport(pod, 'rolled-back', {
        previous: run.previous,
        message: `${why}; put back on its previous containers`,
        diagnosis: run.report.diagnosis,
        changes: run.report.changes
      })
      return true
    } catch (error) {
      const yaml = restoreYaml(run.previous)
      log.error(
        `[${podId}] ROLLBACK FAILED: ${(error as Error).message}. Restore it by hand: stop the pod, rebuild it with the containers below, start it.`
      )
      log.group(
        `Previous containers of ${podId} (use as the containers input, or in rebuildPod)`,
        yaml.split('\n')
      )
      run.report = {
        ...run.report,
        outcome: 'rollback-failed',
        message: `${why}; rollback failed: ${(error as Error).message}`,
        restoreSpec: run.previous
      }
      return false
    }
  }
}

function specsEqual(
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
function expectationFor(specs: readonly RebuildContainerSpec[], beforeStart: Pod): Expectation {
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
