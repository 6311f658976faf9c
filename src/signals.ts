/**
 * The runner cancels a step with SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after that
 * (actions/runner src/Runner.Sdk/ProcessInvoker.cs). The first signal stops every wait and forward
 * step; restoring calls go on through the grace period, which ends before the SIGTERM would come;
 * the second signal, or the end of the grace period, stops them too — leaving the 2.5 s before
 * SIGKILL to write the outputs and the summary. The run listens until it is done: the outputs
 * come before the GitHub deployment's last call, which a second signal cuts short.
 */
import type { Log } from './log.js'
import type { Cancellation } from './rollout/cancellation.js'

/** Restoring calls may run this long after the first signal: just short of the runner's 7.5 s. */
export const GRACE_MS = 7000

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

export function listenForCancellation(
  signals: NodeJS.EventEmitter,
  cancellation: Cancellation,
  log: Log,
  graceMs: number = GRACE_MS
): () => void {
  let timer: NodeJS.Timeout | undefined
  const onSignal = (signal: string): void => {
    if (cancellation.requested) {
      cancellation.abortEverything(`received ${signal} again`)
      return
    }
    log.warning(`Received ${signal}: stopping; no new change will be started.`)
    cancellation.cancel(`received ${signal}`)
    timer = setTimeout(
      () => cancellation.abortEverything('the grace period after cancellation ended'),
      graceMs
    )
    timer.unref()
  }
  for (const name of SIGNALS) signals.on(name, onSignal)
  return () => {
    for (const name of SIGNALS) signals.off(name, onSignal)
    if (timer) clearTimeout(timer)
  }
}
