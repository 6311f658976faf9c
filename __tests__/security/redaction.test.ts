// Issue 18, 6: no secret readable in any form. A known secret (the key pair, the registry password,
// each verify-header value and the credential after its auth scheme) is hidden in raw, JSON-,
// URL- and HTML-escaped forms, before any cut, from every line, report string and output.
import {
  Redactor,
  authCredentials,
  redactDeep,
  redactingLog,
  secretForms
} from '../../src/redaction.js'
import { capText } from '../../src/text.js'
import type { Log } from '../../src/log.js'

const ACCESS_KEY = 'JDC_AK_0A1B2C3D4E5F'
const PASSWORD = `p&ss<wörd>"q'/!x+y z`

describe('every form of a known secret', () => {
  const redactor = new Redactor([ACCESS_KEY, PASSWORD])
  const shown = (text: string): string => redactor.redact(text)

  test.each([
    ['raw', PASSWORD],
    ['JSON-escaped', JSON.stringify(PASSWORD).slice(1, -1)],
    ['JSON with \\/', JSON.stringify(PASSWORD).slice(1, -1).replaceAll('/', '\\/')],
    ['JSON, Go style (\\u0026 \\u003c \\u003e)', 'p\\u0026ss\\u003cwörd\\u003e\\"q\'/!x+y z'],
    ['JSON, ASCII only', 'p&ss<w\\u00f6rd>\\"q\'/!x+y z'],
    ['URL-encoded', encodeURIComponent(PASSWORD)],
    ['URL-encoded, lower-case hex', encodeURIComponent(PASSWORD).toLowerCase()],
    ['URL-encoded, RFC 3986 strict', 'p%26ss%3Cw%C3%B6rd%3E%22q%27%2F%21x%2By%20z'],
    ['form-encoded', 'p%26ss%3Cw%C3%B6rd%3E%22q%27%2F%21x%2By+z'],
    ['HTML, named entities', 'p&amp;ss&lt;wörd&gt;&quot;q&apos;/!x+y z'],
    ['HTML, Go style', 'p&amp;ss&lt;wörd&gt;&#34;q&#39;/!x+y z'],
    ['HTML, Python style', 'p&amp;ss&lt;wörd&gt;&quot;q&#x27;/!x+y z'],
    ['HTML, numeric entities', 'JDC&#95;AK&#95;0A1B2C3D4E5F'],
    ['HTML, hex entities', 'JDC&#x5f;AK&#x5f;0A1B2C3D4E5F'],
    ['HTML, numeric for &<>"\' only', 'p&#38;ss&#60;wörd&#62;&#34;q&#39;/!x+y z'],
    ['HTML, PHP style', 'p&amp;ss&lt;wörd&gt;&quot;q&#039;/!x+y z'],
    ['base64', Buffer.from(PASSWORD).toString('base64')]
  ])('%s', (_form, echoed) => {
    expect(shown(`the API said: ${echoed} (end)`)).toBe('the API said: *** (end)')
  })

  test('a secret inside another is not left half shown: the longest goes first', () => {
    const nested = new Redactor(['abcdef', 'abcdefghij'])
    expect(nested.redact('abcdefghij and abcdef')).toBe('*** and ***')
  })

  test('a value of fewer than four characters is left to the runner (it would hide the report)', () => {
    expect(new Redactor(['1', 'ab']).redact('pod-1 has 1 container: ab')).toBe(
      'pod-1 has 1 container: ab'
    )
  })

  test('a secret with a lone surrogate is known too (encodeURIComponent would throw on it)', () => {
    const redactor = new Redactor(['tok\ud800en-1234'])
    expect(redactor.redact('a tok\ud800en-1234 b')).toBe('a *** b')
  })

  test('forms are distinct and never empty', () => {
    const forms = secretForms('plain')
    expect(new Set(forms).size).toBe(forms.length)
    expect(forms).not.toContain('')
  })
})

