/**
 * operation: deploy — resolve the pods, plan every one of them (nothing is touched while any
 * plan is wrong), then rebuild-and-start them rolling, with readiness, fail-fast and rollback.
 */
import { patchesFor } from '../pod-spec/desired.js'
import { rollFleet } from '../rollout/fleet.js'
import { planRebuildRun, planRebuilds } from '../rollout/plan.js'
import { rebuildMove } from '../rollout/rebuild-move.js'
import { targetPods } from './context.js'
import type { OperationContext, OperationOutcome } from './context.js'
import { planGate, withGate } from './gate.js'
import { rolloutOptions } from './settings.js'
import { trafficFor } from './traffic.js'
import type { DeploySettings } from './settings.js'

export async function deploy(
  ctx: OperationContext,
  settings: DeploySettings
): Promise<OperationOutcome> {
  const { log } = ctx
  const pods = await targetPods(ctx, settings.targets, 'Deploy to')
  const plans = planRebuilds(pods, (pod, problems) => patchesFor(pod, settings.change, problems))
  const options = withGate(ctx, settings, rolloutOptions(settings, 'touched'))
  const traffic = await trafficFor(ctx, settings, pods, options)
  if (settings.dryRun) {
    const planned = planRebuildRun(plans, log, traffic)
    return { ...planned, notes: [...planned.notes, ...planGate(ctx, options, pods)] }
  }
  return rollFleet(ctx, plans, { ...options, traffic }, rebuildMove(ctx, options))
}
