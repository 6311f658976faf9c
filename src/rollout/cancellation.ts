import { CancelledError } from '../jdcloud/errors.js'

/**
 * Two stages, as the runner cancels: on the first signal every wait and read stops and no new
 * forward step (stop, rebuild, start of a deploy) begins; only calls that put a pod back where
 * it was may still go out. On the second signal, or when the grace period ends, those stop too.
 */
export class Cancellation {
  private readonly soft = new AbortController()
  private readonly hard = new AbortController()

  /** Aborted at the first signal: waits and reads. */
  get signal(): AbortSignal {
    return this.soft.signal
  }

  /** Aborted only at the end of the grace period: restoring calls. */
  get restoreSignal(): AbortSignal {
    return this.hard.signal
  }

  get requested(): boolean {
    return this.soft.signal.aborted
  }

  cancel(reason: string): void {
    if (!this.soft.signal.aborted) this.soft.abort(new CancelledError(reason))
  }

  abortEverything(reason: string): void {
    this.cancel(reason)
    if (!this.hard.signal.aborted) this.hard.abort(new CancelledError(reason))
  }

  /** Call before every forward mutating call. */
  guard(): void {
    if (this.requested) throw this.soft.signal.reason
  }
}
