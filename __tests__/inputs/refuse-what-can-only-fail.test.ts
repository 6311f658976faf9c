// Inputs that can only fail are refused before any call (issue 18 point 10): a verify-header value
// the HTTP client would refuse to send, a verify-for that takes all of what the timeout leaves.
import { createRequire } from 'node:module'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { inputEnv } from '../../__fixtures__/runner-step.js'
import { podSeed } from '../../emulator/index.js'
import { readSettings } from '../../src/inputs/settings.js'
import { isSendableHeaderValue } from '../../src/inputs/verify-input.js'
import { InputError } from '../../src/problems.js'

// The rule itself, from the client that sends the checks (undici 6, lib/core/util.js).
const undici = createRequire(import.meta.url)('undici/lib/core/util.js') as {
  isValidHeaderValue(value: string): boolean
}

const base = {
  region: 'cn-north-1',
  'access-key': 'ak',
  'secret-key': 'sk',
  pods: 'pod-a1',
  image: 'nginx:1.27',
  'verify-url': 'http://{podIp}:8080/healthz'
}
function problemsOf(inputs: Record<string, string>): readonly string[] {
  const values = inputEnv({ ...base, ...inputs })
  try {
    readSettings(
      name => values[`INPUT_${name.toUpperCase()}`] ?? '',
      {},
      () => undefined
    )
    return []
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
}

test('verify-header: exactly what undici sends is taken, character by character', () => {
  const characters = [
    ...Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)),
    '💥',
    '\u{10ffff}'
  ]
  const disagreements = characters.filter(
    c => isSendableHeaderValue(`tok${c}en`) !== undici.isValidHeaderValue(`tok${c}en`)
  )
  expect(disagreements.map(c => `U+${c.codePointAt(0)?.toString(16)}`)).toEqual([])
  // And the input is read with that rule (CR, LF and controls have messages of their own).
  for (const c of ['\t', ' ', '~', '\x80', 'é', '\xff', '\x7f', '\u0100', '€', '\u2028', '💥'])
    expect([c, problemsOf({ 'verify-header': `X-Token: tok${c}en` }).length === 0]).toEqual([
      c,
      undici.isValidHeaderValue(`tok${c}en`)
    ])
})

test.each([
  ['€', 'Bearer tok€n'],
  ['U+2028', 'Bearer tok\u2028en'],
  ['an emoji', 'Bearer 💥']
])('verify-header with %s is refused, naming the line and header, never the value', (_, value) => {
  const problems = problemsOf({ 'verify-header': `X-Ok: 1\nAuthorization: ${value}` })
  expect(problems).toEqual([
    'verify-header: line 2 (Authorization): the value has a character the HTTP client refuses to send: a header value may hold only tab, space, visible ASCII and U+0080–U+00FF (not €, emoji or a line separator); percent-encode or base64 it'
  ])
  expect(problems.join('\n')).not.toContain(value.slice(7))
})

test('verify-for must be shorter than what the timeout leaves, drain included; the message says what fits', () => {
  expect(problemsOf({ 'verify-for': '10m', timeout: '5m' })).toEqual([
    'verify-for: 10m does not fit in timeout 5m: the check runs within the timeout, after the pod is moved; a verify-for under 5m (e.g. 150s) fits, or a timeout over 10m'
  ])
  expect(problemsOf({ 'verify-for': '5m', timeout: '5m' })).toHaveLength(1)
  expect(problemsOf({ 'verify-for': '4m', timeout: '5m' })).toEqual([])
  expect(
    problemsOf({ 'verify-for': '30s', timeout: '1m', 'target-groups': 'tg-web', drain: '40s' })
  ).toEqual([
    'verify-for: 30s does not fit in timeout 1m less drain 40s: the check runs within the timeout, after the pod is moved; a verify-for under 20s (e.g. 10s) fits, or a timeout over 70s'
  ])
  expect(
    problemsOf({ 'verify-for': '19s', timeout: '1m', 'target-groups': 'tg-web', drain: '40s' })
  ).toEqual([])
  // A timeout that is itself wrong is the one problem to report about it.
  expect(problemsOf({ 'verify-for': '10m', timeout: 'soon' })).toEqual([
    expect.stringMatching(/^timeout: "soon" is not a duration/)
  ])
})

let cloud: EmulatedCloud | undefined
afterEach(() => cloud?.close())

test('a verify-header value undici refuses: refused before the first API call, not after a rebuild', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-vh1' })] })
  const { report } = await cloud.run({
    pods: 'pod-vh1',
    image: 'registry.example.com/shop/web:1.1',
    'verify-url': 'http://{podIp}:8080/healthz',
    'verify-header': 'X-Price: 5€'
  })
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(/verify-header: line 1 \(X-Price\): the value has a character/)
  expect(cloud.emulator.calls).toEqual([])
})
