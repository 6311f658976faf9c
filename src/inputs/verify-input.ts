/**
 * The verification gate's inputs (verify-url, verify-status, verify-body, verify-for,
 * verify-interval, verify-header) and canary → typed, checked values. Every problem goes to the
 * caller's Problems before any API call; secrets go to `mask` the moment they are read. An empty
 * input takes the default written here (the same as action.yml's), so a reader that returns ''
 * for a missing input works too.
 */
import type { Problems } from '../problems.js'
import { formatDuration, quote } from '../text.js'
import { compileBodyPattern } from '../verify/body-pattern.js'
import type { BodyRule } from '../verify/rules.js'
import type { VerifySettings } from '../verify/settings.js'
import { VERIFY_DEFAULTS } from '../verify/settings.js'
import {
  PLACEHOLDERS,
  isPlaceholder,
  parseTemplate,
  placeholdersIn,
  safeDecode,
  secretQueryValues
} from '../verify/url.js'
import { hasAnyControlCharacter, parseDuration, parseInteger, parseList } from './parse.js'

const MAX_STATUS_ENTRIES = 50
const MAX_BODY = 1000
const ALLOWED_FLAGS = 'imsu'

const RANGE_RULE = 'is not a range low-high of HTTP status codes (100-599)'

const MAX_URL = 2000
const MAX_HEADERS = 50
const MAX_CANARY = 1000
const FOR_BOUNDS = { minMs: 0, maxMs: 3_600_000 }
const INTERVAL_BOUNDS = { minMs: 1000, maxMs: 10 * 60_000 }
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// Set by the HTTP client itself (or refused by it): a check sending them would fail every time.
const RESERVED = new Set([
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'expect'
])

/**
 * What undici 6 sends as a header value, and nothing else: its request.js (processHeader) throws
 * `invalid <name> header` for a value that lib/core/util.js isValidHeaderValue refuses, with
 * `headerCharRegex = /[^\t\x20-\x7e\x80-\xff]/` (field-vchar = VCHAR / obs-text, RFC 9110, as
 * Node's lib/_http_common.js has it). Checked here, the value is refused before any call instead
 * of failing every check after the pod was rebuilt.
 */
const UNSENDABLE_HEADER_CHARACTER = /[^\t\x20-\x7e\x80-\xff]/

export function isSendableHeaderValue(value: string): boolean {
  return !UNSENDABLE_HEADER_CHARACTER.test(value)
}

/**
 * verify-for counts against timeout, after the pod was taken out (and drained) and moved: one
 * that takes all of what the timeout leaves can only fail. Says what would fit.
 */
export function checkVerifyForFits(
  verify: Pick<VerifySettings, 'forMs'>,
  timeoutMs: number,
  drainMs: number,
  problems: Problems
): void {
  const leftMs = timeoutMs - drainMs
  if (verify.forMs < leftMs) return
  const less = drainMs > 0 ? ` less drain ${formatDuration(drainMs)}` : ''
  const fits =
    leftMs > 1000
      ? `a verify-for under ${formatDuration(leftMs)} (e.g. ${formatDuration(Math.floor(leftMs / 2000) * 1000)})`
      : 'no verify-for'
  problems.add(
    'verify-for',
    `${formatDuration(verify.forMs)} does not fit in timeout ${formatDuration(timeoutMs)}${less}: the check runs within the timeout, after the pod is moved; ${fits} fits, or a timeout over ${formatDuration(verify.forMs + drainMs)}`
  )
}

/**
 * The gate's settings, or undefined when verify-url is empty (no gate). The other verify-* inputs
 * are checked even then: a bad value is a mistake either way.
 */
