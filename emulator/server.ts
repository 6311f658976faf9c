/**
 * The HTTP side of one service (pod or lb): routing, the gateway's signature check, injected
 * faults, JSON answers in JD Cloud's envelope with request ids, and a record of every call in
 * arrival order.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Clock } from '../src/clock.js'
import { ApiError, invalidArgument, notFound } from './api-error.js'
import type { Authenticator } from './auth.js'
import { defaultErrorStatus, faultMessage, gatewayHtml } from './faults.js'
import type { FaultQueue } from './faults.js'
import { answerProblems, requestProblems } from '../contract/conformance.js'
import { parseQuery } from './query.js'
import type { Route } from './routes.js'
import type { ApiAnswer, ApiRequest, ServiceBinding } from './service.js'
import { MUTATING_APIS } from './types.js'
import type { ApiName, Fault, RecordedCall } from './types.js'

export interface ServerParts<A extends ApiName> {
  clock: Clock
  region: string
  service: ServiceBinding<A>
  /** Checks signatures with this service in the credential scope. */
  auth: Authenticator
  faults: FaultQueue
  /** Called at arrival; the call is filled in as it is handled. */
  arrived(call: RecordedCall): void
  /** Called once the answer is sent (or the socket reset). */
  handled(call: RecordedCall): void
}

interface Answer {
  status: number
  body: string
  headers?: Record<string, string>
  /** Send only the first half of the body (the Content-Length says so too). */
  truncate?: boolean
}

/** JD Cloud request ids look like 32 lower-case letters and digits. */
function newRequestId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return [...randomBytes(32)].map(byte => alphabet[byte % alphabet.length]).join('')
}

export class ApiServer<A extends ApiName = ApiName> {
  private readonly server: Server
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()

  constructor(private readonly parts: ServerParts<A>) {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch(error => {
        // A client that hung up mid-request is no failure of ours.
        if (req.destroyed || res.destroyed) return
        console.error('emulator: unexpected failure while answering', error)
        if (!res.headersSent) res.writeHead(500).end()
      })
    })
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address()
        resolve(typeof address === 'object' && address ? address.port : port)
      })
    })
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    const closed = new Promise<void>(resolve => this.server.close(() => resolve()))
    this.server.closeAllConnections()
    await closed
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { clock, service, auth, faults } = this.parts
    const url = req.url ?? '/'
    const queryAt = url.indexOf('?')
    const path = queryAt === -1 ? url : url.slice(0, queryAt)
    const rawQuery = queryAt === -1 ? '' : url.slice(queryAt + 1)
    const method = (req.method ?? 'GET').toUpperCase()
    const route = service.route(method, path)
    const call: RecordedCall = {
      service: service.name,
      api: route?.api ?? 'unknown',
      method,
      path,
      query: parseQuery(rawQuery),
      body: undefined,
      status: 0,
      requestId: newRequestId(),
      at: clock.now(),
      applied: false,
      ...(route && recordedParams(route))
    }
    this.parts.arrived(call)

    const bodyBytes = await readBody(req)
    const bodyText = bodyBytes.toString('utf8')
    const parsedBody = parseJson(bodyText)
    call.body = bodyText === '' ? undefined : (parsedBody ?? bodyText)
    if (route) service.annotate?.(call, parsedBody)

    const send = (answer: Answer): void => {
      call.status = answer.status
      respond(res, call.requestId, answer)
      this.parts.handled(call)
    }
    const sendError = (error: ApiError, headers?: Record<string, string>): void => {
      call.errorStatus = error.status
      send(errorAnswer(call.requestId, error, headers))
    }

    const denied = auth.verify({
      method,
      path,
      query: rawQuery,
      headers: flattenHeaders(req),
      body: bodyBytes
    })
    if (denied) return sendError(denied)
    if (!route) return sendError(notFound(`no API answers ${method} ${path}`))
    if (route.region !== this.parts.region)
      return sendError(invalidArgument(`regionId ${route.region} is not served here`))
    if (bodyText !== '' && parsedBody === undefined && method !== 'GET')
      return sendError(invalidArgument('the request body is not valid JSON'))
    // Strict as JD Cloud's own definitions: a name they do not know is refused, never ignored.
    const refused = requestProblems(service.contract, {
      method,
      path: belowRegion(path),
      query: rawQuery,
      body: bodyText
    })
    if (refused.length > 0) return sendError(invalidArgument(refused.join('; ')))

    const fault = faults.take(route.api, route)
    if (fault) call.fault = fault.kind
    // A slow answer comes late; with when 'after' the call takes effect first (it lands, but its
    // answer outlives the client's timeout).
    const slowAfter = fault?.kind === 'slow' && fault.when === 'after'
    if (fault?.kind === 'slow' && !slowAfter) await this.delay(fault.delayMs ?? 0)
    const acting = fault && fault.kind !== 'slow' ? fault : undefined

    if (acting && acting.when !== 'after' && MUTATING_APIS.has(route.api))
      return this.answerFault(
        res,
        call,
        acting,
        { result: undefined, applied: false },
        send,
        sendError
      )

    let outcome: ApiAnswer | ApiError
    try {
      outcome = service.handle({ ...routeParams(route), query: call.query, body: parsedBody })
      call.applied = outcome.applied
    } catch (error) {
      outcome = error instanceof ApiError ? error : internal(error)
    }
    if (slowAfter) await this.delay(fault.delayMs ?? 0)
    if (acting) return this.answerFault(res, call, acting, outcome, send, sendError)
    if (outcome instanceof ApiError) return sendError(outcome)
    const drift = answerProblems(service.contract, route.api, outcome.result)
    if (drift.length > 0) {
      console.error(`emulator: its ${route.api} answer breaks the contract`, drift)
      return sendError(
        new ApiError(500, 'INTERNAL', `emulator answer breaks the contract: ${drift.join('; ')}`)
      )
    }
    send({
      status: 200,
      body: JSON.stringify({ requestId: call.requestId, result: outcome.result })
    })
  }

  private answerFault(
    res: ServerResponse,
    call: RecordedCall,
    fault: Fault,
    outcome: ApiAnswer | ApiError,
    send: (answer: Answer) => void,
    sendError: (error: ApiError, headers?: Record<string, string>) => void
  ): void {
    const retryAfter: Record<string, string> =
      fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}
    switch (fault.kind) {
      case 'reset':
        res.socket?.destroy()
        this.parts.handled(call)
        return
      case 'malformed':
        return send({
          status: 200,
          body: `{"requestId":"${call.requestId}","result":<html>not json</html>`,
          headers: retryAfter
        })
      case 'truncated': {
        const body =
          outcome instanceof ApiError
            ? { requestId: call.requestId, error: errorBody(outcome) }
            : { requestId: call.requestId, result: outcome.result }
        return send({
          status: 200,
          body: JSON.stringify(body),
          headers: retryAfter,
          truncate: true
        })
      }
      default: {
        const status = fault.status ?? 500
        const errorStatus = fault.errorStatus ?? defaultErrorStatus(status)
        if (fault.gatewayBody) {
          call.errorStatus = undefined
          return send({
            status,
            body: gatewayHtml(status),
            headers: { 'content-type': 'text/html', ...retryAfter }
          })
        }
        return sendError(
          new ApiError(status, errorStatus, faultMessage(fault, errorStatus)),
          retryAfter
        )
      }
    }
  }

  /** Real time on purpose: a slow answer is about the transport, not the simulated podRegion. */
  private delay(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        resolve()
      }, ms)
      this.timers.add(timer)
    })
  }
}

