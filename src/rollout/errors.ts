import type { Pod } from '../jdcloud/types.js'

/** An error's message, or the thing itself as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A pod-level failure: which pod, at which step, and the last state seen of it. */
export class RolloutError extends Error {
  constructor(
    message: string,
    readonly podId: string,
    readonly step: string,
    readonly lastSeen?: Pod,
    options?: { cause?: unknown; gone?: boolean; timedOut?: boolean }
  ) {
    super(message, options)
    this.name = 'RolloutError'
    this.gone = options?.gone ?? false
    this.timedOut = options?.timedOut ?? false
  }

  /** The pod no longer exists: there is nothing left to restore. */
  readonly gone: boolean
  /** The wait ran out of time with no sign that waiting longer would not help. */
  readonly timedOut: boolean
}
