/**
 * Zero-downtime rollouts behind JD Cloud load balancers: before anything changes, the target
 * groups, their backends and every target are read, and each pod's targets found (a `container`
 * target with its pod ID, or an `ip` target with its private IP). Then per pod: take it out of
 * traffic (alb: weight 0; nlb, dnlb: deregistration, see balancer-moves.ts), let connections
 * drain, (the move), wait until every backend of every group says healthy, and put it back in
 * traffic (alb: the weight it had, once healthy; nlb, dnlb: registered again, then healthy).
 *
 * No take-out — before a batch, of each pod, in a rollback — leaves a group without a healthy
 * target carrying traffic outside the pods this run holds out. On cancellation every pod held
 * out goes back at once, in the grace period, before anything else. A pod's take-outs and
 * put-backs run one at a time.
 */
import type { LbClient } from '../jdcloud/lb-client.js'
import type { TargetHealth } from '../jdcloud/lb-types.js'
import type { Pod } from '../jdcloud/types.js'
import type { BalancerReport } from '../report/model.js'
import type { RolloutContext, Traffic } from './context.js'
import { errorText, RolloutError } from './errors.js'
import { drainOf, readBalancing } from './balancer-setup.js'
import type { Group, Registration } from './balancer-setup.js'
import {
  byGroup,
  describeSpec,
  hasHealthyOutside,
  listsAnyOutside,
  sameInstance,
  statusOf
} from './balancer-health.js'
import { byHand, giveWeightBack, registerAgain, takeOutOf } from './balancer-moves.js'
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

type Mode = 'forward' | 'restore'

interface PodBalance {
  pod: Pod
  registrations: Registration[]
  /** Being taken out: counted as out by every other take-out's check. */
  leaving: boolean
  drainMs: number
  secondsToHealthy: number | null
  /** The health each registration last showed, by target group. */
  health: Map<string, string>
  note?: string
  /** Its take-outs and put-backs, chained: one at a time. */
  queue: Promise<unknown>
}

/** A take-out refused: it would leave these groups without a healthy target carrying traffic. */
class WouldLeaveNoTarget extends RolloutError {
  constructor(
    message: string,
    podId: string,
    readonly groups: string[]
  ) {
    super(message, podId, 'balancer')
  }
}

/** Health read this recently stands for a fresh read: the sweeps' own cadence (sweeper.ts). */
const FRESH_MS = 1000

export class Balancer implements Traffic {
  /** The last health each backend reported, and when. */
  private readonly latest = new Map<string, { at: number; rows: TargetHealth[] | undefined }>()

  private constructor(
    private readonly ctx: BalancerContext,
    private readonly groups: Group[],
    private readonly pods: Map<string, PodBalance>
  ) {
    // Traffic goes back first: the pods held out are put back at the first signal, while the
    // grace period still lets calls out, before a rollback in flight takes its next step.
    ctx.cancellation.signal.addEventListener('abort', () => void this.putBackEveryPod(), {
      once: true
    })
  }

  /** Reads and checks everything before any change; throws an InputError naming what is wrong. */
  static async prepare(
    ctx: BalancerContext,
    settings: BalancingSettings & { timeoutMs: number },
    pods: readonly Pod[],
    batches: readonly (readonly Pod[])[],
    signal: AbortSignal
  ): Promise<Balancer> {
    const { groups, registrations, health } = await readBalancing(
      ctx,
      settings,
      pods,
      batches,
      signal
    )
    const balances = new Map(
      pods.map(pod => {
        const mine = registrations.get(pod.podId) ?? []
        return [
          pod.podId,
          {
            pod,
            registrations: mine,
            leaving: false,
            drainMs: drainOf(mine, settings.drainMs),
            secondsToHealthy: null,
            health: new Map(mine.map(r => [r.group.id, statusOf(r, health, r.group.backends)])),
            queue: Promise.resolve()
          }
        ]
      })
    )
    return new Balancer(ctx, groups, balances)
  }

  isOut(podId: string): boolean {
    return this.pods.get(podId)?.registrations.some(r => r.out) ?? false
  }

