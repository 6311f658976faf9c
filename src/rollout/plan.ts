/**
 * Plans, made before anything is touched: every pod's containers checked in full (a bad change
 * fails before the first pod moves), and for a dry run the steps and field changes, with no
 * mutating call at all. Pure.
 */
import type { Pod } from '../jdcloud/types.js'
import type { Log } from '../log.js'
import { planPodSpec } from '../pod-spec/desired.js'
import type { PodSpecPlan } from '../pod-spec/desired.js'
import type { ContainerPatch } from '../pod-spec/rules.js'
import { Problems } from '../problems.js'
import type { Traffic } from './context.js'
import type { RolloutOutcome } from './fleet.js'
import { phaseOf } from './health.js'
import { podReport } from './pod-report.js'

export interface RebuildPlan {
  pod: Pod
  patches: ContainerPatch[]
  spec: PodSpecPlan
}

export type Maintenance = 'start' | 'stop' | 'restart'

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

export function changeLines(spec: PodSpecPlan): string[] {
  if (spec.changes.length === 0) return ['no field changes']
  return spec.changes.map(
    change => `${change.container}.${change.field}: ${change.before} → ${change.after}`
  )
}

/** The plan of a rebuild, field by field, in the log and the reports; nothing is called. */
export function planRebuildRun(
  plans: readonly RebuildPlan[],
  log: Log,
  traffic?: Traffic
): RolloutOutcome {
  const steps = (plan: RebuildPlan): string[] => [
    ...rebuildSteps(plan),
    ...(traffic?.planLines(plan.pod.podId) ?? [])
  ]
  for (const plan of plans)
    log.group(`Plan for ${plan.pod.podId}`, [...steps(plan), ...changeLines(plan.spec)])
  return {
    result: 'planned',
    notes: ['dry-run: nothing was changed.'],
    pods: plans.map(plan => {
      const balancer = traffic?.report(plan.pod.podId)
      return podReport(plan.pod, 'planned', {
        changes: plan.spec.changes,
        message: steps(plan).join(' '),
        ...(balancer ? { balancer } : {})
      })
    })
  }
}

/** The plan of a start, stop or restart: what would be done to each pod; nothing is called. */
export function planMaintenanceRun(
  operation: Maintenance,
  pods: readonly Pod[],
  traffic?: Traffic
): RolloutOutcome {
  return {
    result: 'planned',
    notes: ['dry-run: nothing was changed.'],
    pods: pods.map(pod => {
      const balancer = traffic?.report(pod.podId)
      return podReport(pod, 'planned', {
        message: [
          `would ${maintenanceStep(operation, pod)}`,
          ...(traffic?.planLines(pod.podId) ?? [])
        ].join(' '),
        ...(balancer ? { balancer } : {})
      })
    })
  }
}

function rebuildSteps(plan: RebuildPlan): string[] {
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

function maintenanceStep(operation: Maintenance, pod: Pod): string {
  const phase = phaseOf(pod)
  if (operation === 'start')
    return phase === 'running' ? 'leave it running' : 'startPod, then wait until ready'
  if (operation === 'stop')
    return phase === 'stopped' ? 'leave it stopped' : 'stopPod, then wait until stopped'
  return phase === 'stopped'
    ? 'startPod, then wait until ready'
    : 'stopPod → startPod, then wait until ready'
}
