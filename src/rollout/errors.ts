import type { Pod } from '../jdcloud/types.js'

/** A pod-level failure: which pod, at which step, and the last state seen of it. */
export class RolloutError extends Error {
  constructor(
    message: string,
    readonly podId: string,
    readonly step: string,
    readonly lastSeen?: Pod,
    options?: { cause?: unknown; gone?: boolean }
  ) {
    super(message, options)
    this.name = 'RolloutError'
    this.gone = options?.gone ?? false
  }

  /** The pod no longer exists: there is nothing left to restore. */
  readonly gone: boolean
}
