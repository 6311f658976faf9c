/**
 * A typed client for the JD Cloud pod API calls this action makes. Every call is signed afresh,
 * answers with the JD Cloud requestId, honours an AbortSignal and a per-request timeout, and
 * retries only what is safe to retry (see retry.ts): reads on throttling and transient failures;
 * mutating calls only once a re-read shows the failed attempt did not take effect.
 */
import { randomUUID } from 'node:crypto'
import { Agent, errors as undiciErrors, request } from 'undici'
import type { Dispatcher } from 'undici'
import { systemClock } from '../clock.js'
import type { Clock } from '../clock.js'
import { CancelledError, JdcloudError } from './errors.js'
import type { ApiName } from './errors.js'
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay } from './retry.js'
import type { RetryPolicy } from './retry.js'
import { encodeRegistryData } from './secret-data.js'
import { encodePath, signRequest, uriEscape } from './signer.js'
import type { Credentials } from './signer.js'
import type {
  DockerRegistryData,
  Filter,
  Pod,
  Quota,
  RebuildContainerSpec,
  Secret,
  SecretInfo,
  TagFilter
} from './types.js'

export interface PodClientOptions {
  /** Origin of the API (see endpoint.ts). */
  endpoint: URL
  region: string
  credentials: Credentials
  clock?: Clock
  /** Budget for one attempt, from sending to the last byte of the answer. */
  requestTimeoutMs?: number
  retry?: Partial<RetryPolicy>
  userAgent?: string
  /** Told of every attempt: for request-id bookkeeping and debug logs. Never sees headers or bodies. */
  onCall?: (event: CallEvent) => void
  newNonce?: () => string
  dispatcher?: Dispatcher
  /**
   * Told every credential value a secret read brings back (describeSecret(s) answer with the
   * password), so that the caller can mask it; the client itself returns names and dates only.
   */
  onSensitiveValue?: (value: string) => void
}

export interface CallEvent {
  api: ApiName
  method: string
  path: string
  attempt: number
  durationMs: number
  requestId?: string
  httpStatus?: number
  /** JD Cloud error.status or a transport status; undefined on success. */
  status?: string
  outcome: 'ok' | 'retrying' | 'failed' | 'took-effect-earlier'
}

export interface Answer {
  requestId: string
}

export interface PodPage extends Answer {
  pods: Pod[]
  totalCount: number
}

export interface DescribePodsQuery {
  filters?: Filter[]
  tags?: TagFilter[]
  pageNumber?: number
  pageSize?: number
}

export interface SecretPage extends Answer {
  secrets: SecretInfo[]
  totalCount: number
}

export interface LogQuery {
  tailLines?: number
  limitBytes?: number
  sinceSeconds?: number
}

/** describePods accepts at most 100 values of one filter and 100 pods a page. */
export const MAX_PAGE_SIZE = 100
const MAX_PAGES = 1000

interface Call {
  api: ApiName
  method: 'GET' | 'POST' | 'DELETE'
  /** Unencoded path below /v1/regions/{region}. */
  path: string
  query?: Array<[string, string | number]>
  body?: unknown
}

export class PodClient {
  private readonly clock: Clock
  private readonly policy: RetryPolicy
  private readonly requestTimeoutMs: number
  private readonly dispatcher: Dispatcher
  private readonly ownsDispatcher: boolean
  private readonly newNonce: () => string