/** `/v1/regions/cn-north-1/pods/pod-a%3Arebuild` → `/pods/pod-a:rebuild` */
function belowRegion(path: string): string {
  const decoded = path
    .split('/')
    .map(segment => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return segment
      }
    })
    .join('/')
  return decoded.replace(/^\/v1\/regions\/[^/]+/, '')
}

function routeParams<A extends ApiName>(route: Route<A>): Omit<ApiRequest<A>, 'query' | 'body'> {
  const { region: _region, ...params } = route
  return params
}

/** The path parameters a RecordedCall keeps (a container name is not one of them). */
function recordedParams(route: Route): Partial<RecordedCall> {
  const { podId, secretName, targetGroupId, backendId } = route
  return Object.fromEntries(
    Object.entries({ podId, secretName, targetGroupId, backendId }).filter(
      ([, value]) => value !== undefined
    )
  )
}

function errorBody(error: ApiError): { code: number; status: string; message: string } {
  return { code: error.httpStatus, status: error.status, message: error.message }
}

function errorAnswer(requestId: string, error: ApiError, headers?: Record<string, string>): Answer {
  return {
    status: error.httpStatus,
    body: JSON.stringify({ requestId, error: errorBody(error) }),
    headers
  }
}

function internal(error: unknown): ApiError {
  console.error('emulator: a handler failed', error)
  return new ApiError(500, 'INTERNAL', 'internal error in the emulator')
}

function respond(res: ServerResponse, requestId: string, answer: Answer): void {
  const full = Buffer.from(answer.body, 'utf8')
  const body = answer.truncate ? full.subarray(0, Math.floor(full.length / 2)) : full
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    ...answer.headers,
    'content-length': String(body.length),
    'x-jdcloud-request-id': requestId
  })
  res.end(body)
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** Lower-case names; repeated headers joined as HTTP does. */
function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headersDistinct))
    if (value !== undefined) headers[name] = value.join(', ')
  return headers
}
