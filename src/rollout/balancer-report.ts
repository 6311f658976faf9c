/**
 * One pod's standing with its load balancers, and how it reads: the dry run's lines and the
 * report's targets (health as last seen, or how the run holds it out of traffic).
 */
import type { Pod } from '../jdcloud/types.js'
import type { BalancerReport } from '../report/model.js'
import type { Registration } from './balancer-setup.js'
import { describeSpec } from './balancer-health.js'

export interface PodBalance {
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

export function planLinesOf(balance: PodBalance): string[] {
  return balance.registrations.map(r => {
    const now = `${describeSpec(r.spec)}; now ${balance.health.get(r.group.id) ?? 'unknown'}`
    const drain = `drain ${Math.round(balance.drainMs / 1000)} s`
    return r.group.leaves === 'by-weight'
      ? `would set its weight in ${r.group.id} to 0 (${now}), ${drain}, and give the weight back once healthy`
      : `would take it out of ${r.group.id} (${now}), ${drain}, and put it back once ready`
  })
}

export function reportOf(balance: PodBalance): BalancerReport {
  const held = (r: Registration): string =>
    r.group.leaves === 'by-weight' ? 'weight 0' : 'deregistered'
  return {
    targets: balance.registrations.map(r => ({
      targetGroupId: r.group.id,
      port: r.spec.port,
      weight: r.spec.weight,
      health: r.out ? held(r) : (balance.health.get(r.group.id) ?? 'unknown')
    })),
    drainSeconds: Math.round(balance.drainMs / 1000),
    secondsToHealthy: balance.secondsToHealthy,
    ...(balance.note ? { note: balance.note } : {})
  }
}
