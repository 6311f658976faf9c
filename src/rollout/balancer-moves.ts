/**
 * The lb calls that take one pod's targets in one group out of traffic and put them back: an alb
 * target by updateTargets (weight 0, then the weight it had; it keeps its ID and its health
 * checks), an nlb or dnlb target by deregisterTargets and registerTargets with the type, port and
 * weight it had (a new ID). Each takes the group's registrations of the pod at once: putting an
 * alb pod back after a failure or a cancellation is one updateTargets.
 */
import type { CallOptions } from '../jdcloud/call.js'
import type { LbClient } from '../jdcloud/lb-client.js'
import { sameTarget } from '../jdcloud/lb-client.js'
import type { Group, Registration } from './balancer-setup.js'
import { describeSpec } from './balancer-health.js'
import { errorText, RolloutError } from './errors.js'

export type PutBackHow = 'register' | 'weight'

/** One put-back step in one group; never on a signal already aborted (it could only fail). */
export async function putBackIn(
  lb: LbClient,
  group: Group,
  regs: readonly Registration[],
  podId: string,
  how: PutBackHow,
  calls: CallOptions
): Promise<void> {
  if (calls.signal?.aborted)
    throw new RolloutError(
      `${podId} was not put back in ${group.id}: the grace period after cancellation ended first. ${byHand(group, regs)}`,
      podId,
      'balancer'
    )
  try {
    await (how === 'register' ? registerAgain : giveWeightBack)(lb, group, regs, calls)
  } catch (error) {
    throw new RolloutError(
      `${podId} could not be put back in ${group.id}: ${errorText(error)}. ${byHand(group, regs)}`,
      podId,
      'balancer',
      undefined,
      { cause: error }
    )
  }
}

export async function takeOutOf(
  lb: LbClient,
  group: Group,
  regs: readonly Registration[],
  calls: CallOptions
): Promise<void> {
  const ids = regs.flatMap(r => (r.targetId ? [r.targetId] : []))
  if (ids.length === 0) return
  if (group.leaves === 'by-weight')
    await lb.updateTargets(
      group.id,
      ids.map(targetId => ({ targetId, weight: 0 })),
      calls
    )
  else await lb.deregisterTargets(group.id, ids, calls)
}

/** registerTargets with what each had, for those the group does not list already; new IDs. */
export async function registerAgain(
  lb: LbClient,
  group: Group,
  regs: readonly Registration[],
  calls: CallOptions
): Promise<void> {
  const present = await lb.describeTargets(group.id, calls)
  const missing = regs.filter(r => !present.some(t => sameTarget(t, r.spec)))
  if (missing.length > 0)
    await lb.registerTargets(
      group.id,
      missing.map(r => r.spec),
      calls
    )
  const now = missing.length > 0 ? await lb.describeTargets(group.id, calls) : present
  for (const r of regs) r.targetId = now.find(t => sameTarget(t, r.spec))?.targetId
}

/** updateTargets with the weight each had. */
export async function giveWeightBack(
  lb: LbClient,
  group: Group,
  regs: readonly Registration[],
  calls: CallOptions
): Promise<void> {
  const specs = regs.flatMap(r =>
    r.targetId ? [{ targetId: r.targetId, weight: r.spec.weight }] : []
  )
  if (specs.length > 0) await lb.updateTargets(group.id, specs, calls)
}

/** What a person does when putting back failed. */
export function byHand(group: Group, regs: readonly Registration[]): string {
  return group.leaves === 'by-weight'
    ? `Give it its weight back by hand (updateTargets in ${group.id}): ${regs.map(r => `${r.targetId ?? '?'} weight ${r.spec.weight}`).join('; ')}`
    : `Register it by hand: ${regs.map(r => describeSpec(r.spec)).join('; ')}`
}
