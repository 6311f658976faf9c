/**
 * The region's load balancing: target groups, backends and their targets, with every target's
 * registration kept after deregistration, so that health and the measurements come from history.
 * Pods are read from the pod region; nothing here runs on timers.
 */
import { invalidArgument, notFound } from './api-error.js'
import type { HealthTimings, TargetHistory } from './lb-health.js'
import { reportedHealthy, serving, unhealthReason } from './lb-health.js'
import { newTargets, updatedTargets } from './lb-targets.js'
import type { GroupRules, RegisteredTarget } from './lb-targets.js'
import type {
  Backend,
  Target,
  TargetGroup,
  TargetHealth,
  TargetSpec,
  TargetUpdateSpec
} from './lb-wire.js'
import { seedLoadBalancing } from './lb-seeding.js'
import type { Span } from './spans.js'
import { covers, fewestCovering, longestGap, union, without } from './spans.js'
import type { LoadBalancingSeed, Timings } from './types.js'
import type { PodHealthNow } from './pod-region.js'

/** What load balancing reads from the pod podRegion. */
export interface PodsForLb {
  now(): number
  timings(): Timings
  podExists(podId: string): boolean
  privateIpOf(podId: string): string | undefined
  inServiceSpans(match: { podId: string } | { ip: string }): Span[]
  podHealthNow(match: { podId: string } | { ip: string }): PodHealthNow
}

export interface TargetRecord extends RegisteredTarget {
  targetGroupId: string
  registeredAt: number
  deregisteredAt?: number
  seeded: boolean
  /** When its weight was 0: registered and health-checked, but sent no traffic (alb only). */
  weightZero: Array<[number, number]>
}

export interface GroupRecord {
  group: TargetGroup
  /** Every target it ever had, in order of registration. */
  targets: TargetRecord[]
}

export interface BackendRecord {
  backend: Backend
  /** Overrides timings.lbHealthyMs. */
  healthyMs?: number
}

const ALWAYS: readonly Span[] = [[-Infinity, Infinity]]

export class LoadBalancing {
  readonly groups = new Map<string, GroupRecord>()
  readonly backendRecords = new Map<string, BackendRecord>()
  private targetsCreated = 0

  constructor(readonly pods: PodsForLb) {}

  seed(seed: LoadBalancingSeed, path = 'seed.loadBalancing'): void {
    seedLoadBalancing(this, seed, path)
  }

  // ---- changes (the API and someone else) ----

  /**
   * Registers new targets; returns their IDs. Seeded targets may bring their IDs, and count as
   * having passed their checks already.
   */
  register(
    targetGroupId: string,
    specs: readonly TargetSpec[],
    seeded?: { targetIds: ReadonlyArray<string | undefined> }
  ): string[] {
    const record = this.group(targetGroupId)
    const added = newTargets(specs, this.rules(record)).map((target, i) => ({
      ...target,
      targetId: seeded?.targetIds[i] ?? this.newTargetId(),
      targetGroupId,
      registeredAt: this.pods.now(),
      seeded: seeded !== undefined,
      weightZero: target.weight === 0 ? [[this.pods.now(), Infinity] as [number, number]] : []
    }))
    record.targets.push(...added)
    return added.map(target => target.targetId)
  }

  /** Deregisters at once: the targets leave every health view now. */
  deregister(targetGroupId: string, targetIds: readonly string[]): void {
    const record = this.group(targetGroupId)
    if (targetIds.length === 0) throw invalidArgument('targetIds: at least one target is needed')
    const current = this.current(record)
    const leaving = targetIds.map(id => {
      const target = current.find(candidate => candidate.targetId === id)
      if (!target) throw notFound(`target ${id} not found in target group ${targetGroupId}`)
      return target
    })
    for (const target of leaving) target.deregisteredAt = this.pods.now()
  }

  /** New ports and weights; the targets keep their IDs and their health. */
  update(targetGroupId: string, specs: readonly TargetUpdateSpec[]): void {
    const record = this.group(targetGroupId)
    const after = updatedTargets(specs, this.rules(record))
    for (const target of this.current(record)) {
      const updated = after.find(candidate => candidate.targetId === target.targetId)
      if (!updated) continue
      const now = this.pods.now()
      const open = target.weightZero.find(([, to]) => to === Infinity)
      if (updated.weight === 0 && !open) target.weightZero.push([now, Infinity])
      if (updated.weight !== 0 && open) open[1] = now
      Object.assign(target, { port: updated.port, weight: updated.weight })
    }
  }

  // ---- reads ----

  targetGroups(): TargetGroup[] {
    return [...this.groups.values()].map(record => ({ ...record.group }))
  }

  backends(): Backend[] {
    return [...this.backendRecords.values()].map(record => structuredClone(record.backend))
  }

  /** As describeTargets returns them. */
  targets(targetGroupId: string): Target[] {
    return this.current(this.group(targetGroupId)).map(target => this.wireTarget(target))
  }

