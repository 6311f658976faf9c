import { hasAnyControlCharacter } from './parse.js'
import { quote } from '../problems.js'

export const DEFAULT_ENDPOINT = 'pod.jdcloud-api.com'

/**
 * Reads the `endpoint` input: a bare host (`pod.jdcloud-api.com`, `host:port`; HTTPS) or a full
 * URL (`http://127.0.0.1:8123` for the emulator, a private endpoint in production).
 * Returns the origin; throws with the rule when the value cannot be one.
 */
export function parseEndpoint(value: string): URL {
  const trimmed = value.trim()
  if (trimmed === '') throw new Error('must not be empty')
  if (hasAnyControlCharacter(trimmed)) throw new Error('must not contain control characters')
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new Error(`${quote(trimmed)} is neither a host name nor an http(s) URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`must use http or https, not ${url.protocol.replace(':', '')}`)
  if (url.username !== '' || url.password !== '')
    throw new Error('must not carry credentials in the URL')
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '')
    throw new Error('must be a host or an origin without a path, query or fragment')
  return new URL(url.origin)
}
