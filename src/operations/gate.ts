/**
 * The verification gate of a deploy or rotate-secret (verify-url): made for the run, or
 * described for a dry run, which names the batches it would check and makes no request.
 */
import type { Pod } from '../jdcloud/types.js'
import type { RolloutOptions } from '../rollout/context.js'
import { batches } from '../rollout/fleet.js'
import { verificationGate } from '../rollout/verification.js'
import type { OperationContext } from './context.js'
import type { Verification } from './settings.js'

/** The options with the gate, when verify-url is set. */
export function withGate(
  ctx: OperationContext,
  settings: Verification,
  options: RolloutOptions
): RolloutOptions {
  if (!settings.verify) return options
  const { verifyRequestTimeoutMs: requestTimeoutMs } = ctx
  const deps = requestTimeoutMs === undefined ? {} : { requestTimeoutMs }
  return { ...options, gate: verificationGate(ctx, settings.verify, deps) }
}

/** Dry run: the gate's plan in the log, and one note per batch for the summary. */
export function planGate(
  ctx: Pick<OperationContext, 'log'>,
  options: RolloutOptions,
  pods: readonly Pod[]
): string[] {
  const { gate } = options
  if (!gate || pods.length === 0) return []
  const planned = batches(pods, options)
  ctx.log.group('Verification gate (dry run: no request is made)', gate.describe(pods))
  return planned.map(
    (batch, index) =>
      `would verify batch ${index + 1}${index === 0 && options.canary !== undefined ? ' (canary)' : ''} (${batch.map(pod => pod.name ?? pod.podId).join(', ')}) before going on`
  )
}
