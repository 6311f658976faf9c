/**
 * The API gateway's signature check. It recomputes JDCLOUD2-HMAC-SHA256 over the request exactly
 * as received, with the canonical functions of the action's own signer (which a conformance test
 * holds byte-identical to jdcloud-sdk-js), and refuses what the real gateway refuses.
 */
import type { Clock } from '../src/clock.js'
import { computeSignature, formatDateTime, parseAuthorization } from '../src/jdcloud/signer.js'
import { accessError } from './api-error.js'
import type { ApiError } from './api-error.js'
import type { ServiceName } from './types.js'

export interface ReceivedRequest {
  method: string
  /** As received, still percent-encoded. */
  path: string
  /** As received, without the `?`. */
  query: string
  /** Lower-case names. */
  headers: Record<string, string>
  body: Buffer
}

export interface AuthConfig {
  accessKey: string
  secretKey: string
  region: string
  maxClockSkewMs: number
  clock: Clock
  /** The service of the credential scope and of the key chain: one gateway per service. */
  service: ServiceName
}

export class Authenticator {
  /** nonce → the request time it came with; forgotten once that time is outside the window. */
  private readonly nonces = new Map<string, number>()

  constructor(private readonly config: AuthConfig) {}

  /** Undefined when the request may pass; otherwise the gateway's 401. */
  verify(request: ReceivedRequest): ApiError | undefined {
    const { headers } = request
    if (headers.authorization === undefined) return accessError('lack of header authorization')
    const auth = parseAuthorization(headers.authorization)
    if (!auth) return accessError('invalid header authorization')
    const dateTime = headers['x-jdcloud-date']
    if (dateTime === undefined) return accessError('lack of header x-jdcloud-date')
    const nonce = headers['x-jdcloud-nonce']
    if (nonce === undefined || nonce === '') return accessError('lack of header x-jdcloud-nonce')
    if (auth.accessKey !== this.config.accessKey) return accessError('Invalid accessKey')

    const signedAt = parseDateTime(dateTime)
    if (signedAt === undefined) return accessError(`invalid x-jdcloud-date ${dateTime}`)
    const now = this.config.clock.now()
    if (Math.abs(signedAt - now) > this.config.maxClockSkewMs)
      return accessError(
        `x-jdcloud-date is expired: ${dateTime} is more than ` +
          `${Math.round(this.config.maxClockSkewMs / 1000)}s away from ${formatDateTime(new Date(now))}`
      )
    if (auth.dateStamp !== dateTime.slice(0, 8))
      return accessError('the date of the credential scope does not match x-jdcloud-date')
    if (auth.region !== this.config.region)
      return accessError(`invalid region ${auth.region} in the credential scope`)
    if (auth.service !== this.config.service)
      return accessError(`invalid service ${auth.service} in the credential scope`)

    const unsigned = ['host', ...Object.keys(headers).filter(name => name.startsWith('x-jdcloud-'))]
    const missing = unsigned.find(name => !auth.signedHeaders.includes(name))
    if (missing !== undefined) return accessError(`header ${missing} is not signed`)

    const expected = computeSignature(
      {
        method: request.method,
        path: request.path,
        query: request.query,
        headers,
        body: request.body.toString('utf8')
      },
      auth.signedHeaders,
      this.config.secretKey,
      dateTime,
      this.config.region,
      this.config.service
    )
    if (expected !== auth.signature) return accessError('sign result is not same')

    // Only a request that passed counts its nonce: a forged one must not burn a real one.
    if (this.nonces.size > 10_000) this.forgetOldNonces(now)
    if (this.nonces.has(nonce)) return accessError('nonce is used')
    this.nonces.set(nonce, signedAt)
    return undefined
  }

  // A nonce older than the skew window can be forgotten: its date alone gets a replay refused.
  private forgetOldNonces(now: number): void {
    for (const [nonce, signedAt] of this.nonces)
      if (signedAt < now - this.config.maxClockSkewMs) this.nonces.delete(nonce)
  }
}

/** `YYYYMMDDTHHMMSSZ` → epoch ms; undefined when it is not one. */
export function parseDateTime(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!match) return undefined
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[]
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!)
  return formatDateTime(new Date(ms)) === value ? ms : undefined
}