  /** What a dry run would do to a pod, and the health the balancer reports now. */
  planLines(podId: string): string[] {
    const balance = this.pods.get(podId)
    if (!balance) return []
    return balance.registrations.map(r => {
      const now = `${describeSpec(r.spec)}; now ${balance.health.get(r.group.id) ?? 'unknown'}`
      const drain = `drain ${Math.round(balance.drainMs / 1000)} s`
      return r.group.leaves === 'by-weight'
        ? `would set its weight in ${r.group.id} to 0 (${now}), ${drain}, and give the weight back once healthy`
        : `would take it out of ${r.group.id} (${now}), ${drain}, and put it back once ready`
    })
  }

  report(podId: string): BalancerReport | undefined {
    const balance = this.pods.get(podId)
    if (!balance) return undefined
    return {
      targets: balance.registrations.map(r => ({
        targetGroupId: r.group.id,
        port: r.spec.port,
        weight: r.spec.weight,
        health: r.out
          ? r.group.leaves === 'by-weight'
            ? 'weight 0'
            : 'deregistered'
          : (balance.health.get(r.group.id) ?? 'unknown')
      })),
      drainSeconds: Math.round(balance.drainMs / 1000),
      secondsToHealthy: balance.secondsToHealthy,
      ...(balance.note ? { note: balance.note } : {})
    }
  }

  /** Waits until every group the batch serves in keeps a healthy target outside the batch. */
  async beforeBatch(podIds: readonly string[], deadline: number): Promise<void> {
    const batch = podIds.flatMap(id => this.pods.get(id) ?? [])
    const groups = this.groups.filter(group =>
      batch.some(b => b.registrations.some(r => r.group === group))
    )
    if (groups.every(group => group.backends.length === 0)) return
    await this.watchHealth<true>(groups, deadline, {
      judge: seen =>
        groups.every(group => hasHealthyOutside(group, seen, this.heldOut(group, batch)))
          ? { done: true }
          : undefined,
      onTimeout: () =>
        new RolloutError(
          `the next batch (${podIds.join(', ')}) would leave ${groups.map(g => g.id).join(', ')} without a healthy target, and no other target became healthy in time: nothing more was changed`,
          podIds[0] ?? '',
          'balancer'
        )
    })
  }

  /**
   * Out of traffic in every group, once each keeps a healthy target carrying traffic without it,
   * then the drain. In a rollback (`restore`) every refusal says the pod stays on the new release.
   */
  takeOut(podId: string, deadline: number, mode: Mode): Promise<void> {
    const balance = this.pods.get(podId)
    if (!balance) return Promise.resolve()
    return this.serially(balance, async () => {
      if (this.isOut(podId)) return
      const { cancellation, clock, log } = this.ctx
      const refuse = (why: string, cause?: unknown): RolloutError =>
        new RolloutError(
          mode === 'restore' ? `left on the new release, serving: ${why}` : why,
          podId,
          'balancer',
          undefined,
          { cause }
        )
      if (mode === 'forward') cancellation.guard()
      else if (cancellation.requested)
        throw refuse('the run was cancelled before its rollback could take it out of traffic')
      const left = deadline - clock.now()
      if (balance.drainMs >= left)
        throw refuse(
          `its drain of ${Math.round(balance.drainMs / 1000)} s does not fit in the ${Math.max(0, Math.round(left / 1000))} s left of its timeout; it was not taken out of traffic`
        )
      balance.leaving = true
      try {
        await this.untilOthersServe(balance, deadline)
      } catch (error) {
        balance.leaving = false
        if (mode === 'restore' && error instanceof WouldLeaveNoTarget)
          throw new RolloutError(
            `left on the new release so that ${error.groups.join(', ')} keeps a healthy target; ${error.message}`,
            podId,
            'balancer',
            undefined,
            { cause: error }
          )
        throw error instanceof RolloutError ? refuse(error.message, error) : error
      }
      if (cancellation.requested) {
        balance.leaving = false
        if (mode === 'forward') cancellation.guard()
        throw refuse('the run was cancelled before its rollback could take it out of traffic')
      }
      const calls = { signal: cancellation.restoreSignal, deadline }
      for (const [group, regs] of byGroup(balance.registrations)) {
        for (const r of regs) r.out = true
        try {
          await takeOutOf(this.ctx.lb, group, regs, calls)
        } catch (error) {
          throw refuse(`it could not be taken out of ${group.id}: ${errorText(error)}`, error)
        }
      }
      log.info(
        `[${podId}] out of traffic in ${balance.registrations.map(r => r.group.id).join(', ')}; draining connections for ${Math.round(balance.drainMs / 1000)} s`
      )
      // A cancellation ends the drain: the pod goes back in before anything else.
      await clock.sleep(balance.drainMs, cancellation.signal)
    })
  }

