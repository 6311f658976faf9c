import type { DockerRegistryData } from './types.js'

/**
 * createSecret wants every data value base64-encoded with no newlines (the API page says so;
 * the SDKs pass through what they get). This is the one place that encodes, so the rule can
 * change here alone if JD Cloud ever turns out to take plain values.
 */
export function encodeRegistryData(data: DockerRegistryData): Record<string, string> {
  const encoded: Record<string, string> = {
    server: toBase64(data.server),
    username: toBase64(data.username),
    password: toBase64(data.password)
  }
  if (data.email !== undefined && data.email !== '') encoded.email = toBase64(data.email)
  return encoded
}

export function toBase64(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64')
}
