// The official jdcloud-sdk-js (dev-only) as a reference client: it either sends its requests for
// real (to the emulator) or hands them to a capture function, so a test can compare our wire
// format with JD Cloud's own.
import { createRequire } from 'node:module'
import type { ApiName } from '../src/jdcloud/errors.js'

const require = createRequire(import.meta.url)

export interface CapturedRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body: string
}

/** The SDK's pod service, for the calls the action makes: `opts` in, `{requestId, result}` out. */
export type OfficialPodClient = Record<
  ApiName,
  (opts: Record<string, unknown>) => Promise<{ requestId: string; result: unknown }>
>

interface SdkFetch {
  (request: unknown): Promise<unknown>
  Request: new (url: string, init: unknown) => unknown
  Headers: unknown
  Response: new (body: string, init: unknown) => unknown
}

const JDCloud = require('jdcloud-sdk-js') as {
  fetch: SdkFetch
  config: { logger: (message: string) => void }
  POD: new (config: Record<string, unknown>) => OfficialPodClient
}
const realFetch = JDCloud.fetch
// The SDK's signer logs its canonical strings and signatures through the global logger.
JDCloud.config.logger = () => undefined

export interface OfficialClientOptions {
  accessKey: string
  secretKey: string
  region?: string
  /** `host[:port]` */
  host: string
  protocol?: 'http' | 'https'
}

export function officialPodClient(options: OfficialClientOptions): OfficialPodClient {
  return new JDCloud.POD({
    credentials: { accessKeyId: options.accessKey, secretAccessKey: options.secretKey },
    regionId: options.region ?? 'cn-north-1',
    endpoint: { host: options.host, protocol: options.protocol ?? 'http' },
    // The SDK logs every request (credentials included) through this hook by default.
    logger: () => undefined
  })
}

/**
 * Runs `call` with the SDK's fetch swapped for one that records each request and answers an
 * empty success, and returns what the SDK would have sent.
 */
export async function captureOfficialRequests(
  call: () => Promise<unknown>
): Promise<CapturedRequest[]> {
  const captured: CapturedRequest[] = []
  const capture = Object.assign(
    async (request: {
      method: string
      url: string
      headers: { forEach(fn: (value: string, name: string) => void): void }
      text(): Promise<string>
    }) => {
      const headers: Record<string, string> = {}
      request.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value
      })
      captured.push({
        method: request.method,
        url: new URL(request.url),
        headers,
        body: await request.text()
      })
      return new realFetch.Response('{"requestId":"captured","result":{}}', {
        status: 200,
        headers: { 'content-type': 'application/json' }
      })
    },
    { Request: realFetch.Request, Headers: realFetch.Headers, Response: realFetch.Response }
  )
  JDCloud.fetch = capture as unknown as SdkFetch
  try {
    await call()
  } finally {
    JDCloud.fetch = realFetch
  }
  return captured
}
