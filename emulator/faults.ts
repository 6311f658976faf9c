/** Injected faults: a queue consumed in order of injection, each answering its next matching calls. */
import type { ApiName, Fault } from './types.js'

const DEFAULT_ERROR_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'ACCESS_ERROR',
  403: 'HTTP_FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RATE_LIMIT',
  500: 'INTERNAL',
  502: 'SOURCE_UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'HTTP_GATEWAY_TIMEOUT'
}

const DEFAULT_MESSAGE: Record<string, string> = {
  ACCESS_ERROR: 'sign result is not same',
  HTTP_FORBIDDEN: 'access denied',
  RATE_LIMIT: 'minute rate limit exceeded, role:api',
  QUOTA_EXCEEDED: 'quota exceeded',
  INTERNAL: 'internal error',
  SOURCE_UNAVAILABLE: 'bad gateway',
  UNAVAILABLE: 'service unavailable',
  HTTP_GATEWAY_TIMEOUT: 'gateway timeout'
}

export function defaultErrorStatus(httpStatus: number): string {
  return DEFAULT_ERROR_STATUS[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL' : 'UNKNOWN')
}

export function faultMessage(fault: Fault, errorStatus: string): string {
  return fault.message ?? DEFAULT_MESSAGE[errorStatus] ?? `injected ${errorStatus}`
}

/** What a gateway in front of the API might send instead of JSON. */
export function gatewayHtml(httpStatus: number): string {
  const title = `${httpStatus} ${DEFAULT_MESSAGE[defaultErrorStatus(httpStatus)] ?? 'error'}`
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>jdcloud-gateway</center>\r\n</body>\r\n</html>\r\n`
  )
}

export function validateFault(fault: Fault): void {
  if (fault.kind === 'status' && (fault.status === undefined || fault.status < 400))
    throw new Error('a status fault needs status >= 400')
  if (fault.kind === 'slow' && !(fault.delayMs !== undefined && fault.delayMs >= 0))
    throw new Error('a slow fault needs delayMs >= 0')
  if (fault.times !== undefined && !(fault.times >= 1))
    throw new Error('fault.times must be at least 1')
}

/** What a call is about, from its path. */
export interface FaultSubject {
  podId?: string
  targetGroupId?: string
  backendId?: string
}

export class FaultQueue {
  private queue: Array<{ fault: Fault; remaining: number }> = []

  push(fault: Fault): void {
    validateFault(fault)
    this.queue.push({ fault: { ...fault }, remaining: fault.times ?? 1 })
  }

  clear(): void {
    this.queue = []
  }

  get pending(): number {
    return this.queue.length
  }

  /** The first queued fault matching the call, consumed once; undefined when none matches. */
  take(api: ApiName, about: FaultSubject): Fault | undefined {
    const index = this.queue.findIndex(
      ({ fault }) =>
        (fault.api === '*' || fault.api === api) &&
        (fault.podId === undefined || fault.podId === about.podId) &&
        (fault.targetGroupId === undefined || fault.targetGroupId === about.targetGroupId) &&
        (fault.backendId === undefined || fault.backendId === about.backendId)
    )
    const entry = this.queue[index]
    if (!entry) return undefined
    entry.remaining--
    if (entry.remaining <= 0) this.queue.splice(index, 1)
    return entry.fault
  }
}
