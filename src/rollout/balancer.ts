/**
 * Zero-downtime rollouts behind JD Cloud load balancers: before anything changes, the target
 * groups, their backends and every target are read, and each pod's targets found (a `container`
 * target with its pod ID, or an `ip` target with its private IP). Then per pod: take its targets
 * out, let connections drain, (the move), put them back with the same type, port and weight, and
 * wait until every backend of every group says healthy. A batch starts only when every group keeps
 * a healthy target outside it. Health is one describeTargetHealth per backend per sweep.
 */
import type { LbClient } from '../jdcloud/lb-client.js'
import { sameTarget } from '../jdcloud/lb-client.js'
import type { TargetHealth } from '../jdcloud/lb-types.js'
import type { Pod } from '../jdcloud/types.js'
import type { BalancerReport } from '../report/model.js'
import type { RolloutContext, Traffic } from './context.js'
import { RolloutError } from './errors.js'
import { readBalancing } from './balancer-setup.js'
import type { Group, Registration } from './balancer-setup.js'
import { byGroup, describeSpec, hasHealthyOutside, matches, statusOf } from './balancer-health.js'
import type { Sweeper } from './sweeper.js'

export interface BalancingSettings {
  targetGroups: string[]
  /** Wait after taking a pod out, before stopping it (an nlb backend's own drain time if longer). */
  drainMs: number
}

export interface BalancerContext extends Pick<RolloutContext, 'clock' | 'log' | 'cancellation'> {
  lb: LbClient
  /** describeTargetHealth of the backends asked for, one call each per sweep. */
  health: Sweeper<string, TargetHealth[]>
  region: string
}

interface PodBalance {
  pod: Pod
  registrations: Registration[]
  out: boolean
  drainMs: number
  secondsToHealthy: number | null
  /** The health each registration last showed, by target group. */
  health: Map<string, string>
  note?: string
}

export class Balancer implements Traffic {
  private constructor(
    private readonly ctx: BalancerContext,
    private readonly groups: Group[],
    private readonly pods: Map<string, PodBalance>
  ) {}

  /** Reads and checks everything before any change; throws an InputError naming what is wrong. */
  static async prepare(
    ctx: BalancerContext,
    settings: BalancingSettings,
    pods: readonly Pod[],
    batches: readonly (readonly Pod[])[],
    signal: AbortSignal
  ): Promise<Balancer> {
    const { groups, registrations, health } = await readBalancing(
      ctx,
      settings.targetGroups,
      pods,
      batches,
      signal
    )
    const balances = new Map(
      pods.map(pod => {
        const mine = registrations.get(pod.podId) ?? []
        const nlbDrain = Math.max(
          0,
          ...mine.flatMap(r => r.group.backends.map(b => (b.connectionDrainingSeconds ?? 0) * 1000))
        )
        return [
          pod.podId,
          {
            pod,
            registrations: mine,
            out: false,
            drainMs: Math.max(settings.drainMs, nlbDrain),
            secondsToHealthy: null,
            health: new Map(mine.map(r => [r.group.id, statusOf(r, health, r.group.backends)]))
          }
        ]
      })
    )
    return new Balancer(ctx, groups, balances)
  }

  isOut(podId: string): boolean {
    return this.pods.get(podId)?.out ?? false
  }

  /** What a dry run would do to a pod, and the health the balancer reports now. */
  planLines(podId: string): string[] {
    const balance = this.pods.get(podId)
    if (!balance) return []
    return [
      ...balance.registrations.map(
        r =>
          `would take it out of ${r.group.id} (${describeSpec(r.spec)}; now ${balance.health.get(r.group.id) ?? 'unknown'}), drain ${Math.round(balance.drainMs / 1000)} s, and put it back once ready`
      )
    ]
  }

  report(podId: string): BalancerReport | undefined {
    const balance = this.pods.get(podId)
    if (!balance) return undefined
    return {
      targets: balance.registrations.map(r => ({
        targetGroupId: r.group.id,
        port: r.spec.port,
        weight: r.spec.weight,
        health: balance.out ? 'deregistered' : (balance.health.get(r.group.id) ?? 'unknown')
      })),
      drainSeconds: Math.round(balance.drainMs / 1000),
      secondsToHealthy: balance.secondsToHealthy,
      ...(balance.note ? { note: balance.note } : {})
    }
  }

