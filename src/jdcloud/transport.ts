/**
 * The signed transport every JD Cloud service client stands on: each attempt signed afresh
 * (JDCLOUD2-HMAC-SHA256, the service in the scope), sent through undici with one deadline for
 * headers and body together, its answer read up to a size cap and parsed from JD Cloud's envelope.
 * Reads are retried on throttling and transient failures; a mutating call only once a fresh read
 * shows the failed attempt did not take effect. No wait — backoff or Retry-After — runs past the
 * call's deadline, and every attempt is told to `onCall` with the resources it concerns.
 */
import { randomUUID } from 'node:crypto'
import { Agent, request } from 'undici'
import type { Dispatcher } from 'undici'
import { systemClock } from '../clock.js'
import type { Clock } from '../clock.js'
import { CancelledError, JdcloudError } from './errors.js'
import { cancelled, parseAnswer, transportError } from './answer.js'
import { DEFAULT_RETRY_POLICY, retryDelay } from './retry.js'
import type { RetryPolicy } from './retry.js'
import { readCapped } from './response-body.js'
import { encodePath, signRequest, uriEscape } from './signer.js'
import type { Answer, Call, CallEvent, CallOptions, TransportOptions } from './call.js'

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024

export class SignedTransport {
  private readonly clock: Clock
  private readonly policy: RetryPolicy
  private readonly requestTimeoutMs: number
  private readonly callBudgetMs: number
  private readonly maxBodyBytes: number
  private readonly dispatcher: Dispatcher
  private readonly ownsDispatcher: boolean
  private readonly newNonce: () => string
  /** Aborted when close() runs out of patience: ends every attempt still in flight. */
  private readonly closing = new AbortController()

