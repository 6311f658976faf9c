/**
 * The balancer's waits on describeTargetHealth, on the shared sweeper: until a group keeps a
 * healthy target carrying traffic outside the pods held out (before a batch, before each
 * take-out), and until a pod is healthy on every backend. Every reading is remembered, so that a
 * take-out right after a batch check needs no second read. A cancellation ends every wait.
 */
import type { TargetHealth } from '../jdcloud/lb-types.js'
import type { Pod } from '../jdcloud/types.js'
import { RolloutError } from './errors.js'
import type { BalancerContext } from './balancer.js'
import type { Group, Registration } from './balancer-setup.js'
import { hasHealthyOutside, listsAnyOutside, statusOf } from './balancer-health.js'

export type Seen = ReadonlyMap<string, TargetHealth[] | undefined>
/** Which health rows are of pods held out of traffic (or about to be), per group. */
export type HeldOut = (group: Group) => (entry: TargetHealth) => boolean

/** Health read this recently stands for a fresh read: the sweeps' own cadence (sweeper.ts). */
const FRESH_MS = 1000

/** A take-out refused: it would leave these groups without a healthy target carrying traffic. */
export class WouldLeaveNoTarget extends RolloutError {
  constructor(
    message: string,
    podId: string,
    readonly groups: string[]
  ) {
    super(message, podId, 'balancer')
  }
}

export class HealthWatch {
  /** The last health each backend reported, and when. */
  private readonly latest = new Map<string, { at: number; rows: TargetHealth[] | undefined }>()

  constructor(private readonly ctx: Pick<BalancerContext, 'health' | 'clock' | 'cancellation'>) {}

  /** Until every group keeps a healthy target carrying traffic outside `heldOut`. */
  untilServedWithout(
    groups: readonly Group[],
    heldOut: HeldOut,
    deadline: number,
    onTimeout: (lacking: Group[]) => Error
  ): Promise<void> {
    const lacking = (seen: Seen): Group[] =>
      groups.filter(group => !hasHealthyOutside(group, seen, heldOut(group)))
    return this.watch<void>(groups, deadline, {
      judge: seen => (lacking(seen).length === 0 ? { done: undefined } : undefined),
      onTimeout: seen => onTimeout(seen ? lacking(seen) : [...groups])
    })
  }

  /**
   * Before one pod's take-out: as untilServedWithout, on the last reading when it is fresh, and
   * failing at once when a group lists nothing but pods held out — waiting cannot help then.
   */
  async beforeTakeOut(
    podId: string,
    groups: readonly Group[],
    heldOut: HeldOut,
    deadline: number
  ): Promise<void> {
    if (groups.length === 0) return
    const lacking = (seen: Seen): Group[] =>
      groups.filter(group => !hasHealthyOutside(group, seen, heldOut(group)))
    const fresh = this.fresh(groups)
    if (fresh && lacking(fresh).length === 0) return
    const why = (short: Group[]): string =>
      `taking ${podId} out would leave ${short.map(g => g.id).join(', ')} without a healthy target carrying traffic`
    await this.watch<void>(groups, deadline, {
      judge: seen => {
        const short = lacking(seen)
        if (short.length === 0) return { done: undefined }
        const hopeless = short.filter(group => !listsAnyOutside(group, seen, heldOut(group)))
        if (hopeless.length === 0) return undefined
        const message = `${why(hopeless)}: every other target of it is out of traffic or not listed`
        return { fail: new WouldLeaveNoTarget(message, podId, ids(hopeless)) }
      },
      onTimeout: seen => {
        const short = seen ? lacking(seen) : [...groups]
        const message = `${why(short)}, and no other target became healthy in time`
        return new WouldLeaveNoTarget(message, podId, ids(short))
      }
    })
  }

  /** Until every backend calls each registration healthy; `health` keeps what each last showed. */
  untilHealthy(
    pod: Pod,
    registrations: readonly Registration[],
    health: Map<string, string>,
    deadline: number
  ): Promise<void> {
    const groups = [...new Set(registrations.map(r => r.group))]
    if (groups.every(group => group.backends.length === 0)) return Promise.resolve()
    let last = ''
    return this.watch<void>(groups, deadline, {
      judge: seen => {
        const sick: string[] = []
        for (const r of registrations) {
          const status = statusOf(r, seen, r.group.backends)
          health.set(r.group.id, status)
          if (status !== 'healthy') sick.push(`${r.group.id}: ${status}`)
        }
        last = sick.join('; ')
        return sick.length === 0 ? { done: undefined } : undefined
      },
      onTimeout: () =>
        new RolloutError(
          `${pod.podId} is not healthy on the load balancer in time (${last || 'no answer'})`,
          pod.podId,
          'balancer',
          pod
        )
    })
  }

  /** One wait on the groups' backends; every reading is remembered. */
  private watch<T>(
    groups: readonly Group[],
    deadline: number,
    wait: {
      judge: (seen: Seen) => { done: T } | { fail: Error } | undefined
      onTimeout: (seen: Seen | undefined) => Error
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
  private fresh(groups: readonly Group[]): Seen | undefined {
    const now = this.ctx.clock.now()
    const seen = new Map<string, TargetHealth[] | undefined>()
    for (const backend of groups.flatMap(group => group.backends)) {
      const read = this.latest.get(backend.backendId)
      if (!read || now - read.at > FRESH_MS) return undefined
      seen.set(backend.backendId, read.rows)
    }
    return seen
  }
}

function ids(groups: readonly Group[]): string[] {
  return groups.map(group => group.id)
}
