import type { Readable } from 'node:stream'
import { JdcloudError } from './errors.js'
import type { ApiName } from './errors.js'

/**
 * An answer's body as text, read chunk by chunk and refused past `maxBytes`: a hostile or broken
 * server sending hundreds of megabytes must not grow the runner's memory with it.
 */
export async function readCapped(body: Readable, maxBytes: number, api: ApiName): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array)
    size += bytes.length
    if (size > maxBytes) {
      body.destroy()
      throw new JdcloudError({
        api,
        status: 'RESPONSE_TOO_LARGE',
        message: `the answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB: not read`
      })
    }
    chunks.push(bytes)
  }
  return Buffer.concat(chunks).toString('utf8')
}
