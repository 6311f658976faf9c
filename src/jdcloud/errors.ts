import { capText } from '../text.js'

/** The load balancer (lb v1) calls this action makes, by the SDKs' names. */
export type LbApiName =
  | 'describeTargetGroups'
  | 'describeTargets'
  | 'registerTargets'
  | 'deRegisterTargets'
  | 'updateTargets'
  | 'describeBackends'
  | 'describeTargetHealth'

const LB_APIS: ReadonlySet<string> = new Set<LbApiName>([
  'describeTargetGroups',
  'describeTargets',
  'registerTargets',
  'deRegisterTargets',
  'updateTargets',
  'describeBackends',
  'describeTargetHealth'
])

/** The API calls this action makes, by their JD Cloud names. */
export type ApiName =
  | LbApiName
  | 'describePod'
  | 'describePods'
  | 'stopPod'
  | 'startPod'
  | 'rebuildPod'
  | 'getContainerLogs'
  | 'createSecret'
  | 'describeSecrets'
  | 'describeSecret'
  | 'deleteSecret'
  | 'describeQuota'

/** Statuses of our own, for failures that carry no JD Cloud answer. */
export type TransportStatus =
  'NETWORK_ERROR' | 'TIMEOUT' | 'MALFORMED_RESPONSE' | 'RESPONSE_TOO_LARGE' | 'CANCELLED'

/** How a failure may be met: wait and retry, retry after a re-check, or give up. */
export type FailureClass = 'throttled' | 'transient' | 'final'

const THROTTLING = new Set(['RATE_LIMIT', 'HTTP_RATE_LIMIT_EXCEEDED', 'TOO_MANY_REQUESTS'])
// A DNS miss or a refused TLS handshake will not heal in seconds: say so at once.
const FINAL_NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

/** An API message longer than this is cut (JD Cloud's own are one sentence). */
export const MAX_MESSAGE_CHARS = 2000

export interface JdcloudErrorDetails {
  api: ApiName
  /** HTTP status; undefined when no answer came (network error, timeout). */
  httpStatus?: number
  /** JD Cloud `error.status` (e.g. NOT_FOUND), or a TransportStatus. */
  status: string
  message: string
  requestId?: string
  /** Seconds from a Retry-After header, when the answer had one. */
  retryAfterSeconds?: number
  /** Node/undici error code for transport failures (ECONNRESET, UND_ERR_HEADERS_TIMEOUT…). */
  code?: string
  /** The JD Cloud service called (pod, lb), for a hint that names the right input. */
  service?: string
  cause?: unknown
}

/** Every failed JD Cloud call ends in one of these, carrying what a person needs to act. */
export class JdcloudError extends Error {
  readonly api: ApiName
  readonly httpStatus?: number
  readonly status: string
  readonly requestId?: string
  readonly retryAfterSeconds?: number
  readonly code?: string
  readonly service?: string
  /** The server's (or transport's) own words, without the prefix. */
  readonly detailMessage: string
  /** Attempts made before giving up (set by the retry loop). */
  attempts = 1
  /** Why the retry loop stopped early, when it was not for the kind of failure (the deadline). */
  gaveUp?: string

  constructor(details: JdcloudErrorDetails) {
    // A server's words are capped before anything reads them: a 400 kB message is a broken or
    // hostile answer, and every log line, summary cell and match after this works on the cut.
    const message = capText(details.message, MAX_MESSAGE_CHARS)
    const http = details.httpStatus === undefined ? '' : `HTTP ${details.httpStatus} `
    const id = details.requestId ? ` (requestId ${details.requestId})` : ''
    super(`${details.api}: ${http}${details.status}: ${message}${id}`, {
      cause: details.cause
    })
    this.name = 'JdcloudError'
    this.api = details.api
    this.httpStatus = details.httpStatus
    this.status = details.status
    this.requestId = details.requestId
    this.retryAfterSeconds = details.retryAfterSeconds
    this.code = details.code
    this.service = details.service
    this.detailMessage = message
  }

  get failureClass(): FailureClass {
    return classifyFailure(this)
  }

  /** What to do next, for the log and the summary. */
  get hint(): string | undefined {
    const hint = hintFor(this)
    return this.gaveUp ? `${hint ? `${hint} ` : ''}(${this.gaveUp}.)` : hint
  }
}

export function classifyFailure(
  error: Pick<JdcloudError, 'httpStatus' | 'status' | 'code'>
): FailureClass {
  // A huge answer is a broken or hostile path: asking again would only read it again.
  if (error.status === 'CANCELLED' || error.status === 'RESPONSE_TOO_LARGE') return 'final'
  if (error.httpStatus === undefined) {
    return error.code !== undefined && FINAL_NETWORK_CODES.has(error.code) ? 'final' : 'transient'
  }
  if (error.httpStatus === 429) {
    // 429 is also "quota exceeded": waiting cannot raise a quota.
    return error.status === 'QUOTA_EXCEEDED' ? 'final' : 'throttled'
  }
  if (THROTTLING.has(error.status)) return 'throttled'
  if (error.httpStatus >= 500) return 'transient'
  if (error.httpStatus >= 200 && error.httpStatus < 300) return 'transient' // a 2xx we could not read
  return 'final'
}

function hintFor(error: JdcloudError): string | undefined {
  switch (error.httpStatus) {
    case 401:
      return 'JD Cloud refused the credentials: check access-key and secret-key (and region), and that the runner clock is right to within a few minutes.'
    case 403:
      return error.service === 'lb' || LB_APIS.has(error.api)
        ? `The access key may not call ${error.api}: grant it the load balancer permissions listed in docs/load-balancers.md.`
        : `The access key may not call ${error.api}: grant it the pod permissions listed in the README.`
    case 404:
      return 'The resource does not exist in this region: check the ID or name and the region input.'
    case 409:
      return 'The name is already taken or the resource changed meanwhile.'
    case 429:
      return error.status === 'QUOTA_EXCEEDED'
        ? 'A JD Cloud quota is exhausted (describeQuota shows limit and used): free some room or ask for a larger quota.'
        : 'JD Cloud kept throttling the calls: lower max-parallel or run fewer jobs at once.'
  }
  if (error.status === 'TIMEOUT' || error.status === 'NETWORK_ERROR')
    return error.service === 'lb'
      ? 'The load balancer API did not answer: check the lb-endpoint input and the runner network.'
      : 'The pod API did not answer: check the endpoint input and the runner network.'
  if (error.httpStatus !== undefined && error.httpStatus >= 500)
    return 'JD Cloud had a server-side problem; the action retried. Try again later or contact JD Cloud support with the requestId.'
  return undefined
}

/** Thrown (as an abort reason) when the run is cancelled; never retried. */
export class CancelledError extends Error {
  constructor(message = 'the run was cancelled') {
    super(message)
    this.name = 'CancelledError'
  }
}
