/**
 * One HTTP check of the verification gate: a GET, redirects followed by hand (same scheme and
 * host only, at most 5), the answer judged by verify-status and verify-body. Never throws: every
 * failure (timeout, refused connection, bad redirect, wrong answer) is an outcome that says what
 * was seen, with secrets masked.
 */
import { errors as undiciErrors, request } from 'undici'
import type { Dispatcher } from 'undici'
import { formatDuration } from '../text.js'
import { escapeControl } from '../text.js'
import { bodyPasses, describeBody, describeStatuses, statusPasses } from './rules.js'
import type { VerifySettings } from './settings.js'
import { Redactor } from '../redaction.js'
import { maskUrl, safeDecode } from './url.js'

export interface CheckRequest {
  /** The URL to check, placeholders expanded; its user-info (if any) is sent as Basic auth. */
  url: URL
  /** Bound on the whole check, redirects and body included. */
  timeoutMs: number
  signal: AbortSignal
}

export interface CheckOutcome {
  passed: boolean
  /** Status of the last answer, when one came. */
  status?: number
  /** First 500 bytes of a failing answer's body, as text, control characters escaped. */
  bodySnippet?: string
  /** Why the check failed, secrets masked. */
  reason?: string
  /** No complete answer within timeoutMs. */
  timedOut?: boolean
}

export type CheckFn = (request: CheckRequest) => Promise<CheckOutcome>

export interface HttpCheckOptions {
  /** undici dispatcher (default: the global one); tests pass a MockAgent or a CA-trusting Agent. */
  dispatcher?: Dispatcher
  /** Most body bytes read for verify-body (default 64 KiB); the rest is never downloaded. */
  maxBodyBytes?: number
}

export const MAX_REDIRECTS = 5
export const SNIPPET_BYTES = 500
export const BODY_CAP_BYTES = 64 * 1024
const REDIRECTS = new Set([301, 302, 303, 307, 308])
const USER_AGENT = 'jdcloud-pod-action (verify)'

