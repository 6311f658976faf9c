/**
 * operation: deploy — resolve the pods, plan every one of them (nothing is touched while any
 * plan is wrong), then rebuild-and-start them rolling, with readiness, fail-fast and rollback.
 */
import { podReport } from '../rollout/pod-report.js'
import { phaseOf } from '../rollout/health.js'
import { changeLines, planRebuilds, RebuildRollout } from '../rollout/rebuild-rollout.js'
import type { RebuildPlan } from '../rollout/rebuild-rollout.js'
import { resolveTargets } from '../rollout/targets.js'
import { patchesFor } from '../pod-spec/desired.js'
import type { Log } from '../log.js'
import type { OperationContext, OperationOutcome } from './context.js'

export async function deploy(ctx: OperationContext): Promise<OperationOutcome> {
  const { settings, client, log, cancellation } = ctx
  const change = settings.change
  if (!change) throw new Error('deploy needs a container change')
  const pods = await resolveTargets(client, settings.targets, settings.region, cancellation.signal)
  log.info(
    `Deploy to ${pods.length} pod${pods.length === 1 ? '' : 's'}: ${pods.map(pod => pod.podId).join(', ')}`
  )
  const plans = planRebuilds(pods, (pod, problems) => patchesFor(pod, change, problems))
  if (settings.dryRun) return dryRun(plans, log)
  return new RebuildRollout(ctx, { ...settings, rollbackScope: 'touched' }).run(plans)
}

/** The plan, field by field, and no mutating call at all. */
export function dryRun(plans: readonly RebuildPlan[], log: Log): OperationOutcome {
  for (const plan of plans)
    log.group(`Plan for ${plan.pod.podId}`, [...planSteps(plan), ...changeLines(plan)])
  return {
    result: 'planned',
    notes: ['dry-run: nothing was changed.'],
    pods: plans.map(plan =>
      podReport(plan.pod, 'planned', {
        changes: plan.spec.changes,
        message: planSteps(plan).join(' ')
      })
    )
  }
}

function planSteps(plan: RebuildPlan): string[] {
  const phase = phaseOf(plan.pod)
  if (plan.spec.changes.length === 0 && phase === 'running')
    return ['would leave it as is (already up to date, if ready)']
  const steps = [
    ...(phase === 'running'
      ? ['stopPod']
      : phase === 'stopped'
        ? []
        : [`wait for it to settle (now ${phase || 'unknown'})`]),
    'rebuildPod',
    'startPod',
    'wait until ready'
  ]
  return [`would: ${steps.join(' → ')}`]
}
