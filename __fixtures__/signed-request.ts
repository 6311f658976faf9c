// A bare signed request to the emulator (no retries, no client logic), for tests that need to
// see exactly what travels: the answer's status, headers and body, or a request tampered with
// after signing.
import { randomUUID } from 'node:crypto'
import { request } from 'undici'
import { encodePath, signRequest, uriEscape } from '../src/jdcloud/signer.js'

export interface Target {
  url: string
  region: string
  credentials: { accessKey: string; secretKey: string }
  clock?: { now(): number }
}

export interface Wire {
  method: string
  /** Percent-encoded path. */
  path: string
  query: string
  headers: Record<string, string>
  body: string
}

export interface SignedOptions {
  query?: Array<[string, string | number]>
  /** An object is sent as JSON; a string as is. */
  body?: unknown
  /** Overrides of the signing inputs. */
  date?: Date
  nonce?: string
  accessKey?: string
  secretKey?: string
  region?: string
  /** The service of the credential scope: `pod` (default) or `lb`. */
  service?: string
  /** Changes the request after it was signed. */
  tamper?: (wire: Wire) => void
  /** Send the path with a literal `:` instead of `%3A`. */
  literalColon?: boolean
}

export interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Signs and sends `method` to `/v1/regions/{region}{path}` (`path` unencoded). */
export async function signed(
  target: Target,
  method: string,
  path: string,
  options: SignedOptions = {}
): Promise<Reply> {
  const origin = new URL(target.url)
  const region = options.region ?? target.region
  let encoded = encodePath(`/v1/regions/${region}${path}`)
  if (options.literalColon) encoded = encoded.replace(/%3A/g, ':')
  const body =
    options.body === undefined
      ? ''
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body)
  const wire: Wire = {
    method,
    path: encoded,
    query: (options.query ?? [])
      .map(([name, value]) => `${uriEscape(name)}=${uriEscape(String(value))}`)
      .join('&'),
    headers: { host: origin.host, 'content-type': 'application/json' },
    body
  }
  wire.headers = signRequest(
    wire,
    {
      accessKey: options.accessKey ?? target.credentials.accessKey,
      secretKey: options.secretKey ?? target.credentials.secretKey
    },
    {
      region,
      service: options.service ?? 'pod',
      date: options.date ?? new Date(target.clock?.now() ?? Date.now()),
      nonce: options.nonce ?? randomUUID()
    }
  )
  options.tamper?.(wire)
  const response = await request(
    `${origin.origin}${wire.path}${wire.query ? `?${wire.query}` : ''}`,
    {
      method: wire.method as 'GET',
      headers: wire.headers,
      body: wire.body === '' ? undefined : wire.body
    }
  )
  const text = await response.body.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.statusCode, headers: response.headers, text, json }
}
