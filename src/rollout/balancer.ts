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
import { JdcloudError } from '../jdcloud/errors.js'
import type { LbClient } from '../jdcloud/lb-client.js'
import type { TargetHealth } from '../jdcloud/lb-types.js'
import type { Pod } from '../jdcloud/types.js'
import type { BalancerReport } from '../report/model.js'
import type { RolloutContext, Traffic } from './context.js'
import { errorText, RolloutError } from './errors.js'
import { drainOf, readBalancing } from './balancer-setup.js'
import type { Group, Registration } from './balancer-setup.js'
import { byGroup, sameInstance, statusOf } from './balancer-health.js'
import { planLinesOf, reportOf } from './balancer-report.js'
import type { PodBalance } from './balancer-report.js'
import { putBackIn, takeOutOf } from './balancer-moves.js'
import type { PutBackHow } from './balancer-moves.js'
import { HealthWatch, WouldLeaveNoTarget } from './balancer-watch.js'
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

export class Balancer implements Traffic {
  private readonly watch: HealthWatch

  private constructor(
    private readonly ctx: BalancerContext,
    private readonly groups: Group[],
    private readonly pods: Map<string, PodBalance>
  ) {
    this.watch = new HealthWatch(ctx)
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
    return balance ? planLinesOf(balance) : []
  }

  report(podId: string): BalancerReport | undefined {
    const balance = this.pods.get(podId)
    return balance ? reportOf(balance) : undefined
  }

  /** Waits until every group the batch serves in keeps a healthy target outside the batch. */
  async beforeBatch(podIds: readonly string[], deadline: number): Promise<void> {
    const batch = podIds.flatMap(id => this.pods.get(id) ?? [])
    const groups = this.groups.filter(group =>
      batch.some(b => b.registrations.some(r => r.group === group))
    )
    if (groups.every(group => group.backends.length === 0)) return
    await this.watch.untilServedWithout(
      groups,
      group => this.heldOut(group, batch),
      deadline,
      () =>
        new RolloutError(
          `the next batch (${podIds.join(', ')}) would leave ${groups.map(g => g.id).join(', ')} without a healthy target, and no other target became healthy in time: nothing more was changed`,
          podIds[0] ?? '',
          'balancer'
        )
    )
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
      try {
        await this.mayTakeOut(balance, deadline, mode)
      } catch (error) {
        balance.leaving = false
        throw mode === 'forward' ? error : this.leftOnNewRelease(podId, error)
      }
      const { cancellation, clock, log } = this.ctx
      const calls = { signal: cancellation.restoreSignal, deadline }
      for (const [group, regs] of byGroup(balance.registrations)) {
        for (const r of regs) r.out = true
        try {
          await takeOutOf(this.ctx.lb, group, regs, calls)
        } catch (error) {
          const hint =
            error instanceof JdcloudError && error.hint ? `. ${error.hint.replace(/\.$/, '')}` : ''
          const failure = new RolloutError(
            `it could not be taken out of ${group.id}: ${errorText(error)}${hint}`,
            podId,
            'balancer',
            undefined,
            { cause: error }
          )
          throw mode === 'forward' ? failure : this.leftOnNewRelease(podId, failure)
        }
      }
      log.info(
        `[${podId}] out of traffic in ${balance.registrations.map(r => r.group.id).join(', ')}; draining connections for ${Math.round(balance.drainMs / 1000)} s`
      )
      // A cancellation ends the drain: the pod goes back in before anything else.
      await clock.sleep(balance.drainMs, cancellation.signal)
    })
  }

  /** Throws unless the pod may leave traffic now: not cancelled, its drain fits, others serve. */
  private async mayTakeOut(balance: PodBalance, deadline: number, mode: Mode): Promise<void> {
    const { cancellation, clock } = this.ctx
    const podId = balance.pod.podId
    const notCancelled = (): void => {
      if (mode === 'forward') cancellation.guard()
      else if (cancellation.requested)
        throw new RolloutError(
          'the run was cancelled before its rollback could take it out of traffic',
          podId,
          'balancer'
        )
    }
    notCancelled()
    const left = deadline - clock.now()
    if (balance.drainMs >= left)
      throw new RolloutError(
        `its drain of ${Math.round(balance.drainMs / 1000)} s does not fit in the ${Math.max(0, Math.round(left / 1000))} s left of its timeout; it was not taken out of traffic`,
        podId,
        'balancer'
      )
    balance.leaving = true
    const groups = [...byGroup(balance.registrations).keys()]
    await this.watch.beforeTakeOut(
      podId,
      groups.filter(group => group.backends.length > 0),
      group => this.heldOut(group, [balance]),
      deadline
    )
    notCancelled()
  }

  /** Why a rollback leaves the pod as it is: on the new release, serving. */
  private leftOnNewRelease(podId: string, error: unknown): RolloutError {
    const why =
      error instanceof WouldLeaveNoTarget
        ? ` so that ${error.groups.join(', ')} keeps a healthy target; ${error.message}`
        : `, serving: ${this.ctx.cancellation.requested ? 'the run was cancelled before its rollback could take it out of traffic' : errorText(error)}`
    return new RolloutError(`left on the new release${why}`, podId, 'balancer', undefined, {
      cause: error
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
    const { cancellation, clock, log } = this.ctx
    const calls = { signal: cancellation.restoreSignal, deadline: options.deadline }
    const step = async (group: Group, regs: Registration[], how: PutBackHow): Promise<void> => {
      await putBackIn(this.ctx.lb, group, regs, podId, how, calls)
      for (const r of regs) r.out = false
    }
    const out = balance.registrations.filter(r => r.out)
    for (const [group, regs] of byGroup(out))
      if (group.leaves === 'by-deregistration') await step(group, regs, 'register')
    if (options.awaitHealthy && !cancellation.requested) {
      const began = clock.now()
      await this.watch.untilHealthy(
        balance.pod,
        balance.registrations,
        balance.health,
        options.deadline
      )
      balance.secondsToHealthy = Math.round((clock.now() - began) / 100) / 10
      log.info(
        `[${podId}] healthy on the load balancer ${balance.secondsToHealthy}s after it was ready`
      )
    }
    for (const [group, regs] of byGroup(out))
      if (group.leaves === 'by-weight') await step(group, regs, 'weight')
    balance.leaving = false
    log.info(
      `[${podId}] back in traffic in ${balance.registrations.map(r => r.group.id).join(', ')}`
    )
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

  /** Health rows of instances this run holds out (or is taking out), and of `also`. */
  private heldOut(group: Group, also: readonly PodBalance[]): (entry: TargetHealth) => boolean {
    const held = [...this.pods.values()].filter(
      b => also.includes(b) || b.leaving || b.registrations.some(r => r.out)
    )
    const specs = held.flatMap(b => b.registrations.filter(r => r.group === group))
    return entry => specs.some(r => sameInstance(entry, r.spec))
  }

  private serially(balance: PodBalance, task: () => Promise<void>): Promise<void> {
    const next = balance.queue.then(task, task)
    balance.queue = next.catch(() => undefined)
    return next
  }
}
