import type { SecretClient } from '../jdcloud/secret-client.js'
import type { Pod } from '../jdcloud/types.js'
import { resolveTargets } from '../rollout/targets.js'
import type { Targets } from '../rollout/targets.js'
import type { RunReport } from '../report/model.js'
import type { BalancerContext } from '../rollout/balancer.js'
import type { RolloutContext } from '../rollout/context.js'

export interface OperationContext extends RolloutContext {
  secrets: SecretClient
  region: string
  /** The load balancer API, when the run serves behind one (`target-groups`). */
  balancing?: BalancerContext
  /** The bound on each request of the verification gate (tests shorten it; default 10 s). */
  verifyRequestTimeoutMs?: number
}

/** What an operation decides; main.ts adds timing, request ids and the operation's name. */
export type OperationOutcome = Pick<
  RunReport,
  | 'result'
  | 'pods'
  | 'error'
  | 'notes'
  | 'secret'
  | 'verifications'
  | 'problems'
  | 'problemsFound'
  | 'cause'
>

/** The target pods, resolved (see rollout/targets.ts) and named in the log: `Deploy to 2 pods: …`. */
export async function targetPods(
  ctx: OperationContext,
  targets: Targets,
  doing: string
): Promise<Pod[]> {
  const pods = await resolveTargets(ctx.pods, targets, ctx.region, {
    signal: ctx.cancellation.signal
  })
  ctx.log.info(
    `${doing} ${pods.length} pod${pods.length === 1 ? '' : 's'}: ${pods.map(pod => pod.podId).join(', ')}`
  )
  return pods
}
