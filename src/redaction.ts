/**
 * Known secrets hidden from text before it is shown anywhere (log, summary, outputs). The runner
 * masks what `::add-mask::` registered, in the forms its SecretMasker knows (raw, JSON, URI, XML
 * and base64: actions/runner, src/Sdk/DTLogging/Logging/ValueEncoders.cs). A server may echo a
 * secret in a form it does not know (`&#95;`, `%21`, `\u0026`), and a cut may leave half of one:
 * so the action hides every known secret itself, in every form below, before anything is cut.
 */
import type { Log } from './log.js'
import { CUT_MARK } from './text.js'

export const MASK = '***'

/** Auth schemes whose credential follows after white space (RFC 9110 §11.4), case-insensitive. */
const AUTH_SCHEMES = [
  'Basic',
  'Bearer',
  'Token',
  'Digest',
  'Negotiate',
  'NTLM',
  'Bot',
  'ApiKey',
  'Api-Key',
  'JWT',
  'OAuth',
  'SharedKey',
  'SSWS'
]
const SCHEME = AUTH_SCHEMES.map(scheme => scheme.replace('-', '\\-')).join('|')
// Linear: a literal alternation, then two runs of disjoint classes (no nested quantifier).
const AUTH_HEADER = new RegExp(`^(?:${SCHEME})[ \\t]+(\\S.*)$`, 'is')
const AUTH_IN_TEXT = new RegExp(`\\b(${SCHEME})([ \\t]+)([A-Za-z0-9._~+/-]{8,}=*)`, 'gi')
/** A credential taken out of a larger value (a header's, a Basic pair's) is a secret from this length. */
const MIN_DERIVED = 6
/** The start of a secret left in front of a cut is hidden from this many characters on. */
const MIN_PARTIAL = 3
/**
 * Shorter values are left to the runner's masker: hiding every `1` of a report because a header
 * value was `1` would hide the report, and such a value keeps nothing from anyone.
 */
const MIN_REDACTED = 4

/**
 * The credentials inside a verify-header style value: `Bearer abc…` → `abc…`; for Basic also the
 * decoded `user:password` and the password. Empty when the value names no auth scheme.
 */
export function authCredentials(value: string): string[] {
  const credential = AUTH_HEADER.exec(value.trim())?.[1]?.trim()
  if (!credential || credential.length < MIN_DERIVED) return []
  const found = [credential]
  if (/^basic\s/i.test(value.trim()) && /^[A-Za-z0-9+/]+=*$/.test(credential)) {
    const pair = Buffer.from(credential, 'base64').toString('utf8')
    const colon = pair.indexOf(':')
    if (colon > 0 && !/[\u0000-\u001f\ufffd]/.test(pair)) {
      found.push(pair)
      const password = pair.slice(colon + 1)
      if (password.length >= MIN_DERIVED) found.push(password)
    }
  }
  return found
}

