/**
 * What a balanced rollout reads before any change, and the checks that make it an input error
 * rather than an outage: every listed target group exists (looked up as alb, nlb and dnlb: the
 * list call's type filter defaults to alb), every target pod has a target in one of them, and no
 * planned batch holds every target of a group — a one-pod service cannot be updated without
 * downtime, and the action says so instead of doing it — and every pod's drain fits in timeout.
 *
 * How a target leaves traffic depends on the group's type: an alb target is set to weight 0 and
 * stays registered ("0表示不参与流量转发，仅alb支持权重为0的target", jdcloud-sdk-go
 * services/lb/models/TargetSpec.go); nlb and dnlb refuse weight 0, so their targets are
 * deregistered, and an nlb backend keeps a removed target's connections for its own
 * connectionDrainingSeconds ("【nlb】连接耗尽超时", models/Backend.go), which the drain waits out.
 */
import type { Backend, Target, TargetGroup, TargetHealth, TargetSpec } from '../jdcloud/lb-types.js'
import { LOAD_BALANCER_TYPES } from '../jdcloud/lb-types.js'
import type { LoadBalancerType } from '../jdcloud/lb-types.js'
import type { Pod } from '../jdcloud/types.js'
import { podLabel } from '../pod-spec/desired.js'
import { Problems } from '../problems.js'
import type { BalancerContext, BalancingSettings } from './balancer.js'

export interface Group {
  id: string
  group: TargetGroup
  type: LoadBalancerType
  /** The backends (listeners' pools) that send this group traffic. */
  backends: Backend[]
  targets: Target[]
  /** How a target leaves traffic: weight 0 (alb), or deregistration (nlb, dnlb). */
  leaves: 'by-weight' | 'by-deregistration'
}

/** A target spec with its port and weight as they were (registerTargets would default them). */
export type Placement = TargetSpec & { port: number; weight: number }

/** One target of one pod in one group, as it was registered: what putting it back re-creates. */
export interface Registration {
  group: Group
  spec: Placement
  /** Its current ID; undefined while it is deregistered. */
  targetId?: string
  /** Taken out of traffic by this run (set before the call: it may land unanswered). */
  out: boolean
}

export async function readBalancing(
  ctx: BalancerContext,
  settings: BalancingSettings & { timeoutMs: number },
  pods: readonly Pod[],
  batches: readonly (readonly Pod[])[],
  signal: AbortSignal
): Promise<{
  groups: Group[]
  registrations: Map<string, Registration[]>
  health: Map<string, TargetHealth[]>
}> {
  const { lb, region } = ctx
  const groupIds = settings.targetGroups
  const problems = new Problems()
  const found = new Map<string, { group: TargetGroup; type: LoadBalancerType }>()
  for (const type of LOAD_BALANCER_TYPES)
    for (const group of await lb.describeTargetGroups(groupIds, type, { signal }))
      if (groupIds.includes(group.targetGroupId)) found.set(group.targetGroupId, { group, type })
  groupIds.forEach((id, index) => {
    if (!found.has(id))
      problems.add(
        `target-groups[${index}]`,
        `${id} is no target group of region ${region} (looked up as alb, nlb and dnlb)`
      )
  })
  problems.throwIfAny()

  const groups: Group[] = []
  for (const id of groupIds) {
    const { group, type } = found.get(id) as { group: TargetGroup; type: LoadBalancerType }
    const backends = group.loadBalancerId
      ? (await lb.describeBackends(group.loadBalancerId, type, { signal })).filter(backend =>
          (backend.targetGroupIds ?? []).includes(id)
        )
      : []
    groups.push({
      id,
      group,
      type,
      backends,
      targets: await lb.describeTargets(id, { signal }),
      leaves: type === 'alb' ? 'by-weight' : 'by-deregistration'
    })
  }

  const registrations = new Map(pods.map(pod => [pod.podId, registrationsOf(pod, groups)]))
  for (const pod of pods)
    if ((registrations.get(pod.podId) ?? []).length === 0)
      problems.add(
        'pods',
        `${podLabel(pod)} has no target in ${groupIds.join(', ')} (as a container, or by its IP ${pod.privateIpAddress ?? 'unknown'}): register it, or leave it out of this run`
      )
  for (const batch of batches) checkBatch(batch, groups, registrations, problems)
  checkDrains(groups, settings, problems)
  problems.throwIfAny()

  const health = new Map<string, TargetHealth[]>()
  for (const backend of new Set(groups.flatMap(group => group.backends.map(b => b.backendId))))
    health.set(backend, await lb.describeTargetHealth(backend, { signal }))
  return { groups, registrations, health }
}