export function readVerifySettings(
  read: (name: string) => string,
  problems: Problems,
  mask: (secret: string) => void
): VerifySettings | undefined {
  // Secrets first, before any problem message could echo them.
  const headers = readHeaders(read('verify-header'), problems, mask)
  const rawUrl = read('verify-url').trim()
  const secrets = headers.map(([, value]) => value).filter(value => value !== '')
  const url = rawUrl === '' ? undefined : readUrl(rawUrl, problems, mask, secrets)
  if (rawUrl === '')
    for (const name of ['verify-body', 'verify-header'])
      if (read(name).trim() !== '') problems.add(name, 'is used only with verify-url')

  const statuses = readStatuses(read('verify-status').trim() || VERIFY_DEFAULTS.status, problems)
  const body = readBody(read('verify-body').trim(), problems)
  const forText = read('verify-for').trim() || VERIFY_DEFAULTS.for
  const forMs = parseDuration('verify-for', forText, problems, FOR_BOUNDS)
  const intervalText = read('verify-interval').trim() || VERIFY_DEFAULTS.interval
  const intervalMs = parseDuration('verify-interval', intervalText, problems, INTERVAL_BOUNDS)
  if (!url || !statuses || body === null || forMs === undefined || intervalMs === undefined)
    return undefined
  return {
    url,
    perPod: placeholdersIn(url).length > 0,
    statuses,
    ...(body ? { body } : {}),
    forMs,
    intervalMs,
    headers,
    secrets
  }
}

/** canary: pods in the first batch; undefined when empty (the fleet then uses max-parallel). */
export function readCanary(read: (name: string) => string, problems: Problems): number | undefined {
  const raw = read('canary').trim()
  if (raw === '') return undefined
  return parseInteger('canary', raw, problems, { min: 1, max: MAX_CANARY })
}

function readUrl(
  raw: string,
  problems: Problems,
  mask: (secret: string) => void,
  secrets: string[]
): string | undefined {
  if (raw.length > MAX_URL) {
    problems.add('verify-url', `is longer than ${MAX_URL} characters`)
    return undefined
  }
  if (hasAnyControlCharacter(raw)) {
    problems.add('verify-url', 'has a control character')
    return undefined
  }
  const unknown = placeholdersIn(raw).filter(name => !isPlaceholder(name))
  let url: URL | undefined
  try {
    url = parseTemplate(
      raw.replace(/\{[^{}]*\}/g, match => (unknown.includes(match.slice(1, -1)) ? 'x' : match))
    )
  } catch {
    url = undefined
  }
  // Secrets first, even from a URL with a mistake in it.
  if (url?.password) {
    const password = safeDecode(url.password)
    const basic = Buffer.from(`${safeDecode(url.username)}:${password}`).toString('base64')
    for (const secret of new Set([password, url.password, basic])) {
      mask(secret)
      secrets.push(secret)
    }
  }
  for (const value of url ? secretQueryValues(url) : []) {
    if (value.length >= 6) mask(value)
    secrets.push(value)
  }
  const known = PLACEHOLDERS.map(name => `{${name}}`).join(', ')
  for (const name of unknown)
    problems.add(
      'verify-url',
      `unknown placeholder ${quote(`{${name}}`)}: the placeholders are ${known}`
    )
  if (unknown.length > 0) return undefined
  if (!url) {
    problems.add(
      'verify-url',
      `${quote(echoable(raw))} is not a URL, e.g. http://{podIp}:8080/healthz`
    )
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // `localhost:8300/x` parses as the scheme `localhost:`: the scheme was left out.
    const hostLike = /^[a-z0-9.-]+:\d+(\/|$)/i.test(raw)
    problems.add(
      'verify-url',
      hostLike
        ? `${quote(echoable(raw))} has no scheme: add http:// (or https://), e.g. http://${echoable(raw)}`
        : `${quote(url.protocol)} is not http: or https:`
    )
    return undefined
  }
  return raw
}

/** A URL that did not parse, fit to echo: any user-info password and the query left out. */
function echoable(raw: string): string {
  return raw.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@').replace(/\?.*$/s, '?…')
}