/** Every form a secret may take in text a server sends back: raw, JSON, URL, HTML, base64. */
export function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1)
  // encodeURIComponent throws on a lone surrogate; a server would have sent U+FFFD in its place.
  const uri = encodeURIComponent(
    secret.replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd'
    )
  )
  // RFC 3986 unreserved only, as .NET's Uri.EscapeDataString and Go's url.QueryEscape write it.
  const strictUri = uri.replace(/[!'()*]/g, hexEscape)
  const forms = [
    secret,
    json,
    json.replaceAll('/', '\\/'),
    json.replace(/[<>&\u2028\u2029]/g, unicodeEscape), // Go's encoding/json
    json.replace(/[^\u0020-\u007e]/g, unicodeEscape), // Python's json.dumps, ensure_ascii
    uri,
    strictUri,
    strictUri.replaceAll('%20', '+'), // forms (application/x-www-form-urlencoded)
    xmlEscape(secret), // the runner's own XmlDataEscape
    secret.replace(/[&<>"']/g, char => HTML_GO[char] as string), // Go's html.EscapeString
    secret.replace(/[&<>"']/g, char => HTML_PYTHON[char] as string), // Python's html.escape
    secret.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`),
    secret.replace(/[&<>"']/g, char => HTML_PHP[char] as string), // PHP's htmlspecialchars
    secret.replace(/[!-/:-@[-`{-~]/g, char => `&#${char.charCodeAt(0)};`),
    secret.replace(/[!-/:-@[-`{-~]/g, char => `&#x${char.charCodeAt(0).toString(16)};`),
    Buffer.from(secret).toString('base64')
  ]
  const withLowerHex = forms.flatMap(form =>
    /%[0-9A-F]{2}/.test(form) ? [form, form.replace(/%[0-9A-F]{2}/g, h => h.toLowerCase())] : [form]
  )
  return [...new Set(withLowerHex)].filter(form => form !== '')
}

/** `&<>"'` as the named entities of .NET's SecurityElement.Escape (the runner's XmlDataEscape). */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, char => XML[char] as string)
}

const XML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;'
}
const HTML_GO: Record<string, string> = { ...XML, '"': '&#34;', "'": '&#39;' }
const HTML_PYTHON: Record<string, string> = { ...XML, "'": '&#x27;' }
const HTML_PHP: Record<string, string> = { ...XML, "'": '&#039;' }

function hexEscape(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/**
 * The run's known secrets, and text with every form of them replaced by `***`. Besides them, the
 * credential after an auth scheme anywhere in the text (`Bearer eyJ…`) is hidden: a probed service
 * may echo a header the action never knew as a secret.
 */
export class Redactor {
  private readonly known = new Set<string>()
  /** Longest first: a secret may contain another. */
  private forms: string[] = []

  constructor(secrets: readonly string[] = []) {
    for (const secret of secrets) this.add(secret)
  }

  /** Adds a secret and the credentials inside it; returns each value newly known (to mask). */
  add(secret: string): string[] {
    const added: string[] = []
    for (const value of [secret, ...authCredentials(secret)]) {
      if (value === '' || this.known.has(value)) continue
      this.known.add(value)
      added.push(value)
    }
    if (added.length > 0) {
      const forms = new Set([
        ...this.forms,
        ...added.flatMap(secretForms).filter(form => form.length >= MIN_REDACTED)
      ])
      this.forms = [...forms].sort((a, b) => b.length - a.length)
    }
    return added
  }

  /** The longest form of any known secret: how far past a cut a secret can reach. */
  get longestForm(): number {
    return this.forms[0]?.length ?? 0
  }

  redact(text: string): string {
    let out = text
    for (const form of this.forms) if (out.includes(form)) out = out.replaceAll(form, MASK)
    out = out.replace(AUTH_IN_TEXT, (match, scheme: string, space: string, credential: string) =>
      /[\d._~+/=-]/.test(credential) ? `${scheme}${space}${MASK}` : match
    )
    return out.endsWith(CUT_MARK) ? this.hideCutSecret(out) : out
  }

  /** A cut may have left the start of a secret in front of the cut mark: hide that too. */
  private hideCutSecret(text: string): string {
    const before = text.slice(0, -CUT_MARK.length)
    const longest = Math.max(0, ...this.forms.map(form => startLeftAtEnd(before, form)))
    return longest < MIN_PARTIAL ? text : `${before.slice(0, -longest)}${MASK}${CUT_MARK}`
  }
}

/**
 * How many of `form`'s first characters `text` ends with (short of all of it): Knuth–Morris–Pratt
 * over the text's last form.length characters, so linear even for a long secret.
 */
function startLeftAtEnd(text: string, form: string): number {
  const fallback = new Int32Array(form.length)
  for (let i = 1, k = 0; i < form.length; i++) {
    while (k > 0 && form[i] !== form[k]) k = fallback[k - 1] as number
    if (form[i] === form[k]) k++
    fallback[i] = k
  }
  let k = 0
  for (let i = Math.max(0, text.length - form.length); i < text.length; i++) {
    while (k > 0 && (k === form.length || text[i] !== form[k])) k = fallback[k - 1] as number
    if (text[i] === form[k]) k++
  }
  return k === form.length ? 0 : k
}

/** Every string inside a plain value (a run report) redacted; numbers, booleans kept. */
export function redactDeep<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.redact(value) as T
  if (Array.isArray(value)) return value.map(item => redactDeep(item, redactor)) as T
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactDeep(item, redactor)])
    ) as T
  return value
}

/** A Log whose every line is redacted first. */
export function redactingLog(log: Log, redactor: Redactor): Log {
  const hide = (text: string): string => redactor.redact(text)
  return {
    info: message => log.info(hide(message)),
    warning: message => log.warning(hide(message)),
    debug: message => log.debug(hide(message)),
    group: (title, lines) => log.group(hide(title), lines.map(hide))
  }
}