function registrationsOf(pod: Pod, groups: readonly Group[]): Registration[] {
  return groups.flatMap(group =>
    group.targets
      .filter(
        target =>
          (target.type === 'container' && target.instanceId === pod.podId) ||
          (target.type === 'ip' &&
            !!pod.privateIpAddress &&
            target.ipAddress === pod.privateIpAddress)
      )
      .map(target => ({
        group,
        out: false,
        targetId: target.targetId,
        spec: {
          type: target.type as string,
          ...(target.type === 'ip' ? { ipAddress: target.ipAddress } : { instanceId: pod.podId }),
          port: target.port ?? 0,
          weight: target.weight ?? 10
        }
      }))
  )
}

/** A batch must leave every group it serves in a target outside it. */
function checkBatch(
  batch: readonly Pod[],
  groups: readonly Group[],
  registrations: ReadonlyMap<string, Registration[]>,
  problems: Problems
): void {
  const inBatch = new Set(
    batch.flatMap(pod => (registrations.get(pod.podId) ?? []).map(r => r.targetId))
  )
  for (const group of groups) {
    const served = batch.some(pod =>
      (registrations.get(pod.podId) ?? []).some(r => r.group === group)
    )
    if (!served || group.targets.some(target => !inBatch.has(target.targetId))) continue
    const names = batch.map(podLabel).join(', ')
    problems.add(
      'target-groups',
      batch.length === 1 && group.targets.length === 1
        ? `${group.id} is served by ${names} alone: it cannot be updated without downtime. Add a pod to the group, or leave target-groups empty to update it anyway`
        : `${group.id} has no target outside the batch ${names}: updating them together would leave it without a healthy target. Lower max-parallel, add a pod to the group, or leave target-groups empty to update it anyway`
    )
  }
}

/**
 * How long a pod waits after leaving traffic: `drain`, or an nlb backend's own
 * connectionDrainingSeconds where it is longer (only a deregistration starts that drain).
 */
export function drainOf(registrations: readonly Registration[], drainMs: number): number {
  return Math.max(drainMs, ...registrations.flatMap(r => r.group.backends.map(backendDrainMs)))
}

function backendDrainMs(backend: Backend): number {
  return backend.loadBalancerType === 'nlb' || backend.loadBalancerType === undefined
    ? (backend.connectionDrainingSeconds ?? 0) * 1000
    : 0
}

/** A drain as long as the timeout leaves no time for the update itself: refused now. */
function checkDrains(
  groups: readonly Group[],
  settings: BalancingSettings & { timeoutMs: number },
  problems: Problems
): void {
  const timeout = seconds(settings.timeoutMs)
  for (const group of groups)
    for (const backend of group.backends) {
      const drainMs = backendDrainMs(backend)
      if (drainMs < settings.timeoutMs) continue
      problems.add(
        'target-groups',
        `${group.id}: backend ${backend.backendId} (nlb) keeps a removed target's connections for ${seconds(drainMs)} s (connectionDrainingSeconds), which does not fit in timeout ${timeout} s: a pod's update, its drain included, must end within timeout. Raise timeout above ${seconds(drainMs)} s, or lower the backend's connectionDrainingSeconds below ${timeout} s`
      )
    }
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10
}