  /**
   * Back in traffic: a deregistered target is registered again; then — when asked — the wait
   * until every backend of every group says healthy; then an alb target gets its weight back.
   */
  putBack(
    podId: string,
    options: { deadline: number; awaitHealthy: boolean; mode: Mode }
  ): Promise<void> {
    const balance = this.pods.get(podId)
    if (!balance) return Promise.resolve()
    return this.serially(balance, () => this.putBackNow(balance, options))
  }

  private async putBackNow(
    balance: PodBalance,
    options: { deadline: number; awaitHealthy: boolean }
  ): Promise<void> {
    const podId = balance.pod.podId
    if (!this.isOut(podId)) return
    {
      const { cancellation, clock, log } = this.ctx
      const calls = { signal: cancellation.restoreSignal, deadline: options.deadline }
      const step = async (group: Group, regs: Registration[], call: typeof registerAgain) => {
        // Never on a signal already aborted: such a put-back could only fail.
        if (cancellation.restoreSignal.aborted)
          throw new RolloutError(
            `${podId} was not put back in ${group.id}: the grace period after cancellation ended first. ${byHand(group, regs)}`,
            podId,
            'balancer'
          )
        try {
          await call(this.ctx.lb, group, regs, calls)
        } catch (error) {
          throw new RolloutError(
            `${podId} could not be put back in ${group.id}: ${errorText(error)}. ${byHand(group, regs)}`,
            podId,
            'balancer',
            undefined,
            { cause: error }
          )
        }
        for (const r of regs) r.out = false
      }
      const out = balance.registrations.filter(r => r.out)
      for (const [group, regs] of byGroup(out))
        if (group.leaves === 'by-deregistration') await step(group, regs, registerAgain)
      if (options.awaitHealthy && !cancellation.requested) {
        const began = clock.now()
        await this.waitHealthy(balance, options.deadline)
        balance.secondsToHealthy = Math.round((clock.now() - began) / 100) / 10
        log.info(
          `[${podId}] healthy on the load balancer ${balance.secondsToHealthy}s after it was ready`
        )
      }
      for (const [group, regs] of byGroup(out))
        if (group.leaves === 'by-weight') await step(group, regs, giveWeightBack)
      balance.leaving = false
      log.info(
        `[${podId}] back in traffic in ${balance.registrations.map(r => r.group.id).join(', ')}`
      )
    }
  }

  /** Notes why a pod was put back without being healthy (failed, not restored, cancelled). */
  noteFor(podId: string, note: string): void {
    const balance = this.pods.get(podId)
    if (balance) balance.note = note
  }

  /** At cancellation: every pod held out goes back, without waiting for health. */
  private async putBackEveryPod(): Promise<void> {
    for (const [podId, balance] of this.pods) {
      if (!this.isOut(podId) && !balance.leaving) continue
      // Queued behind a take-out in flight, which the cancellation cuts short.
      await this.serially(balance, async () => {
        if (!this.isOut(podId)) return
        await this.putBackNow(balance, { deadline: Number.POSITIVE_INFINITY, awaitHealthy: false })
          .then(() => this.noteFor(podId, 'cancelled: put back without waiting for health'))
          .catch((error: Error) => this.noteFor(podId, `NOT PUT BACK: ${error.message}`))
      })
    }
  }

