/**
 * verify-url as a template: its placeholders, its expansion for one pod, and the masked form that
 * is the only form of it ever shown (log, records, dry-run). Pure.
 */
import { isIP } from 'node:net'
import { MASK } from '../redaction.js'

export const PLACEHOLDERS = ['podIp', 'podName', 'podId'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

/** What a placeholder stands for: one pod of the batch. */
export interface PodValues {
  podId: string
  podName: string
  podIp?: string
}

/** How a pod is named in messages: its name, or its ID when it has none. */
export function podLabel(pod: PodValues): string {
  return pod.podName || pod.podId
}

// Lower-case letters only, so that a placeholder in the host survives URL parsing unchanged.
const SENTINELS: Record<Placeholder, string> = {
  podIp: 'xverifypodipx',
  podName: 'xverifypodnamex',
  podId: 'xverifypodidx'
}

export { MASK }

/** Every `{name}` in the text, in order (known or not). */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map(match => match[1] as string)
}

export function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name)
}

/** The template parsed with stand-ins for its placeholders; throws when it is not a URL. */
export function parseTemplate(template: string): URL {
  let text = template
  for (const name of PLACEHOLDERS) text = text.replaceAll(`{${name}}`, SENTINELS[name])
  return new URL(text)
}

/** The URL checked for one pod, or why there is none (a pod without an IP address, say). */
export function expandUrl(template: string, pod: PodValues): { url: URL } | { error: string } {
  let text = template
  if (text.includes('{podIp}')) {
    if (!pod.podIp) return { error: `pod ${podLabel(pod)} has no IP address yet` }
    if (isIP(pod.podIp) === 0) return { error: `pod ${podLabel(pod)} has no usable IP address` }
    text = text.replaceAll('{podIp}', pod.podIp)
  }
  text = text
    .replaceAll('{podName}', encodeURIComponent(pod.podName))
    .replaceAll('{podId}', encodeURIComponent(pod.podId))
  try {
    return { url: new URL(text) }
  } catch {
    return { error: `the URL for pod ${podLabel(pod)} is not valid` }
  }
}

/** The masked template expanded for one pod: what records and the log show for that pod. */
export function displayUrlFor(template: string, pod: PodValues): string {
  return maskTemplate(template)
    .replaceAll('{podIp}', pod.podIp && isIP(pod.podIp) !== 0 ? pod.podIp : '{podIp}')
    .replaceAll('{podName}', encodeURIComponent(pod.podName))
    .replaceAll('{podId}', encodeURIComponent(pod.podId))
}

/**
 * A query value is taken for a secret when its name says so (token, key, sig…) or when it looks
 * like one: 20 or more letters, digits and token punctuation, with both letters and digits.
 */
export function looksSecret(name: string, value: string): boolean {
  if (value === '') return false
  if (/token|secret|passw|pwd|key|auth|sig|session|credential|ticket|code|jwt|bearer/i.test(name))
    return true
  return /^[A-Za-z0-9._~+/=-]{20,}$/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value)
}

/**
 * The URL as it may be shown: the user-info password and secret-looking query values replaced
 * by `***`, the fragment (never sent) dropped. Values that hold a placeholder are kept.
 */
export function maskUrl(url: URL): string {
  const copy = new URL(url.href)
  if (copy.password) copy.password = MASK
  const params = [...copy.searchParams]
  const keep = (value: string): boolean =>
    Object.values(SENTINELS).some(sentinel => value.includes(sentinel))
  if (params.some(([name, value]) => looksSecret(name, value) && !keep(value))) {
    copy.search = new URLSearchParams(
      params.map(([name, value]): [string, string] => [
        name,
        looksSecret(name, value) && !keep(value) ? MASK : value
      ])
    ).toString()
  }
  copy.hash = ''
  return copy.href
}

/** maskUrl for the template, placeholders intact; a template that is no URL is not shown. */
export function maskTemplate(template: string): string {
  let shown: string
  try {
    shown = maskUrl(parseTemplate(template))
  } catch {
    return '(not a valid URL)'
  }
  for (const name of PLACEHOLDERS) shown = shown.replaceAll(SENTINELS[name], `{${name}}`)
  return shown
}

/** Query values of the URL that looksSecret takes for secrets. */
export function secretQueryValues(url: URL): string[] {
  return [...url.searchParams]
    .filter(([name, value]) => looksSecret(name, value))
    .map(([, value]) => value)
    .filter(value => !Object.values(SENTINELS).some(sentinel => value.includes(sentinel)))
}

/** decodeURIComponent, or the text as it is when it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