  /** As describeTargetHealth of the backend returns it now. */
  health(backendId: string): TargetHealth[] {
    const record = this.backend(backendId)
    const timings = this.healthTimings(record)
    const now = this.pods.now()
    return this.groupsBehind(record).flatMap(group =>
      this.current(group).map(target => {
        const healthy = covers(reportedHealthy(this.history(target), timings), now)
        const ipAddress = this.addressOf(target)
        const reason =
          healthy || target.type === 'vm'
            ? undefined
            : unhealthReason(this.pods.podHealthNow(podMatch(target)), ipAddress)
        return {
          targetGroupId: target.targetGroupId,
          ...(target.instanceId !== undefined && { instanceId: target.instanceId }),
          type: target.type,
          port: record.backend.healthCheck.port || target.port || record.backend.port,
          weight: target.weight,
          status: healthy ? 'healthy' : 'unhealthy',
          ...(ipAddress !== undefined && { ipAddress }),
          ...(reason && { unhealthReason: reason })
        }
      })
    )
  }

  /** See PodEmulator.lb. */
  longestWithoutHealthyTarget(targetGroupId: string): number {
    const now = this.pods.now()
    return Math.max(
      ...this.servingPerTarget(targetGroupId).map(perTarget =>
        longestGap(union(perTarget.flat()), now)
      )
    )
  }

  fewestHealthyTargets(targetGroupId: string): number {
    const now = this.pods.now()
    return Math.min(
      ...this.servingPerTarget(targetGroupId).map(perTarget => fewestCovering(perTarget, now))
    )
  }

  group(targetGroupId: string): GroupRecord {
    const record = this.groups.get(targetGroupId)
    if (!record) throw notFound(`targetGroup ${targetGroupId} not found`)
    return record
  }

  backend(backendId: string): BackendRecord {
    const record = this.backendRecords.get(backendId)
    if (!record) throw notFound(`backend ${backendId} not found`)
    return record
  }

  current(record: GroupRecord): TargetRecord[] {
    return record.targets.filter(target => target.deregisteredAt === undefined)
  }

  wireTarget(target: TargetRecord): Target {
    const ip = this.addressOf(target)
    return {
      targetId: target.targetId,
      targetGroupId: target.targetGroupId,
      type: target.type,
      ...(target.instanceId !== undefined && { instanceId: target.instanceId }),
      port: target.port,
      weight: target.weight,
      ...(ip !== undefined && target.type !== 'ip' && { privateIpAddress: ip }),
      ...(ip !== undefined && { ipAddress: ip })
    }
  }

  // ---- helpers ----

  /** Per backend behind the group (or the default timings when none), each target's serving spans. */
  private servingPerTarget(targetGroupId: string): Span[][][] {
    const record = this.group(targetGroupId)
    const behind = [...this.backendRecords.values()].filter(backend =>
      backend.backend.targetGroupIds.includes(targetGroupId)
    )
    const timings = behind.length > 0 ? behind.map(b => this.healthTimings(b)) : [this.defaults()]
    // A target with weight 0 is healthy, but carries no traffic.
    return timings.map(t =>
      record.targets.map(target => without(serving(this.history(target), t), target.weightZero))
    )
  }

  private history(target: TargetRecord): TargetHistory {
    return {
      registeredAt: target.registeredAt,
      deregisteredAt: target.deregisteredAt,
      seeded: target.seeded,
      inService: target.type === 'vm' ? ALWAYS : this.pods.inServiceSpans(podMatch(target))
    }
  }

  private healthTimings(record: BackendRecord): HealthTimings {
    return {
      ...this.defaults(),
      ...(record.healthyMs !== undefined && { healthyMs: record.healthyMs })
    }
  }

  private defaults(): HealthTimings {
    const t = this.pods.timings()
    return { healthyMs: t.lbHealthyMs, unhealthyMs: t.lbUnhealthyMs }
  }

  private groupsBehind(record: BackendRecord): GroupRecord[] {
    return record.backend.targetGroupIds.flatMap(id => this.groups.get(id) ?? [])
  }

  private addressOf(target: TargetRecord): string | undefined {
    if (target.type === 'ip') return target.ipAddress
    return target.type === 'container' ? this.pods.privateIpOf(target.instanceId ?? '') : undefined
  }

  private rules(record: GroupRecord): GroupRules {
    return {
      targetGroupId: record.group.targetGroupId,
      loadBalancerType: record.group.loadBalancerType,
      targets: this.current(record),
      podExists: podId => this.pods.podExists(podId)
    }
  }

  targetIdTaken(targetId: string): boolean {
    return [...this.groups.values()].some(g => g.targets.some(t => t.targetId === targetId))
  }

  private newTargetId(): string {
    const taken = new Set([...this.groups.values()].flatMap(g => g.targets.map(t => t.targetId)))
    let id: string
    do id = `target-${(++this.targetsCreated).toString(36).padStart(8, '0')}`
    while (taken.has(id))
    return id
  }
}

function podMatch(target: TargetRecord): { podId: string } | { ip: string } {
  return target.type === 'ip' ? { ip: target.ipAddress ?? '' } : { podId: target.instanceId ?? '' }
}
