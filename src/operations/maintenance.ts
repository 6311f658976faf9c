/**
 * operation: start, stop, restart — the deploy's careful machinery without a rebuild, for
 * scheduled jobs: pods already where the operation would take them are reported, not touched;
 * the rest are moved rolling (max-parallel), waited on, and the first failure ends the run.
 */
import type { Pod } from '../jdcloud/types.js'
import type { PodReport } from '../report/model.js'
import { currentSpecs } from '../pod-spec/desired.js'
import { RolloutError } from '../rollout/errors.js'
import { rollFleet } from '../rollout/fleet.js'
import type { PodMove } from '../rollout/fleet.js'
import { phaseOf } from '../rollout/health.js'
import { planMaintenanceRun } from '../rollout/plan.js'
import { podReport } from '../rollout/pod-report.js'
import { expectationFor } from '../rollout/restore.js'
import { targetPods } from './context.js'
import type { OperationContext, OperationOutcome } from './context.js'
import { rolloutOptions } from './settings.js'
import { trafficFor } from './traffic.js'
import type { MaintenanceSettings } from './settings.js'

export async function maintain(
  ctx: OperationContext,
  settings: MaintenanceSettings
): Promise<OperationOutcome> {
  const { operation } = settings
  const pods = await targetPods(ctx, settings.targets, operation)
  const options = rolloutOptions(settings, 'none')
  const traffic = await trafficFor(ctx, settings, pods, options)
  if (settings.dryRun) return planMaintenanceRun(operation, pods, traffic)
  return rollFleet(
    ctx,
    pods.map(pod => ({ pod })),
    { ...options, traffic },
    maintenanceMove(ctx, settings)
  )
}

function maintenanceMove(
  ctx: OperationContext,
  settings: MaintenanceSettings
): PodMove<{ pod: Pod }> {
  const { operation } = settings
  return async (_item, run): Promise<PodReport> => {
    const { podId, rollout } = run
    let pod = await rollout.settle()
    run.pod = pod
    run.wasRunning = phaseOf(pod) === 'running'
    if (phaseOf(pod) === 'error')
      throw new RolloutError(
        `${podId} is in phase error: JD Cloud starts only a stopped pod and stops only a running one; repair or recreate it`,
        podId,
        operation,
        pod
      )
    if (operation === 'stop') {
      if (!run.wasRunning)
        return podReport(pod, 'already-stopped', { message: 'was already stopped' })
      if (!settings.wait) {
        await rollout.requestStop()
        return podReport(await rollout.describe(), 'stopped', {
          message: 'stop requested; not waited for (wait: false)'
        })
      }
      pod = await rollout.stop()
      ctx.log.info(`[${podId}] stopped`)
      return podReport(pod, 'stopped')
    }
    if (operation === 'start' && run.wasRunning)
      return podReport(pod, 'already-running', { message: 'was already running: left alone' })
    const before = pod
    if (run.wasRunning) {
      await run.takeOut()
      pod = await rollout.stop()
    }
    const startedAt = ctx.clock.now()
    await rollout.start()
    const outcome = operation === 'start' ? 'started' : 'restarted'
    if (!settings.wait)
      return podReport(await rollout.describe(), outcome, {
        message: 'started; readiness not awaited (wait: false)'
      })
    // The same containers as before, restarts counted from the pod as it was before the start.
    pod = await rollout.waitReady(expectationFor(currentSpecs(before), pod), settings.failFastMs)
    const secondsToReady = Math.round((ctx.clock.now() - startedAt) / 100) / 10
    ctx.log.info(`[${podId}] ready ${secondsToReady}s after start`)
    return podReport(pod, outcome, { secondsToReady })
  }
}