describe('the credential after an auth scheme', () => {
  test('Bearer, Token and Basic values give up their credential (and Basic its password)', () => {
    expect(authCredentials('Bearer tok-3f9a8b7c')).toEqual(['tok-3f9a8b7c'])
    expect(authCredentials('token ghp_AbC123xyz')).toEqual(['ghp_AbC123xyz'])
    const basic = Buffer.from('deployer:hunter2!').toString('base64')
    expect(authCredentials(`Basic ${basic}`)).toEqual([basic, 'deployer:hunter2!', 'hunter2!'])
    expect(authCredentials('prod')).toEqual([])
    expect(authCredentials('X-Note hello')).toEqual([])
  })

  test('a verify-header value is hidden whole and as its bare credential', () => {
    const redactor = new Redactor(['Bearer tok-3f9a8b7c'])
    expect(redactor.redact('echo: {"authorization":"Bearer tok-3f9a8b7c"}')).toBe(
      'echo: {"authorization":"***"}'
    )
    expect(redactor.redact('invalid token tok-3f9a8b7c for /healthz')).toBe(
      'invalid token *** for /healthz'
    )
  })

  test('add() says what became known, for ::add-mask::', () => {
    const redactor = new Redactor()
    expect(redactor.add('Bearer tok-3f9a8b7c')).toEqual(['Bearer tok-3f9a8b7c', 'tok-3f9a8b7c'])
    expect(redactor.add('Bearer tok-3f9a8b7c')).toEqual([])
  })

  test('any credential after a scheme in outside text is hidden, words are not', () => {
    const redactor = new Redactor()
    expect(redactor.redact('got Authorization: Bearer eyJhbGciOi.J9x_2 from the proxy')).toBe(
      'got Authorization: Bearer *** from the proxy'
    )
    expect(redactor.redact('Basic authentication failed; token expired')).toBe(
      'Basic authentication failed; token expired'
    )
  })
})

describe('redact before cutting', () => {
  const SECRET = 'SK-super-secret-7Yt2p9Lm'
  const redactor = new Redactor([SECRET])

  test('a cut through a secret leaves at most its first two characters', () => {
    const text = `${'x'.repeat(90)}${SECRET} tail`
    for (let at = 91; at < 90 + SECRET.length; at++) {
      const shown = redactor.redact(capText(text, at))
      expect(shown).toBe(at < 93 ? capText(text, at) : `${'x'.repeat(90)}***…`)
    }
  })

  test('a cut that only looks like a secret’s first two characters keeps them', () => {
    expect(redactor.redact(capText('see SK', 6))).toBe('see SK')
    expect(redactor.redact(`${'y'.repeat(10)}SK…`)).toBe(`${'y'.repeat(10)}SK…`)
  })
})

test('a redacting log hides secrets from every kind of line', () => {
  const lines: string[] = []
  const inner: Log = {
    info: message => lines.push(`info ${message}`),
    warning: message => lines.push(`warning ${message}`),
    debug: message => lines.push(`debug ${message}`),
    group: (title, body) => lines.push(`group ${title}`, ...body)
  }
  const log = redactingLog(inner, new Redactor([ACCESS_KEY]))
  log.info(`key ${ACCESS_KEY}`)
  log.warning(`key ${encodeURIComponent(ACCESS_KEY)}`)
  log.debug(`key ${ACCESS_KEY}`)
  log.group(`about ${ACCESS_KEY}`, [`| ${ACCESS_KEY}`])
  expect(lines).toEqual([
    'info key ***',
    'warning key ***',
    'debug key ***',
    'group about ***',
    '| ***'
  ])
})

test('every string of a report is redacted, numbers and shape kept', () => {
  const report = {
    result: 'failed',
    error: `AccessKey ${ACCESS_KEY} is disabled`,
    pods: [{ n: 1, m: [ACCESS_KEY] }]
  }
  expect(redactDeep(report, new Redactor([ACCESS_KEY]))).toEqual({
    result: 'failed',
    error: 'AccessKey *** is disabled',
    pods: [{ n: 1, m: ['***'] }]
  })
})