  constructor(private readonly options: TransportOptions) {
    this.clock = options.clock ?? systemClock
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000
    this.callBudgetMs = options.callBudgetMs ?? 10 * 60_000
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
    this.newNonce = options.newNonce ?? randomUUID
    this.ownsDispatcher = options.dispatcher === undefined
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connectTimeout: Math.min(this.requestTimeoutMs, 10_000),
        headersTimeout: this.requestTimeoutMs,
        bodyTimeout: this.requestTimeoutMs,
        keepAliveTimeout: 10_000
      })
  }

  /**
   * Releases pooled connections; a request still stuck after `boundMs` is cut off, so a hanging
   * server can never keep the run from writing its outputs.
   */
  async close(boundMs = 1000): Promise<void> {
    if (!this.ownsDispatcher) return
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>(resolve => {
      timer = setTimeout(() => resolve('late'), boundMs)
      timer.unref()
    })
    const closed = await Promise.race([this.dispatcher.close().then(() => 'closed' as const), late])
    clearTimeout(timer)
    if (closed === 'late') {
      this.closing.abort(new CancelledError('the run ended while the call was in flight'))
      await this.dispatcher.destroy().catch(() => undefined)
    }
  }

  /** Reads are idempotent: retry throttling and transient failures with backoff. */
  async read<T>(
    call: Call<T>,
    options: CallOptions = {}
  ): Promise<{ result: T; requestId: string }> {
    const deadline = this.deadlineOf(options)
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt<T>(call, attempt, options.signal, deadline)
      } catch (error) {
        await this.waitBeforeRetry(call, error, attempt, options.signal, deadline)
      }
    }
  }

  /**
   * A mutating call is sent again only when it cannot have landed (throttled at the gateway) or
   * when `tookEffect` — a fresh read of the resource — shows the failed attempt changed nothing.
   */
  async mutate(
    call: Call<never>,
    options: CallOptions,
    tookEffect: () => Promise<boolean>
  ): Promise<Answer> {
    const deadline = this.deadlineOf(options)
    for (let attempt = 1; ; attempt++) {
      let failure: unknown
      try {
        const { requestId } = await this.attempt(call, attempt, options.signal, deadline)
        return { requestId }
      } catch (error) {
        failure = error
      }
      await this.waitBeforeRetry(call, failure, attempt, options.signal, deadline)
      const error = failure as JdcloudError
      if (error.failureClass === 'transient' && (await this.tookEffect(tookEffect, options))) {
        this.report(call, attempt, 0, {
          requestId: error.requestId,
          httpStatus: error.httpStatus,
          status: error.status,
          outcome: 'took-effect-earlier'
        })
        return { requestId: error.requestId ?? '' }
      }
    }
  }

  private deadlineOf(options: CallOptions): number {
    return options.deadline ?? this.clock.now() + this.callBudgetMs
  }

  /** A re-check that itself fails counts as "not known to have taken effect": the loop goes on. */
  private async tookEffect(check: () => Promise<boolean>, options: CallOptions): Promise<boolean> {
    try {
      return await check()
    } catch (error) {
      if (options.signal?.aborted) throw error
      return false
    }
  }

  /** Rethrows `error` unless it may be retried before the deadline; otherwise sleeps the backoff. */
  private async waitBeforeRetry(
    call: Call<never>,
    error: unknown,
    attempt: number,
    signal: AbortSignal | undefined,
    deadline: number
  ): Promise<void> {
    if (!(error instanceof JdcloudError)) throw error
    error.attempts = attempt
    let delay =
      error.failureClass === 'final' || attempt >= this.policy.maxAttempts
        ? undefined
        : retryDelay(attempt, error, this.policy)
    if (delay !== undefined && this.clock.now() + delay >= deadline) {
      error.gaveUp = `no retry: waiting ${Math.ceil(delay / 1000)} s would pass the deadline`
      delay = undefined
    }
    this.report(call, attempt, 0, {
      requestId: error.requestId,
      httpStatus: error.httpStatus,
      status: error.status,
      outcome: delay === undefined ? 'failed' : 'retrying'
    })
    if (delay === undefined) throw error
    await this.clock.sleep(delay, signal).catch(() => {
      throw cancelled(call.api, signal)
    })
  }

  /** One signed request and its JD Cloud answer; any failure becomes a JdcloudError. */
  private async attempt<T>(
    call: Call<T>,
    attemptNumber: number,
    signal: AbortSignal | undefined,
    deadline: number
  ): Promise<{ result: T; requestId: string }> {
    if (signal?.aborted) throw cancelled(call.api, signal)
    const budgetMs = Math.min(this.requestTimeoutMs, deadline - this.clock.now())
    if (budgetMs <= 0)
      throw new JdcloudError({
        api: call.api,
        status: 'TIMEOUT',
        message: 'the deadline passed before the call could be made'
      })
    const { endpoint, region, credentials, service } = this.options
    const path = encodePath(`/v1/regions/${region}${call.path}`)
    const query = (call.query ?? [])
      .map(([name, value]) => `${uriEscape(name)}=${uriEscape(String(value))}`)
      .join('&')
    const body = call.body === undefined ? '' : JSON.stringify(call.body)
    const headers = signRequest(
      {
        method: call.method,
        path,
        query,
        headers: { host: endpoint.host, 'content-type': 'application/json' },
        body
      },
      credentials,
      { region, service, date: new Date(this.clock.now()), nonce: this.newNonce() }
    )
    headers['user-agent'] = this.options.userAgent ?? 'jdcloud-pod-action'
    const started = Date.now()

    // One deadline for headers and body together: undici's own timeouts are idle timeouts, which
    // a server that drips a byte every few seconds never trips.
    const expiry = new AbortController()
    const timer = setTimeout(() => expiry.abort(), budgetMs)
    timer.unref()
    const combined = AbortSignal.any(
      signal ? [signal, expiry.signal, this.closing.signal] : [expiry.signal, this.closing.signal]
    )
    let statusCode: number
    let responseHeaders: Record<string, string | string[] | undefined>
    let text: string
    try {
      const response = await request(`${endpoint.origin}${path}${query ? `?${query}` : ''}`, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : body,
        signal: combined,
        dispatcher: this.dispatcher,
        headersTimeout: budgetMs,
        bodyTimeout: budgetMs
      })
      statusCode = response.statusCode
      responseHeaders = response.headers
      text = await readCapped(response.body, this.maxBodyBytes, call.api)
    } catch (error) {
      if (signal?.aborted) throw cancelled(call.api, signal)
      if (this.closing.signal.aborted) throw cancelled(call.api, this.closing.signal)
      if (error instanceof JdcloudError) throw error
      throw transportError(call.api, error, expiry.signal.aborted, {
        url: `${endpoint.origin}${path}`,
        service
      })
    } finally {
      clearTimeout(timer)
    }
    const { result, requestId } = parseAnswer<T>(
      call.api,
      statusCode,
      responseHeaders,
      text,
      this.clock.now()
    )
    this.report(call, attemptNumber, Date.now() - started, {
      requestId,
      httpStatus: statusCode,
      outcome: 'ok',
      listed: call.aboutAnswer?.(result)
    })
    return { result, requestId }
  }

  private report(
    call: Call<never>,
    attempt: number,
    durationMs: number,
    event: Pick<CallEvent, 'requestId' | 'httpStatus' | 'status' | 'outcome'> & {
      listed?: readonly string[]
    }
  ): void {
    const { listed, ...rest } = event
    this.options.onCall?.({
      service: this.options.service,
      api: call.api,
      method: call.method,
      path: call.path,
      about: call.about ?? [],
      listed: listed ?? [],
      attempt,
      durationMs,
      ...rest
    })
  }
}
