/**
 * The move of deploy and rotate-secret on one pod: read it fresh, plan again on what it is now,
 * stop it if running, rebuild it on the full new specs, start it and wait until every app
 * container is ready on them. Throws on failure: the fleet engine reports and restores.
 */
import type { Pod } from '../jdcloud/types.js'
import { planPodSpec } from '../pod-spec/desired.js'
import { Problems } from '../problems.js'
import type { PodReport } from '../report/model.js'
import type { RolloutContext, RolloutOptions } from './context.js'
import { RolloutError } from './errors.js'
import type { PodMove } from './fleet.js'
import { assessPod, phaseOf } from './health.js'
import type { RebuildPlan } from './plan.js'
import { changeLines } from './plan.js'
import { podReport } from './pod-report.js'
import { expectationFor, specsEqual } from './restore.js'

export function rebuildMove(ctx: RolloutContext, options: RolloutOptions): PodMove<RebuildPlan> {
  return async (plan, run): Promise<PodReport> => {
    const { clock, log } = ctx
    const { podId, rollout } = run
    const pod = await rollout.settle()
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
    run.pod = pod
    run.previous = spec.previous
    run.tried = spec.desired
    run.changes = spec.changes
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
      return podReport(pod, 'unchanged', { message: 'already up to date' })
    }
    log.info(`[${podId}] ${changeLines(spec).join('; ')}`)
    await run.takeOut()
    if (run.wasRunning) await rollout.stop()
    else log.info(`[${podId}] is ${phaseOf(pod)}: no stop needed`)
    const rebuilt = await rollout.rebuild(spec.desired)
    const startedAt = clock.now()
    await rollout.start()
    const done = { previous: spec.previous, changes: spec.changes }
    if (!options.wait)
      return podReport(await rollout.describe(), 'updated', {
        ...done,
        message: 'started; readiness not awaited (wait: false)'
      })
    const ready: Pod = await rollout.waitReady(
      expectationFor(spec.desired, rebuilt),
      options.failFastMs
    )
    const secondsToReady = Math.round((clock.now() - startedAt) / 100) / 10
    log.info(`[${podId}] ready ${secondsToReady}s after start`)
    return podReport(ready, 'updated', { ...done, secondsToReady })
  }
}