  /** Until every group of the pod keeps a healthy target carrying traffic without it. */
  private async untilOthersServe(balance: PodBalance, deadline: number): Promise<void> {
    const groups = [...byGroup(balance.registrations).keys()].filter(g => g.backends.length > 0)
    if (groups.length === 0) return
    const lacking = (seen: ReadonlyMap<string, TargetHealth[] | undefined>): Group[] =>
      groups.filter(group => !hasHealthyOutside(group, seen, this.heldOut(group, [balance])))
    const fresh = this.freshHealth(groups)
    if (fresh && lacking(fresh).length === 0) return
    const why = (ids: Group[]) =>
      `taking ${balance.pod.podId} out would leave ${ids.map(g => g.id).join(', ')} without a healthy target carrying traffic`
    await this.watchHealth<void>(groups, deadline, {
      judge: seen => {
        const short = lacking(seen)
        if (short.length === 0) return { done: undefined }
        // Nothing but pods this run holds out: waiting cannot help.
        const hopeless = short.filter(
          group => !listsAnyOutside(group, seen, this.heldOut(group, [balance]))
        )
        return hopeless.length > 0
          ? {
              fail: new WouldLeaveNoTarget(
                `${why(hopeless)}: every other target of it is out of traffic or not listed`,
                balance.pod.podId,
                hopeless.map(g => g.id)
              )
            }
          : undefined
      },
      onTimeout: seen =>
        new WouldLeaveNoTarget(
          `${why(seen ? lacking(seen) : groups)}, and no other target became healthy in time`,
          balance.pod.podId,
          (seen ? lacking(seen) : groups).map(g => g.id)
        )
    })
  }

  /** Health rows of instances this run holds out (or is taking out), and of `also`. */
  private heldOut(group: Group, also: readonly PodBalance[]): (entry: TargetHealth) => boolean {
    const held = [...this.pods.values()].filter(
      b => also.includes(b) || b.leaving || b.registrations.some(r => r.out)
    )
    const specs = held.flatMap(b => b.registrations.filter(r => r.group === group))
    return entry => specs.some(r => sameInstance(entry, r.spec))
  }

  private waitHealthy(balance: PodBalance, deadline: number): Promise<void> {
    const groups = [...byGroup(balance.registrations).keys()]
    if (groups.every(group => group.backends.length === 0)) return Promise.resolve()
    let last = ''
    return this.watchHealth<void>(groups, deadline, {
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

  /** One wait on the groups' backends; every reading is remembered. A cancellation ends it. */
  private watchHealth<T>(
    groups: readonly Group[],
    deadline: number,
    wait: {
      judge: (
        seen: ReadonlyMap<string, TargetHealth[] | undefined>
      ) => { done: T } | { fail: Error } | undefined
      onTimeout: (seen: ReadonlyMap<string, TargetHealth[] | undefined> | undefined) => Error
    }
  ): Promise<T> {
    const keys = [...new Set(groups.flatMap(group => group.backends.map(b => b.backendId)))]
    return this.ctx.health.watch<T>({
      keys,
      deadline,
      signal: this.ctx.cancellation.signal,
      judge: seen => {
        const at = this.ctx.clock.now()
        for (const [key, rows] of seen) this.latest.set(key, { at, rows })
        return wait.judge(seen)
      },
      onTimeout: wait.onTimeout
    })
  }

  /** The groups' health as last read, when every backend of them was read within FRESH_MS. */
  private freshHealth(
    groups: readonly Group[]
  ): Map<string, TargetHealth[] | undefined> | undefined {
    const now = this.ctx.clock.now()
    const seen = new Map<string, TargetHealth[] | undefined>()
    for (const backend of groups.flatMap(group => group.backends)) {
      const read = this.latest.get(backend.backendId)
      if (!read || now - read.at > FRESH_MS) return undefined
      seen.set(backend.backendId, read.rows)
    }
    return seen
  }

  private serially(balance: PodBalance, task: () => Promise<void>): Promise<void> {
    const next = balance.queue.then(task, task)
    balance.queue = next.catch(() => undefined)
    return next
  }
}