  constructor(private readonly options: PodClientOptions) {
    this.clock = options.clock ?? systemClock
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000
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

  /** Releases pooled connections so the process can exit at once. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close()
  }

  // ---- pods ----

  async describePod(podId: string, signal?: AbortSignal): Promise<Answer & { pod: Pod }> {
    const { result, requestId } = await this.read<{ pod?: Pod }>(
      { api: 'describePod', method: 'GET', path: `/pods/${podId}` },
      signal
    )
    if (!isObject(result.pod) || typeof result.pod.podId !== 'string')
      throw malformed('describePod', requestId, 'the answer has no pod')
    return { pod: result.pod, requestId }
  }

  async describePods(query: DescribePodsQuery = {}, signal?: AbortSignal): Promise<PodPage> {
    const params: Array<[string, string | number]> = []
    if (query.pageNumber !== undefined) params.push(['pageNumber', query.pageNumber])
    if (query.pageSize !== undefined) params.push(['pageSize', query.pageSize])
    params.push(...filterParams(query.filters ?? []), ...tagParams(query.tags ?? []))
    const { result, requestId } = await this.read<{ pods?: Pod[] | null; totalCount?: number }>(
      { api: 'describePods', method: 'GET', path: '/pods', query: params },
      signal
    )
    const pods = result.pods ?? []
    if (!Array.isArray(pods)) throw malformed('describePods', requestId, 'pods is not a list')
    return { pods, totalCount: result.totalCount ?? pods.length, requestId }
  }

  /** Every pod matching the query, page by page. */
  async describeAllPods(
    query: Omit<DescribePodsQuery, 'pageNumber' | 'pageSize'> = {},
    signal?: AbortSignal
  ): Promise<{ pods: Pod[]; requestIds: string[] }> {
    return collectPages(pageNumber =>
      this.describePods({ ...query, pageNumber, pageSize: MAX_PAGE_SIZE }, signal).then(page => ({
        items: page.pods,
        totalCount: page.totalCount,
        requestId: page.requestId
      }))
    ).then(({ items, requestIds }) => ({ pods: items, requestIds }))
  }

  /** The given pods in one call per 100 ids; a pod that no longer exists is simply absent. */
  async describePodsByIds(
    podIds: readonly string[],
    signal?: AbortSignal
  ): Promise<{ pods: Pod[]; requestIds: string[] }> {
    const pods: Pod[] = []
    const requestIds: string[] = []
    for (let i = 0; i < podIds.length; i += MAX_PAGE_SIZE) {
      const ids = podIds.slice(i, i + MAX_PAGE_SIZE)
      const page = await this.describePods(
        { filters: [{ name: 'podId', values: ids }], pageSize: MAX_PAGE_SIZE },
        signal
      )
      pods.push(...page.pods)
      requestIds.push(page.requestId)
    }
    return { pods, requestIds }
  }

  // The re-checks below read only the confirmed phases (running, stopped, error): a stop or a
  // start that landed has left its starting phase, whatever the transitional one is called.

  /** Only a running pod can be stopped: once it is anything else, the stop landed. */
  stopPod(podId: string, signal?: AbortSignal): Promise<Answer> {
    return this.mutate(
      { api: 'stopPod', method: 'POST', path: `/pods/${podId}:stopPod`, body: {} },
      signal,
      async () => !['running', undefined].includes(await this.phaseOf(podId, signal))
    )
  }

  /** Only a stopped pod can be started: once it is anything else, the start landed. */
  startPod(podId: string, signal?: AbortSignal): Promise<Answer> {
    return this.mutate(
      { api: 'startPod', method: 'POST', path: `/pods/${podId}:startPod`, body: {} },
      signal,
      async () => !['stopped', undefined].includes(await this.phaseOf(podId, signal))
    )
  }

  /**
   * A rebuild of a stopped pod landed when the pod is busy with a task (only the rebuild can have
   * started one) or already runs the containers sent — `landed` compares every field sent.
   */
  rebuildPod(
    podId: string,
    containers: readonly RebuildContainerSpec[],
    landed: (pod: Pod) => boolean,
    signal?: AbortSignal
  ): Promise<Answer> {
    if (containers.length === 0) throw new Error('rebuildPod needs at least one container spec')
    return this.mutate(
      { api: 'rebuildPod', method: 'POST', path: `/pods/${podId}:rebuild`, body: { containers } },
      signal,
      async () => {
        const { pod } = await this.describePod(podId, signal)
        const phase = pod.podStatus?.phase?.toLowerCase() ?? ''
        return !['running', 'stopped', 'error'].includes(phase) || landed(pod)
      }
    )
  }

  async getContainerLogs(
    podId: string,
    containerName: string,
    query: LogQuery = {},
    signal?: AbortSignal
  ): Promise<Answer & { content: string }> {
    const params: Array<[string, number]> = []
    if (query.tailLines !== undefined) params.push(['tailLines', query.tailLines])
    if (query.limitBytes !== undefined) params.push(['limitBytes', query.limitBytes])
    if (query.sinceSeconds !== undefined) params.push(['sinceSeconds', query.sinceSeconds])
    const { result, requestId } = await this.read<{ logs?: { content?: string } | null }>(
      {
        api: 'getContainerLogs',
        method: 'GET',
        path: `/pods/${podId}/containers/${containerName}:getContainerLogs`,
        query: params
      },
      signal
    )
    return { content: result.logs?.content ?? '', requestId }
  }

  // ---- secrets (answers carry credentials: callers read names and dates only) ----

  createSecret(name: string, data: DockerRegistryData, signal?: AbortSignal): Promise<Answer> {
    return this.mutate(
      {
        api: 'createSecret',
        method: 'POST',
        path: '/secrets',
        body: { name, secretType: 'docker-registry', data: encodeRegistryData(data) }
      },
      signal,
      () => this.secretExists(name, signal)
    )
  }

  async describeSecrets(
    query: { filters?: Filter[]; pageNumber?: number; pageSize?: number } = {},
    signal?: AbortSignal
  ): Promise<SecretPage> {
    const params: Array<[string, string | number]> = []
    if (query.pageNumber !== undefined) params.push(['pageNumber', query.pageNumber])
    if (query.pageSize !== undefined) params.push(['pageSize', query.pageSize])
    params.push(...filterParams(query.filters ?? []))
    const { result, requestId } = await this.read<{
      secrets?: Secret[] | null
      totalCount?: number
    }>({ api: 'describeSecrets', method: 'GET', path: '/secrets', query: params }, signal)
    const secrets = result.secrets ?? []
    if (!Array.isArray(secrets))
      throw malformed('describeSecrets', requestId, 'secrets is not a list')
    return {
      secrets: secrets.map(secret => this.withoutData(secret)),
      totalCount: result.totalCount ?? secrets.length,
      requestId
    }
  }

  async describeAllSecrets(
    filters: Filter[] = [],
    signal?: AbortSignal
  ): Promise<{ secrets: SecretInfo[]; requestIds: string[] }> {
    const { items, requestIds } = await collectPages(pageNumber =>
      this.describeSecrets({ filters, pageNumber, pageSize: MAX_PAGE_SIZE }, signal).then(page => ({
        items: page.secrets,
        totalCount: page.totalCount,
        requestId: page.requestId
      }))
    )
    return { secrets: items, requestIds }
  }

  async describeSecret(
    name: string,
    signal?: AbortSignal
  ): Promise<Answer & { secret: SecretInfo }> {
    const { result, requestId } = await this.read<{ secret?: Secret }>(
      { api: 'describeSecret', method: 'GET', path: `/secrets/${name}` },
      signal
    )
    if (!isObject(result.secret))
      throw malformed('describeSecret', requestId, 'the answer has no secret')
    return { secret: this.withoutData(result.secret), requestId }
  }

  /** Keeps name, type and date; hands the credential values to onSensitiveValue and drops them. */
  private withoutData(secret: Secret): SecretInfo {
    const data: Record<string, unknown> = isObject(secret.data) ? secret.data : {}
    for (const value of [data.password]) {
      if (typeof value !== 'string' || value === '') continue
      this.options.onSensitiveValue?.(value)
      const decoded = Buffer.from(value, 'base64').toString('utf8')
      if (decoded !== '') this.options.onSensitiveValue?.(decoded)
    }
    return { name: secret.name, type: secret.type, createdAt: secret.createdAt }
  }

  deleteSecret(name: string, signal?: AbortSignal): Promise<Answer> {
    return this.mutate(
      { api: 'deleteSecret', method: 'DELETE', path: `/secrets/${name}` },
      signal,
      async () => !(await this.secretExists(name, signal))
    )
  }

  async describeQuota(
    resourceType: 'pod' | 'container' | 'secret',
    signal?: AbortSignal
  ): Promise<Answer & { quota: Quota }> {
    const { result, requestId } = await this.read<{ quota?: Quota }>(
      {
        api: 'describeQuota',
        method: 'GET',
        path: '/quotas',
        query: [['resourceType', resourceType]]
      },
      signal
    )
    if (!isObject(result.quota))
      throw malformed('describeQuota', requestId, 'the answer has no quota')
    return { quota: result.quota, requestId }
  }

  // ---- the retry loops ----

  /** Reads are idempotent: retry throttling and transient failures with backoff. */
  private async read<T>(
    call: Call,
    signal?: AbortSignal
  ): Promise<{ result: T; requestId: string }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt<T>(call, attempt, signal)
      } catch (error) {
        await this.waitBeforeRetry(call, error, attempt, signal)
      }
    }
  }

  /**
   * A mutating call is sent again only when it cannot have landed (throttled at the gateway) or
   * when `tookEffect` — a fresh read of the resource — shows the failed attempt changed nothing.
   */
  private async mutate(
    call: Call,
    signal: AbortSignal | undefined,
    tookEffect: () => Promise<boolean>
  ): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      let failure: unknown
      try {
        const { requestId } = await this.attempt(call, attempt, signal)
        return { requestId }
      } catch (error) {
        failure = error
      }
      await this.waitBeforeRetry(call, failure, attempt, signal)
      const error = failure as JdcloudError
      if (error.failureClass === 'transient' && (await this.checkTookEffect(tookEffect, signal))) {
        this.reportFailure(call, attempt, error, 'took-effect-earlier')
        return { requestId: error.requestId ?? '' }
      }
    }
  }

  private reportFailure(
    call: Call,
    attempt: number,
    error: JdcloudError,
    outcome: CallEvent['outcome']
  ): void {
    this.options.onCall?.({
      api: call.api,
      method: call.method,
      path: call.path,
      attempt,
      durationMs: 0,
      requestId: error.requestId,
      httpStatus: error.httpStatus,
      status: error.status,
      outcome
    })
  }

  /** A re-check that itself fails counts as "not known to have taken effect": the loop goes on. */
  private async checkTookEffect(
    tookEffect: () => Promise<boolean>,
    signal?: AbortSignal
  ): Promise<boolean> {
    try {
      return await tookEffect()
    } catch (error) {
      if (signal?.aborted) throw error
      return false
    }
  }

  /** Rethrows `error` unless it may be retried; otherwise sleeps the backoff. */
  private async waitBeforeRetry(
    call: Call,
    error: unknown,
    attempt: number,
    signal?: AbortSignal
  ): Promise<void> {
    if (!(error instanceof JdcloudError)) throw error
    error.attempts = attempt
    const delay =
      error.failureClass === 'final' || attempt >= this.policy.maxAttempts
        ? undefined
        : retryDelay(attempt, error, this.policy)
    this.reportFailure(call, attempt, error, delay === undefined ? 'failed' : 'retrying')
    if (delay === undefined) throw error
    await this.clock.sleep(delay, signal).catch(() => {
      throw cancelled(call.api, signal)
    })
  }

  /** One signed request and its JD Cloud answer; any failure becomes a JdcloudError. */
  private async attempt<T>(
    call: Call,
    attemptNumber: number,
    signal?: AbortSignal
  ): Promise<{ result: T; requestId: string }> {
    if (signal?.aborted) throw cancelled(call.api, signal)
    const { endpoint, region, credentials } = this.options
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
      { region, service: 'pod', date: new Date(this.clock.now()), nonce: this.newNonce() }
    )
    headers['user-agent'] = this.options.userAgent ?? 'jdcloud-pod-action'
    const started = Date.now()
    const report = (event: Partial<CallEvent>): void =>
      this.options.onCall?.({
        api: call.api,
        method: call.method,
        path: call.path,
        attempt: attemptNumber,
        durationMs: Date.now() - started,
        outcome: 'ok',
        ...event
      })

    let statusCode: number
    let responseHeaders: Record<string, string | string[] | undefined>
    let text: string
    try {
      const response = await request(`${endpoint.origin}${path}${query ? `?${query}` : ''}`, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : body,
        signal,
        dispatcher: this.dispatcher,
        headersTimeout: this.requestTimeoutMs,
        bodyTimeout: this.requestTimeoutMs
      })
      statusCode = response.statusCode
      responseHeaders = response.headers
      text = await response.body.text()
    } catch (error) {
      if (signal?.aborted) throw cancelled(call.api, signal)
      throw transportError(call.api, error)
    }

    const headerRequestId = firstHeader(responseHeaders['x-jdcloud-request-id'])
    const parsed = parseJson(text)
    const requestId =
      (isObject(parsed) && typeof parsed.requestId === 'string' ? parsed.requestId : undefined) ??
      headerRequestId
    const retryAfterSeconds = parseRetryAfter(
      firstHeader(responseHeaders['retry-after']),
      this.clock.now()
    )

    if (isObject(parsed) && isObject(parsed.error)) {
      const apiError = parsed.error
      throw new JdcloudError({
        api: call.api,
        httpStatus: statusCode,
        status:
          typeof apiError.status === 'string' && apiError.status !== ''
            ? apiError.status
            : `HTTP_${statusCode}`,
        message: typeof apiError.message === 'string' ? apiError.message : 'no message',
        requestId,
        retryAfterSeconds
      })
    }
    if (statusCode < 200 || statusCode >= 300) {
      throw new JdcloudError({
        api: call.api,
        httpStatus: statusCode,
        status: statusCode === 429 ? 'HTTP_RATE_LIMIT_EXCEEDED' : `HTTP_${statusCode}`,
        message: `answered HTTP ${statusCode} without a JD Cloud error body`,
        requestId,
        retryAfterSeconds
      })
    }
    // stopPod, startPod, rebuildPod and deleteSecret answer with only a requestId (Go's
    // StartPodResult and StopPodResult are empty): any JSON object without error is a success.
    if (!isObject(parsed) || (parsed.result != null && !isObject(parsed.result))) {
      throw malformed(call.api, requestId, 'the answer is not the JSON JD Cloud sends', statusCode)
    }
    report({ requestId, httpStatus: statusCode })
    return { result: (parsed.result ?? {}) as T, requestId: requestId ?? '' }
  }

  private async phaseOf(podId: string, signal?: AbortSignal): Promise<string | undefined> {
    const { pod } = await this.describePod(podId, signal)
    return pod.podStatus?.phase?.toLowerCase()
  }

  private async secretExists(name: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.describeSecret(name, signal)
      return true
    } catch (error) {
      if (error instanceof JdcloudError && error.httpStatus === 404) return false
      throw error
    }
  }
}

