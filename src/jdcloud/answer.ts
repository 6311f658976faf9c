/**
 * Reading JD Cloud's answers: the envelope (`{requestId, result}` — result may be absent — or
 * `{requestId, error}`), and the errors of our own for what is not an answer at all.
 */
import { errors as undiciErrors } from 'undici'
import { CancelledError, JdcloudError } from './errors.js'
import type { ApiName } from './errors.js'
import { parseRetryAfter } from './retry.js'

/** JD Cloud's envelope: `{requestId, result}` (result may be absent) or `{requestId, error}`. */
export function parseAnswer<T>(
  api: ApiName,
  statusCode: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
  now: number
): { result: T; requestId: string } {
  const parsed = parseJson(text)
  const requestId =
    (isObject(parsed) && typeof parsed.requestId === 'string' ? parsed.requestId : undefined) ??
    firstHeader(headers['x-jdcloud-request-id'])
  const retryAfterSeconds = parseRetryAfter(firstHeader(headers['retry-after']), now)
  if (isObject(parsed) && isObject(parsed.error)) {
    const apiError = parsed.error
    throw new JdcloudError({
      api,
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
  if (statusCode < 200 || statusCode >= 300)
    throw new JdcloudError({
      api,
      httpStatus: statusCode,
      status: statusCode === 429 ? 'HTTP_RATE_LIMIT_EXCEEDED' : `HTTP_${statusCode}`,
      message: `answered HTTP ${statusCode} without a JD Cloud error body`,
      requestId,
      retryAfterSeconds
    })
  // stopPod, startPod, rebuildPod and deleteSecret answer with only a requestId (Go's
  // StartPodResult and StopPodResult are empty): any JSON object without error is a success.
  if (!isObject(parsed) || (parsed.result != null && !isObject(parsed.result)))
    throw malformed(api, requestId, 'the answer is not the JSON JD Cloud sends', statusCode)
  return { result: (parsed.result ?? {}) as T, requestId: requestId ?? '' }
}

/** No answer: the URL tried (without its query) is named, so a wrong endpoint shows at once. */
export function transportError(
  api: ApiName,
  error: unknown,
  pastDeadline: boolean,
  where: { url: string; service: string }
): JdcloudError {
  const code = (error as { code?: string }).code
  const timedOut =
    pastDeadline ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  return new JdcloudError({
    api,
    status: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
    message: timedOut
      ? `no whole answer from ${where.url} within the request timeout`
      : `the connection to ${where.url} failed (${code ?? (error as Error).message})`,
    code,
    service: where.service,
    cause: error
  })
}

export function cancelled(api: ApiName, signal?: AbortSignal): JdcloudError {
  const reason: unknown = signal?.reason
  return new JdcloudError({
    api,
    status: 'CANCELLED',
    message: reason instanceof CancelledError ? reason.message : 'the call was cancelled',
    cause: reason
  })
}

export function malformed(
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