export function createHttpCheck(settings: VerifySettings, options: HttpCheckOptions = {}): CheckFn {
  const bodyCap = options.maxBodyBytes ?? BODY_CAP_BYTES
  // The header values, their credentials (`Bearer …`), the URL's password and its Basic pair.
  const redactor = new Redactor(settings.secrets)
  const hide = (text: string): string => redactor.redact(text)
  // A secret that starts inside the snippet is read whole, so it is hidden before the cut.
  const snippetRead = SNIPPET_BYTES + 4 * redactor.longestForm
  const show = (url: URL): string => hide(maskUrl(url))

  return async ({ url, timeoutMs, signal }) => {
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(new Error('request timeout')), timeoutMs)
    const both = AbortSignal.any([signal, timeout.signal])
    const seen: { status?: number } = {}
    try {
      return await follow(url, both, timeoutMs, seen)
    } catch (error) {
      const status = seen.status === undefined ? {} : { status: seen.status }
      if (signal.aborted) return { passed: false, ...status, reason: 'cancelled' }
      if (timeout.signal.aborted || isTimeout(error))
        return {
          passed: false,
          ...status,
          timedOut: true,
          reason: `no complete answer within ${formatDuration(timeoutMs)}`
        }
      return { passed: false, ...status, reason: hide(connectionFailure(error)) }
    } finally {
      clearTimeout(timer)
    }
  }

  async function follow(
    start: URL,
    signal: AbortSignal,
    timeoutMs: number,
    seen: { status?: number }
  ): Promise<CheckOutcome> {
    const headers = requestHeaders(settings.headers, start)
    let current = withoutUserInfo(start)
    for (let hop = 0; ; hop++) {
      const response = await request(current, {
        method: 'GET',
        headers,
        signal,
        maxRedirections: 0,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {})
      })
      const status = response.statusCode
      seen.status = status
      const location = [response.headers.location].flat()[0]
      const passes = statusPasses(status, settings.statuses)
      if (REDIRECTS.has(status) && location !== undefined && !passes) {
        discard(response.body)
        const redirected = `redirected (HTTP ${status})`
        let next: URL
        try {
          next = withoutUserInfo(new URL(location, current))
        } catch {
          return { passed: false, status, reason: `${redirected} to a Location that is no URL` }
        }
        if (next.protocol !== start.protocol)
          return {
            passed: false,
            status,
            reason: `${redirected} from ${start.protocol} to ${next.protocol} (${show(next)}): redirects are followed only within the same scheme`
          }
        if (next.host !== start.host)
          return {
            passed: false,
            status,
            reason: `${redirected} to another host (${show(next)}): redirects are followed only within ${start.protocol}//${start.host}`
          }
        if (hop === MAX_REDIRECTS)
          return {
            passed: false,
            status,
            reason: `more than ${MAX_REDIRECTS} redirects (the last to ${show(next)})`
          }
        current = next
        continue
      }
      const cap = !passes ? snippetRead : settings.body ? Math.max(bodyCap, snippetRead) : 0
      const { bytes, truncated } = await readCapped(response.body, cap)
      // Redacted first, then cut: a cut must not leave the first half of a secret. Lines stay
      // lines (the summary shows the body as text); other control characters escaped.
      const snippet = (): string =>
        decode(Buffer.from(hide(decode(bytes.subarray(0, snippetRead)))).subarray(0, SNIPPET_BYTES))
          .split(/\r?\n/)
          .map(escapeControl)
          .join('\n')
      if (!passes)
        return {
          passed: false,
          status,
          bodySnippet: snippet(),
          reason: `answered HTTP ${status}; verify-status accepts ${describeStatuses(settings.statuses)}`
        }
      if (settings.body && !bodyPasses(decode(bytes.subarray(0, bodyCap)), settings.body)) {
        const within =
          truncated || bytes.length > bodyCap ? ` in its first ${formatBytes(bodyCap)}` : ''
        return {
          passed: false,
          status,
          bodySnippet: snippet(),
          reason: hide(`the body does not ${describeBody(settings.body)}${within}`)
        }
      }
      return { passed: true, status }
    }
  }
}

/** The user's headers, a default User-Agent, and Basic auth from the URL's user-info. */
function requestHeaders(extra: ReadonlyArray<[string, string]>, url: URL): string[] {
  const flat: string[] = []
  const has = (name: string): boolean =>
    extra.some(([given]) => given.toLowerCase() === name.toLowerCase())
  if (!has('user-agent')) flat.push('user-agent', USER_AGENT)
  if ((url.username || url.password) && !has('authorization')) {
    const user = safeDecode(url.username)
    const password = safeDecode(url.password)
    flat.push('authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`)
  }
  for (const [name, value] of extra) flat.push(name, value)
  return flat
}

function withoutUserInfo(url: URL): URL {
  const copy = new URL(url.href)
  copy.username = ''
  copy.password = ''
  copy.hash = ''
  return copy
}

type Body = AsyncIterable<unknown> & {
  destroy(): unknown
  on(event: 'error', listener: () => void): unknown
}

/** Lets the rest of a body go: undici aborts the transfer (an error nobody needs to hear). */
function discard(body: Body): void {
  body.on('error', () => undefined)
  body.destroy()
}

/** At most `cap` bytes of the body; the stream is destroyed after, so the rest never comes. */
async function readCapped(body: Body, cap: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  let truncated = false
  if (cap > 0) {
    for await (const chunk of body) {
      const buffer = chunk as Buffer
      chunks.push(buffer)
      size += buffer.length
      if (size > cap) {
        truncated = true
        break
      }
    }
  }
  discard(body)
  return { bytes: Buffer.concat(chunks).subarray(0, cap), truncated }
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes)
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  )
}

function connectionFailure(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string }
  return `the connection failed (${code ?? message})`
}
