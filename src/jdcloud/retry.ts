/**
 * When and how long to wait before trying a JD Cloud call again.
 *
 * undici's RetryHandler does not fit here: it re-sends the same headers, and every JD Cloud
 * attempt must be signed afresh (the gateway refuses a reused nonce); and it decides on the
 * status line alone, while a 429 means "slow down" or "quota exceeded" only by its body.
 * So the loop is ours; undici still does transport, pooling and timeouts.
 */
import type { JdcloudError } from './errors.js'

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  /** Backoff before retry n (1-based) is random in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
  baseDelayMs: number
  maxDelayMs: number
  /** A Retry-After longer than this is not honoured: the call fails instead of stalling the job. */
  maxRetryAfterMs: number
  /** In [0, 1); injectable so that tests are repeatable. */
  random: () => number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
  random: Math.random
}

/**
 * Milliseconds to wait before retry number `retry` (1-based), or undefined when the server asks
 * for a wait longer than the policy allows. Full jitter spreads a fleet of runners apart;
 * a Retry-After from the server wins over the computed delay.
 */
export function retryDelay(
  retry: number,
  error: Pick<JdcloudError, 'retryAfterSeconds'>,
  policy: RetryPolicy
): number | undefined {
  if (error.retryAfterSeconds !== undefined) {
    const asked = error.retryAfterSeconds * 1000
    return asked > policy.maxRetryAfterMs ? undefined : asked
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.floor(policy.random() * ceiling)
}

/** Parses Retry-After: delta-seconds or an HTTP date (relative to `now`). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - now) / 1000))
}