/** One `Name: value` a line. Values are secrets: no message here ever echoes one. */
function readHeaders(
  raw: string,
  problems: Problems,
  mask: (secret: string) => void
): Array<[string, string]> {
  const headers: Array<[string, string]> = []
  const lines = raw.split('\n')
  let counted = 0
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    if (++counted > MAX_HEADERS) {
      if (counted === MAX_HEADERS + 1)
        problems.add('verify-header', `has more than ${MAX_HEADERS} headers`)
      return
    }
    const where = `line ${index + 1}`
    const colon = line.indexOf(':')
    // Masked even when the line is wrong: a line without a colon may be a bare token.
    const secret = (colon === -1 ? line : line.slice(colon + 1)).trim()
    if (secret !== '') mask(secret)
    if (colon === -1) {
      problems.add('verify-header', `${where} has no colon: write one Name: value a line`)
      return
    }
    const name = line.slice(0, colon).trim()
    const value = line.slice(colon + 1).trim()
    if (!TOKEN.test(name)) {
      problems.add(
        'verify-header',
        `${where}: ${quote(name)} is not a header name (letters, digits and !#$%&'*+-.^_\`|~)`
      )
      return
    }
    if (/[\r\n]/.test(line)) {
      problems.add('verify-header', `${where} (${name}): the value has a CR or LF character`)
      return
    }
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
      problems.add('verify-header', `${where} (${name}): the value has a control character`)
      return
    }
    if (!isSendableHeaderValue(value)) {
      problems.add(
        'verify-header',
        `${where} (${name}): the value has a character the HTTP client refuses to send: a header value may hold only tab, space, visible ASCII and U+0080–U+00FF (not €, emoji or a line separator); percent-encode or base64 it`
      )
      return
    }
    if (RESERVED.has(name.toLowerCase())) {
      problems.add('verify-header', `${where}: ${quote(name)} is set by the HTTP client itself`)
      return
    }
    headers.push([name, value])
  })
  return headers
}

export function readStatuses(raw: string, problems: Problems): Array<[number, number]> | undefined {
  const entries = parseList(raw)
  if (entries.length > MAX_STATUS_ENTRIES) {
    problems.add('verify-status', `has more than ${MAX_STATUS_ENTRIES} entries`)
    return undefined
  }
  if (entries.length === 0) {
    problems.add('verify-status', 'has no status code: use e.g. 200-299')
    return undefined
  }
  const ranges: Array<[number, number]> = []
  const isCode = (code: number): boolean => code >= 100 && code <= 599
  for (const entry of entries) {
    const single = /^\d{1,4}$/.test(entry) ? Number(entry) : undefined
    const range = /^(\d{1,4})\s*-\s*(\d{1,4})$/.exec(entry)
    if (single !== undefined) {
      if (isCode(single)) ranges.push([single, single])
      else problems.add('verify-status', `${quote(entry)} is not an HTTP status code (100-599)`)
    } else if (range) {
      const low = Number(range[1])
      const high = Number(range[2])
      if (isCode(low) && isCode(high) && low <= high) ranges.push([low, high])
      else problems.add('verify-status', `${quote(entry)} ${RANGE_RULE}`)
    } else {
      problems.add(
        'verify-status',
        `${quote(entry)} is not an HTTP status code or a range such as 200-299`
      )
    }
  }
  return ranges.length === entries.length ? ranges : undefined
}

/** undefined: no body rule; null: a problem was added. */
export function readBody(raw: string, problems: Problems): BodyRule | undefined | null {
  if (raw === '') return undefined
  if (raw.length > MAX_BODY) {
    problems.add('verify-body', `is longer than ${MAX_BODY} characters`)
    return null
  }
  const literal = /^\/(.+)\/([A-Za-z]*)$/s.exec(raw)
  if (!literal) return { text: raw }
  const [, pattern, flags] = literal as unknown as [string, string, string]
  const bad = [...flags].find(flag => !ALLOWED_FLAGS.includes(flag))
  if (bad !== undefined) {
    problems.add(
      'verify-body',
      `${quote(raw)}: flag ${quote(bad)} is not allowed: use i, m, s or u`
    )
    return null
  }
  const compiled = compileBodyPattern(pattern, flags)
  if ('problem' in compiled) {
    problems.add('verify-body', `${quote(raw)} ${compiled.problem}`)
    return null
  }
  return { regex: compiled.pattern, source: raw }
}