/** `filters.N.name` and `filters.N.values.M`, 1-based, skipping filters without values. */
function filterParams(filters: Filter[]): Array<[string, string]> {
  const params: Array<[string, string]> = []
  filters
    .filter(filter => filter.values.length > 0)
    .forEach((filter, index) => {
      params.push([`filters.${index + 1}.name`, filter.name])
      filter.values.forEach((value, v) =>
        params.push([`filters.${index + 1}.values.${v + 1}`, value])
      )
    })
  return params
}

function tagParams(tags: TagFilter[]): Array<[string, string]> {
  const params: Array<[string, string]> = []
  tags.forEach((tag, index) => {
    params.push([`tags.${index + 1}.key`, tag.key])
    ;(tag.values ?? []).forEach((value, v) =>
      params.push([`tags.${index + 1}.values.${v + 1}`, value])
    )
  })
  return params
}

async function collectPages<T>(
  fetchPage: (pageNumber: number) => Promise<{ items: T[]; totalCount: number; requestId: string }>
): Promise<{ items: T[]; requestIds: string[] }> {
  const items: T[] = []
  const requestIds: string[] = []
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
    const page = await fetchPage(pageNumber)
    items.push(...page.items)
    requestIds.push(page.requestId)
    if (page.items.length === 0 || items.length >= page.totalCount) break
  }
  return { items, requestIds }
}

function transportError(api: ApiName, error: unknown): JdcloudError {
  const code = (error as { code?: string }).code
  const timedOut =
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  return new JdcloudError({
    api,
    status: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
    message: timedOut
      ? 'no answer within the request timeout'
      : `the connection failed (${code ?? (error as Error).message})`,
    code,
    cause: error
  })
}

function cancelled(api: ApiName, signal?: AbortSignal): JdcloudError {
  const reason: unknown = signal?.reason
  return new JdcloudError({
    api,
    status: 'CANCELLED',
    message: reason instanceof CancelledError ? reason.message : 'the call was cancelled',
    cause: reason
  })
}

function malformed(
  api: ApiName,
  requestId: string | undefined,
  message: string,
  httpStatus = 200
): JdcloudError {
  return new JdcloudError({ api, httpStatus, status: 'MALFORMED_RESPONSE', message, requestId })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
