import { hasAnyControlCharacter } from './parse.js'
import { quote } from '../text.js'

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
  // A signed request (and createSecret's registry password) must not cross a network in clear.
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    throw new Error(
      `must use https: plain http is allowed only for this machine (127.0.0.1, ::1, localhost), not ${quote(url.hostname)}`
    )
  return new URL(url.origin)
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts a request reaches without crossing a network. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}