  /** Waits until every group the batch serves in keeps a healthy target outside the batch. */
  async beforeBatch(podIds: readonly string[], deadline: number): Promise<void> {
    const batch = podIds.flatMap(id => this.pods.get(id)?.registrations ?? [])
    const groups = this.groups.filter(group => batch.some(r => r.group === group))
    const backends = [...new Set(groups.flatMap(group => group.backends.map(b => b.backendId)))]
    if (backends.length === 0) return
    const inBatch = (group: Group, entry: TargetHealth): boolean =>
      batch.some(r => r.group === group && matches(entry, r.spec))
    await this.ctx.health.watch<true>({
      keys: backends,
      deadline,
      signal: this.ctx.cancellation.signal,
      judge: seen => {
        const lacking = groups.filter(
          group => !hasHealthyOutside(group, seen, entry => inBatch(group, entry))
        )
        return lacking.length === 0 ? { done: true } : undefined
      },
      onTimeout: () =>
        new RolloutError(
          `the next batch (${podIds.join(', ')}) would leave ${groups.map(g => g.id).join(', ')} without a healthy target, and no other target became healthy in time: nothing more was changed`,
          podIds[0] ?? '',
          'balancer'
        )
    })
  }

  /** deregisterTargets for each group, then the drain. Marked out before the call: it may land. */
  async takeOut(podId: string, deadline: number, mode: 'forward' | 'restore'): Promise<void> {
    const balance = this.pods.get(podId)
    if (!balance || balance.out) return
    const { cancellation, clock, log } = this.ctx
    if (mode === 'forward') cancellation.guard()
    balance.out = true
    for (const [group, regs] of byGroup(balance.registrations)) {
      const ids = regs.flatMap(r => (r.targetId ? [r.targetId] : []))
      if (ids.length > 0)
        await this.ctx.lb.deregisterTargets(group.id, ids, {
          signal: cancellation.restoreSignal,
          deadline
        })
    }
    log.info(
      `[${podId}] out of ${balance.registrations.map(r => r.group.id).join(', ')}; draining connections for ${Math.round(balance.drainMs / 1000)} s`
    )
    const signal = mode === 'forward' ? cancellation.signal : cancellation.restoreSignal
    await clock.sleep(balance.drainMs, signal)
  }

  /**
   * registerTargets with the type, port and weight each target had (only those the group does not
   * list already), then — when asked — wait until every backend of every group says healthy.
   */
  async putBack(
    podId: string,
    options: { deadline: number; awaitHealthy: boolean; mode: 'forward' | 'restore' }
  ): Promise<void> {
    const balance = this.pods.get(podId)
    if (!balance || !balance.out) return
    const { cancellation, clock, log } = this.ctx
    const calls = { signal: cancellation.restoreSignal, deadline: options.deadline }
    for (const [group, regs] of byGroup(balance.registrations)) {
      try {
        const present = await this.ctx.lb.describeTargets(group.id, calls)
        const missing = regs.filter(r => !present.some(t => sameTarget(t, r.spec)))
        if (missing.length > 0)
          await this.ctx.lb.registerTargets(
            group.id,
            missing.map(r => r.spec),
            calls
          )
        const now =
          missing.length > 0 ? await this.ctx.lb.describeTargets(group.id, calls) : present
        for (const r of regs) r.targetId = now.find(t => sameTarget(t, r.spec))?.targetId
      } catch (error) {
        throw new RolloutError(
          `${podId} could not be put back in ${group.id}: ${(error as Error).message}. Register it by hand: ${regs.map(r => describeSpec(r.spec)).join('; ')}`,
          podId,
          'balancer',
          undefined,
          { cause: error }
        )
      }
    }
    balance.out = false
    log.info(`[${podId}] back in ${balance.registrations.map(r => r.group.id).join(', ')}`)
    if (!options.awaitHealthy) return
    const began = clock.now()
    await this.waitHealthy(balance, options.deadline, options.mode)
    balance.secondsToHealthy = Math.round((clock.now() - began) / 100) / 10
    log.info(
      `[${podId}] healthy on the load balancer ${balance.secondsToHealthy}s after it was put back`
    )
  }

  /** Notes why a pod was put back without being healthy (failed, not restored, cancelled). */
  noteFor(podId: string, note: string): void {
    const balance = this.pods.get(podId)
    if (balance) balance.note = note
  }

  private waitHealthy(
    balance: PodBalance,
    deadline: number,
    mode: 'forward' | 'restore'
  ): Promise<void> {
    const { cancellation } = this.ctx
    const backends = [
      ...new Set(balance.registrations.flatMap(r => r.group.backends.map(b => b.backendId)))
    ]
    if (backends.length === 0) return Promise.resolve()
    let last = ''
    return this.ctx.health.watch<void>({
      keys: backends,
      deadline,
      signal: mode === 'forward' ? cancellation.signal : cancellation.restoreSignal,
      judge: seen => {
        const sick: string[] = []
        for (const r of balance.registrations) {
          const status = statusOf(r, seen, r.group.backends)
          balance.health.set(r.group.id, status)
          if (status !== 'healthy') sick.push(`${r.group.id}: ${status}`)
        }
        last = sick.join('; ')
        return sick.length === 0 ? { done: undefined } : undefined
      },
      onTimeout: () =>
        new RolloutError(
          `${balance.pod.podId} is not healthy on the load balancer in time (${last || 'no answer'})`,
          balance.pod.podId,
          'balancer',
          balance.pod
        )
    })
  }
}
