/**
 * JDCLOUD2-HMAC-SHA256 request signing, as JD Cloud's official SDKs do it (an AWS SigV4 cousin).
 * The emulator verifies with the same canonical forms, and a conformance test proves every
 * Authorization header byte-identical to the official jdcloud-sdk-js.
 */
import { createHash, createHmac } from 'node:crypto'

export const ALGORITHM = 'JDCLOUD2-HMAC-SHA256'
const TERMINATOR = 'jdcloud2_request'
/** Never signed: a proxy may rewrite them. Every `x-jdcloud-*` header is signed regardless. */
const UNSIGNABLE = new Set(['authorization', 'user-agent'])

export interface Credentials {
  accessKey: string
  secretKey: string
}

/** A request exactly as it will travel: `path` and `query` already percent-encoded. */
export interface WireRequest {
  method: string
  path: string
  query: string
  /** Lower-case names; must include `host`. */
  headers: Record<string, string>
  body: string
}

export interface SigningContext {
  region: string
  service: string
  /** Signing time; also goes out as `x-jdcloud-date`. */
  date: Date
  /** Fresh per request (the gateway refuses a replayed nonce). */
  nonce: string
}

/** Percent-encodes over UTF-8, leaving only `A-Z a-z 0-9 - _ . ~`, upper-case hex. */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

/** Encodes each `/`-separated segment of an unencoded path. */
export function encodePath(path: string): string {
  return path.split('/').map(uriEscape).join('/')
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return value
  }
}

/**
 * The canonical path of a path as received: segments are decoded and encoded again, so a
 * literal `:` and its `%3A` sign alike (the gateway normalises what it receives).
 */
export function canonicalPath(path: string): string {
  if (path === '') return '/'
  return path
    .split('/')
    .map(segment => uriEscape(safeDecode(segment)))
    .join('/')
}

/** Decodes, re-encodes, sorts by name and then by value; `name=` for a missing value. */
export function canonicalQuery(query: string): string {
  if (query === '') return ''
  const pairs = query
    .split('&')
    .filter(part => part !== '')
    .map(part => {
      const eq = part.indexOf('=')
      const name = safeDecode(eq === -1 ? part : part.slice(0, eq))
      const value = eq === -1 ? '' : safeDecode(part.slice(eq + 1))
      return { name, encodedName: uriEscape(name), encodedValue: uriEscape(value) }
    })
  pairs.sort((a, b) =>
    a.name !== b.name
      ? compareCodeUnits(a.name, b.name)
      : compareCodeUnits(a.encodedValue, b.encodedValue)
  )
  return pairs.map(pair => `${pair.encodedName}=${pair.encodedValue}`).join('&')
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Values trimmed, inner runs of white space folded to one space. */
export function canonicalHeaderValue(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

export function isSignableHeader(name: string): boolean {
  const lower = name.toLowerCase()
  return lower.includes('x-jdcloud-') || !UNSIGNABLE.has(lower)
}

export function signedHeaderNames(headers: Record<string, string>): string[] {
  return Object.keys(headers)
    .map(name => name.toLowerCase())
    .filter(isSignableHeader)
    .sort()
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, '')
}

export function credentialScope(dateStamp: string, region: string, service: string): string {
  return `${dateStamp}/${region}/${service}/${TERMINATOR}`
}

export function canonicalRequest(
  request: WireRequest,
  signedHeaders: readonly string[],
  bodyHash: string
): string {
  const lowerCased = new Map(
    Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])
  )
  const headerLines = signedHeaders
    .map(name => `${name}:${canonicalHeaderValue(lowerCased.get(name) ?? '')}\n`)
    .join('')
  return [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query),
    headerLines,
    signedHeaders.join(';'),
    bodyHash
  ].join('\n')
}

export function signingKey(
  secretKey: string,
  dateStamp: string,
  region: string,
  service: string
): Buffer {
  const kDate = hmac(`JDCLOUD2${secretKey}`, dateStamp)
  const kRegion = hmac(kDate, region)
  const kService = hmac(kRegion, service)
  return hmac(kService, TERMINATOR)
}

/** The hex signature of a request whose signed headers are `signedHeaders`. */
export function computeSignature(
  request: WireRequest,
  signedHeaders: readonly string[],
  secretKey: string,
  dateTime: string,
  region: string,
  service: string
): string {
  const dateStamp = dateTime.slice(0, 8)
  const scope = credentialScope(dateStamp, region, service)
  const stringToSign = [
    ALGORITHM,
    dateTime,
    scope,
    sha256Hex(canonicalRequest(request, signedHeaders, sha256Hex(request.body)))
  ].join('\n')
  return createHmac('sha256', signingKey(secretKey, dateStamp, region, service))
    .update(stringToSign, 'utf8')
    .digest('hex')
}

/**
 * Adds `x-jdcloud-date` and `x-jdcloud-nonce` to the request's headers and returns them with the
 * `authorization` header that signs them all. (No input sets an MFA security token, so none is
 * sent: the Python and Java SDKs would send one base64-encoded, and sign it like any x-jdcloud-*.)
 */
export function signRequest(
  request: WireRequest,
  credentials: Credentials,
  context: SigningContext
): Record<string, string> {
  const dateTime = formatDateTime(context.date)
  const headers: Record<string, string> = {
    ...request.headers,
    'x-jdcloud-date': dateTime,
    'x-jdcloud-nonce': context.nonce
  }
  const signed = signedHeaderNames(headers)
  const signature = computeSignature(
    { ...request, headers },
    signed,
    credentials.secretKey,
    dateTime,
    context.region,
    context.service
  )
  const scope = credentialScope(dateTime.slice(0, 8), context.region, context.service)
  headers.authorization =
    `${ALGORITHM} Credential=${credentials.accessKey}/${scope}, ` +
    `SignedHeaders=${signed.join(';')}, Signature=${signature}`
  return headers
}

export interface ParsedAuthorization {
  accessKey: string
  dateStamp: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
}

/** Parses an Authorization header; undefined when it is not a JDCLOUD2 one. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const match =
    /^JDCLOUD2-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/jdcloud2_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      header?.trim() ?? ''
    )
  if (!match) return undefined
  const [, accessKey, dateStamp, region, service, signedHeaders, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string
  ]
  return {
    accessKey,
    dateStamp,
    region,
    service,
    signedHeaders: signedHeaders.split(';'),
    signature
  }
}
