import type { Pod } from '../jdcloud/types.js'
import { Balancer } from '../rollout/balancer.js'
import type { RolloutOptions } from '../rollout/context.js'
import { batches } from '../rollout/fleet.js'
import type { OperationContext } from './context.js'
import type { RolloutSettings } from './settings.js'

/**
 * The load balancers the pods serve behind, read and checked before anything changes — or
 * undefined when `target-groups` is empty (the rollout then does not touch any balancer).
 */
export async function trafficFor(
  ctx: OperationContext,
  settings: RolloutSettings,
  pods: readonly Pod[],
  options: RolloutOptions
): Promise<Balancer | undefined> {
  if (!settings.balancing) return undefined
  if (!ctx.balancing) throw new Error('target-groups is set but no load balancer client was made')
  return Balancer.prepare(
    ctx.balancing,
    { ...settings.balancing, timeoutMs: options.timeoutMs },
    pods,
    batches(pods, options),
    ctx.cancellation.signal
  )
}
