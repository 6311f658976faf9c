// Hostile input (issue 5), shared by the property tests in __tests__/hardening/hostile-input*.ts:
// for every input of action.yml (the list is read from action.yml itself, so none is forgotten)
// generated adversarial values — huge strings, control characters, YAML anchors and alias bombs,
// deep nesting, __proto__ keys, lone surrogates, newline and workflow-command injection — each
// invalid by construction, with the rules they break written down independently of src/; values
// that look like workflow commands for the inputs where an API call is allowed; and the checks on
// what the action prints when it refuses them.
import fc from 'fast-check'
import type { ActionRun } from './action-runner.js'
import { parseCommands, runnerLines } from './runner-commands.js'
import { actionMetadata } from './runner-step.js'

/** A fixed seed keeps the suite deterministic; FC_SEED=<n> explores other values locally. */
export const SEED = Number(process.env.FC_SEED ?? 20261122)

export const INPUTS = Object.keys(actionMetadata.inputs)
export const OUTPUTS = Object.keys(actionMetadata.outputs)
const NEW = 'registry.example.com/shop/web:1.1'
const REGISTRY = 'registry.example.com'

// ---- the rules, written down independently of src/ (from action.yml and the API notes) ----

const OPERATIONS = ['deploy', 'rotate-secret', 'start', 'stop', 'restart', 'status']
const BOOLEANS = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE']
const REGION_ID = /^[a-z]{2,}-[a-z]+-\d{1,2}$/
const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/
const SECRET_BASE = /^[a-z]([-a-z0-9]{0,46}[a-z0-9])?$/
const TARGET_GROUP_ID = /^tg-[a-z0-9]{1,64}$/
const VERIFY_PLACEHOLDERS = ['podIp', 'podName', 'podId']
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Entries of a list input: split on newlines and commas, trimmed, the empty ones dropped. */
function listEntries(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map(entry => entry.trim())
    .filter(entry => entry !== '')
}
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

function isDuration(text: string, minMs: number, maxMs: number): boolean {
  let ms: number
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000
  else if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text))
    ms = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)].reduce(
      (sum, [, amount, unit]) => sum + Number(amount) * (UNITS[unit as string] as number),
      0
    )
  else return false
  return ms >= minMs && ms <= maxMs
}

function isWholeNumber(text: string, min: number, max: number): boolean {
  const value = /^-?\d+$/.test(text) ? Number(text) : NaN
  return Number.isSafeInteger(value) && value >= min && value <= max
}

/** verify-status: 1 to 50 codes (100-599) or ranges low-high, low <= high. */
function isStatusList(text: string): boolean {
  const entries = listEntries(text)
  const code = (part: string) => /^\d{3}$/.test(part) && Number(part) >= 100 && Number(part) <= 599
  return (
    entries.length >= 1 &&
    entries.length <= 50 &&
    entries.every(entry => {
      const range = /^(\d+)\s*-\s*(\d+)$/.exec(entry)
      if (!range) return code(entry)
      return (
        code(range[1] as string) && code(range[2] as string) && Number(range[1]) <= Number(range[2])
      )
    })
  )
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol)
  } catch {
    return false
  }
}

/** The value the action reads: through the environment (NUL ends it, lone surrogates become U+FFFD), then trimmed as core.getInput does. */
export function asSeen(value: string): string {
  process.env.HOSTILE_PROBE = value
  const seen = process.env.HOSTILE_PROBE ?? ''
  delete process.env.HOSTILE_PROBE
  return seen.trim()
}

// ---- generators ----

/** Control characters a runner can pass in an environment variable (everything but NUL). */
export const CONTROLS = [
  ...Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)),
  '\u007f'
]
/** Invalid inside any single value, and no list separator: neither tab (allowed) nor newline (splits lists). */
const INTERIOR_CONTROLS = CONTROLS.filter(char => char !== '\t' && char !== '\n')

/** Visible, yet no HTTP client sends them in a header value (undici 6 lib/core/util.js). */
const UNSENDABLE_IN_HEADERS = ['€', '\u2028', '\u2029', '💥', '\u0100', '\ufeff', 'ſ', '中']

const INJECTIONS = [
  '::set-output name=result::succeeded',
  '::add-mask::succeeded',
  '::error::injected',
  '::warning file=action.yml,line=1::injected',
  '::notice::injected',
  '::stop-commands::pause-token',
  '::save-state name=x::y',
  '::set-env name=NODE_OPTIONS::--require=/tmp/x',
  '::add-path::/tmp/evil',
  '::group::injected',
  '::endgroup::',
  '::debug::injected',
  '%0A::set-output name=result::succeeded',
  '%0D%0A::error::injected',
  '\n::set-output name=result::succeeded',
  '\r::set-output name=result::succeeded',
  '\r\n::add-mask::x',
  'x\n::set-output name=result::succeeded',
  '\u2028::error::injected',
  '\u2029::error::injected',
  '\u0085::error::injected',
  '\u00a0::error::injected',
  '\ufeff::error::injected',
  'result<<EOF\nsucceeded\nEOF',
  'result=succeeded',
  '${{ secrets.GITHUB_TOKEN }}',
  '$(id)',
  '`id`',
  '<script>alert(1)</script>',
  '</pre></details>',
  '| a | b |',
  '[x](javascript:alert(1))',
  '\u001b[31mred\u001b[0m',
  '\u001b]0;title\u0007',
  '\u202eevil',
  '\u200b',
  '\uffff',
  '💥',
  'é',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '{"__proto__":{"polluted":true}}',
  '&a [*a, *a]',
  '*a',
  '<<: *a',
  '!!js/function "x"',
  '!!binary aGVsbG8=',
  '%YAML 1.1',
  '---',
  '? complex',
  'null',
  '~',
  '-1',
  '1e309',
  '0x10',
  ',',
  '\t',
  '   '
]

const loneSurrogates = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map(code => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 3
})
const fragment = fc.oneof(
  { arbitrary: fc.constantFrom(...INJECTIONS), weight: 5 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 16 }), weight: 2 },
  {
    arbitrary: fc.string({ unit: fc.constantFrom(...CONTROLS), minLength: 1, maxLength: 4 }),
    weight: 1
  },
  { arbitrary: loneSurrogates, weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 1 }
)
const HUGE_PIECES = ['a', 'é', '💥', '::', '\n', '%0A', 'pod-a,', '\u0001', 'x=y\n', '[', '- ']
/** A huge value: up to 300 000 characters of one repeated piece. */
const hugeOf = (pieces: readonly string[]) =>
  fc
    .tuple(fc.constantFrom(...pieces), fc.integer({ min: 1025, max: 300_000 }))
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)))
/** Anything at all (but NUL, which no runner can pass). */
const hostileOf = (pieces: readonly string[]) =>
  fc
    .oneof(
      {
        arbitrary: fc.array(fragment, { minLength: 1, maxLength: 6 }).map(parts => parts.join('')),
        weight: 12
      },
      { arbitrary: hugeOf(pieces), weight: 1 }
    )
    .map(value => value.replace(/\0/g, '\u0001'))
const hostile = hostileOf(HUGE_PIECES)
/** Short, visible, no white space, no list separator. */
export const word = fc.string({
  unit: fc.constantFrom(...'abcxyzABC019-_.~+/@'.split('')),
  minLength: 1,
  maxLength: 10
})
/** A folder no checkout has: a path under it cannot exist. */
const MISSING_FOLDER = '.hostile-input-no-such-folder'
/** A word that cannot climb out of or into a folder. */
const noSlash = (text: string) => text.replace(/[./]/g, 'x')
/** A word with its `@` replaced, never emptied: the local part of an address stays visible. */
export const noAt = (text: string) => text.replace(/@/g, 'x')
/** A run of `min`+ visible characters that is never a list separator or white space. */
const longWord = (min: number) =>
  fc
    .tuple(fc.constantFrom('a', 'Z', '9', '-', 'é', '💥'), fc.integer({ min, max: min + 5000 }))
    .map(([piece, length]) => piece.repeat(length))
/** `word <char> word`, with hostile text around it: the char ends up inside the trimmed value. */
export const around = (chars: readonly string[]) =>
  fc
    .tuple(hostile, word, fc.constantFrom(...chars), word, hostile)
    .map(([before, a, char, b, after]) => `${before}${a}${char}${b}${after}`)
/** One bad line, among hostile lines. */
const amongLines = (bad: fc.Arbitrary<string>, others = hostile) =>
  fc.tuple(others, bad, others).map(([before, line, after]) => `${before}\n${line}\n${after}`)

// ---- per input: the other inputs (valid) and values invalid by construction ----

export interface HostileInput {
  base: Record<string, string>
  values: fc.Arbitrary<string>
  /** The input the error names (default: the input itself). */
  blames?: string
  secret?: boolean
}

export const deploy = { pods: 'pod-web01', image: NEW }
export const rotate = {
  operation: 'rotate-secret',
  'secret-name': 'regcred',
  'registry-server': REGISTRY,
  'registry-username': 'deployer',
  'registry-password': 'n3w-Pa55word!'
}
/** A gate whose URL no test ever reaches: every value below is refused first. */
const verified = { ...deploy, 'verify-url': 'http://127.0.0.1:1/healthz' }
export const withDeployment = {
  ...deploy,
  'github-token': 'ghs_hostileInputToken',
  environment: 'prod'
}

const booleanInput: HostileInput = {
  base: deploy,
  values: fc
    .oneof(
      hostile,
      fc.constantFrom('yes', 'no', 'on', 'off', '1', '0', 'tRue', 'true\u0001', 'True\nfalse')
    )
    .filter(value => !BOOLEANS.includes(asSeen(value)))
}
const durationInput = (minMs: number, maxMs: number): HostileInput => ({
  base: deploy,
  values: fc
    .oneof(
      hostile,
      fc.constantFrom('10x', '-1s', '1d', '10 m', '10M', '7h', '0', '1e3', '∞', 'Infinity', '.5s'),
      fc.constantFrom('10m\n::set-output name=result::succeeded', '99999999999999999999h')
    )
    .filter(value => !isDuration(asSeen(value), minMs, maxMs))
})
const integerInput = (
  min: number,
  max: number,
  base: Record<string, string> = deploy
): HostileInput => ({
  base,
  values: fc
    .oneof(
      hostile,
      fc.constantFrom('1.0', '1e2', '0x10', '+1', '- 1', '１', '٣', '1_000', '101', '-1'),
      fc.constantFrom('9007199254740993', '-0', '5\n::set-output name=result::succeeded')
    )
    .filter(value => !isWholeNumber(asSeen(value), min, max))
})
/** For inputs whose empty value means their default: the empty value is not a mistake. */
const nonEmpty = (spec: HostileInput): HostileInput => ({
  ...spec,
  values: spec.values.filter(value => asSeen(value) !== '')
})
/** Free text that breaks its rule: a control character inside, or over `limit` characters. */
const badText = (limit: number): fc.Arbitrary<string> =>
  fc.oneof(
    around([...INTERIOR_CONTROLS, '\n']),
    fc.tuple(hostile, longWord(limit + 1), hostile).map(parts => parts.join(''))
  )

/** endpoint and lb-endpoint: every value names 127.0.0.1 or cannot be parsed, so none may reach a real host. */
const endpointValues: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('ftp', 'file', 'javascript', 'ws', 'gopher', 'data', 'jdcloud'), hostile)
    .map(([scheme, rest]) => `${scheme}://127.0.0.1:1${rest}`),
  fc
    .tuple(fc.constantFrom('/v1', '/x', '?a=1', '#frag', '/%0A', '/..;/'), hostile)
    .map(([suffix, rest]) => `http://127.0.0.1:1${suffix}${rest}`),
  fc.tuple(word, hostile).map(([user, rest]) => `http://${user}${rest}:pw@127.0.0.1:1`),
  fc
    .tuple(fc.constantFrom(' ', '<', '>', '^', '|', '%'), word, hostile)
    .map(([char, rest, more]) => `http://127.0.0.1${char}${rest}${more}`),
  fc.tuple(word, hostile).map(([rest, more]) => `127.0.0.1 ${rest}${more}`),
  fc.constantFrom('', '   ', '\n\t'),
  longWord(10_000).map(host => `${host} x`)
)

export const hostileInputs: Record<string, HostileInput> = {
  operation: {
    base: deploy,
    values: fc
      .oneof(
        hostile,
        fc.constantFrom('Deploy', 'DEPLOY', 'deploy-all', 'rotate_secret', 'deploy,stop')
      )
      .filter(value => !OPERATIONS.includes(asSeen(value)))
  },
  region: {
    base: deploy,
    values: fc
      .oneof(hostile, fc.constantFrom('CN-NORTH-1', 'cn-north-123', 'cn_north_1', 'cn-north-1/..'))
      .filter(value => !REGION_ID.test(asSeen(value)))
  },
  'access-key': {
    base: deploy,
    secret: true,
    values: fc.oneof(around([...CONTROLS, ' ']), longWord(257))
  },
  'secret-key': {
    base: deploy,
    secret: true,
    values: fc.oneof(around([...CONTROLS, ' ']), longWord(257))
  },
  endpoint: { base: deploy, values: endpointValues },
  pods: {
    base: deploy,
    values: fc.oneof(
      // a name with a control character inside
      fc
        .tuple(hostile, word, fc.constantFrom(...INTERIOR_CONTROLS), word, hostile)
        .map(([before, a, char, b, after]) => `${before},${a}${char}${b}\n${after}`),
      // a name over 128 characters
      fc.tuple(hostile, longWord(129)).map(([before, name]) => `${before}\n${name}`),
      // a pod ID that is not one
      fc
        .tuple(
          hostile,
          fc.oneof(
            fc.constant(''),
            fc.string({ unit: fc.constantFrom(...'ABZ_.é💥:/ '.split('')), minLength: 1 }),
            longWord(65).map(id => id.replace(/[^a-z0-9]/g, 'a'))
          )
        )
        .map(([before, id]) => `${before}\npod-${id}`),
      // listed twice
      fc.tuple(word, hostile).map(([name, between]) => `${name}\n${between}\n ${name} `),
      // over a thousand
      fc
        .integer({ min: 1001, max: 3000 })
        .map(count => Array.from({ length: count }, (_, i) => `web-${i}`).join(','))
    )
  },
  'name-prefix': { base: deploy, values: badText(128) },
  tags: {
    base: deploy,
    values: amongLines(
      fc.oneof(
        fc
          .tuple(word, word, fc.constantFrom(...INTERIOR_CONTROLS), word)
          .map(([key, a, char, b]) => `${key}=${a}${char}${b}`),
        longWord(129).map(key => `${key}=v`),
        longWord(257).map(value => `team=${value}`),
        word.map(value => `=${value}`),
        word.map(key => `${key}=`)
      ),
      hostile
    )
  },
  container: {
    base: deploy,
    values: fc
      .oneof(hostile, fc.constantFrom('Web', 'web_1', '-web', 'web-', 'a'.repeat(64), 'web\u0001'))
      .filter(value => asSeen(value) !== '' && !CONTAINER_NAME.test(asSeen(value)))
  },
  image: {
    base: deploy,
    values: fc
      .oneof(
        fc
          .tuple(hostile, fc.constantFrom(...' !"#$%&\'()*,;<=>?[\\]^`{|}~é💥'.split('')), hostile)
          .map(parts => parts.join('')),
        word.map(name => `library/UPPER${name}:1`),
        longWord(501),
        word.map(tag => `nginx:-${tag}`),
        fc.constant(`nginx:${'t'.repeat(129)}`),
        fc.constant(`nginx@sha256:${'z'.repeat(64)}`)
      )
      .filter(value => asSeen(value) !== '')
  },
  containers: {
    base: { ...deploy, image: '' },
    values: fc
      .oneof(
        aliasBombs(),
        deepNesting(),
        prototypeKeys(),
        // JSON that is not a list of objects
        fc
          .jsonValue()
          .filter(value => !Array.isArray(value))
          .map(value => JSON.stringify(value)),
        fc
          .array(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.nat())), {
            minLength: 1,
            maxLength: 40
          })
          .map(list => JSON.stringify(list)),
        fc.constantFrom('[]', '{}', '- ', '- [', ': :', '{', '\t- a', '- !!binary aGVsbG8='),
        fc.constant(`[${Array.from({ length: 33 }, (_, i) => `{"name":"c${i}"}`).join(',')}]`),
        fc
          .tuple(
            hostile.filter(name => !CONTAINER_NAME.test(name)),
            hostile
          )
          .map(([name, image]) => JSON.stringify([{ name: name, image }])),
        fc.constant('- name: web\n  name: web\n'),
        fc.constant(`# ${'x'.repeat(262_145)}\n- name: web\n`),
        hostile
      )
      .filter(value => asSeen(value) !== '')
  },
  'containers-file': {
    // Never a path that could exist: absolute, out of the workspace, in a folder no checkout has,
    // with a control character, or too long to be one.
    base: { ...deploy, image: '' },
    values: fc.oneof(
      fc.tuple(word, hostile).map(([name, rest]) => `/${name}${rest}`),
      fc.constantFrom(
        '/etc/passwd',
        '/dev/zero',
        'C:\\deploy\\web.yaml',
        '\\\\host\\share\\web.yaml'
      ),
      fc
        .tuple(fc.constantFrom('..', '../..', 'deploy/../..'), word)
        .map(([up, name]) => `${up}/${name}`),
      fc
        .tuple(
          word,
          hostile.filter(rest => !/[/\\]/.test(rest))
        )
        .map(([name, rest]) => `${MISSING_FOLDER}/${noSlash(name)}${rest}`),
      fc
        .tuple(word, fc.constantFrom(...CONTROLS), word)
        .map(([a, char, b]) => `${MISSING_FOLDER}/${noSlash(a)}${char}${noSlash(b)}.yaml`),
      longWord(1025).map(name => `${MISSING_FOLDER}/${name}`)
    )
  },
  wait: booleanInput,
  timeout: durationInput(1000, 6 * 3_600_000),
  'fail-fast': durationInput(0, 6 * 3_600_000),
  rollback: booleanInput,
  'max-parallel': integerInput(1, 100),
  'log-lines': integerInput(0, 1000),
  'dry-run': booleanInput,
  'secret-name': {
    base: rotate,
    values: fc
      .oneof(
        hostile,
        fc.constantFrom('Regcred', 'regcred-', '-regcred', 'reg_cred', '1regcred', 'r'.repeat(49))
      )
      .filter(value => !SECRET_BASE.test(asSeen(value)))
  },
  'registry-server': {
    base: rotate,
    values: fc.oneof(around([...CONTROLS, ' ']), longWord(256))
  },
  'registry-username': { base: rotate, values: badText(256) },
  'registry-password': {
    base: rotate,
    secret: true,
    values: fc.oneof(
      around([...INTERIOR_CONTROLS, '\n']),
      fc.integer({ min: 1501, max: 20_000 }).map(count => 'é'.repeat(count))
    )
  },
  'registry-email': {
    base: rotate,
    values: fc.oneof(
      fc
        .tuple(word, fc.constantFrom(...CONTROLS), word)
        .map(([a, char, b]) => `${noAt(a)}${char}${noAt(b)}@example.com`),
      fc.tuple(word, word, word).map(([a, b, c]) => `${a}@${b}@${c}`),
      fc.tuple(word, word, word).map(([a, b, c]) => `${a} ${b}@${c}`),
      word.map(name => `${noAt(name)}@`),
      word.map(host => `@${noAt(host)}`),
      hostile.filter(value => !asSeen(value).includes('@') && asSeen(value) !== ''),
      longWord(257).map(name => `${name}@example.com`)
    )
  },
  'keep-secrets': integerInput(0, 100, rotate),
  'fail-on-unhealthy': booleanInput,
  'target-groups': {
    base: deploy,
    values: fc.oneof(
      hostile.filter(value => listEntries(asSeen(value)).some(id => !TARGET_GROUP_ID.test(id))),
      fc.constantFrom('tg-web,tg-web', 'tg-Web', 'tg_web', 'tg-', 'web'),
      fc.constant(Array.from({ length: 21 }, (_, i) => `tg-g${i}`).join(','))
    )
  },
  drain: durationInput(0, 3_600_000),
  'lb-endpoint': { base: deploy, values: endpointValues },

  'verify-url': {
    base: deploy,
    values: fc.oneof(
      fc
        .tuple(fc.constantFrom('ftp', 'file', 'javascript', 'ws', 'data', 'jdcloud'), hostile)
        .map(([scheme, rest]) => `${scheme}://127.0.0.1:1/${rest}`),
      word
        .filter(name => !VERIFY_PLACEHOLDERS.includes(name))
        .map(name => `http://127.0.0.1:1/{${name}}`),
      fc
        .tuple(word, fc.constantFrom(...INTERIOR_CONTROLS), word)
        .map(([a, char, b]) => `http://127.0.0.1:1/${a}${char}${b}`),
      fc.constantFrom('127.0.0.1/healthz', 'healthz', 'http://', 'http://[::1', 'http:// x/'),
      longWord(2001).map(path => `http://127.0.0.1:1/${path}`),
      hostile.filter(value => asSeen(value) !== '' && !isHttpUrl(asSeen(value)))
    )
  },
  'verify-status': {
    base: deploy,
    values: fc
      .oneof(
        hostile,
        fc.constantFrom('0', '99', '600', '300-200', '2xx', '200-', '200..299', '200;201', '-'),
        fc.constant(Array.from({ length: 51 }, (_, i) => `${200 + i}`).join(','))
      )
      .filter(value => asSeen(value) !== '' && !isStatusList(asSeen(value)))
  },
  'verify-body': {
    base: verified,
    values: fc.oneof(
      fc.constantFrom('/(/', '/[/', '/a/g', '/a/y', '/a/d', '/*/', '/a{2,1}/', '/a/ix'),
      fc.tuple(hostile, longWord(1001)).map(([before, text]) => `${before}${text}`)
    )
  },
  // Under a 1m timeout: a valid verify-for of 1m or more can only fail (issue 18 point 10).
  'verify-for': nonEmpty({
    base: { ...verified, timeout: '1m' },
    values: fc.oneof(
      durationInput(0, 3_600_000).values,
      fc.constantFrom('1m', '60s', '61', '2m', '59m59s', '1h', '60000ms')
    )
  }),
  'verify-interval': nonEmpty(durationInput(1000, 600_000)),
  'verify-header': {
    base: verified,
    secret: true,
    values: fc.oneof(
      amongLines(
        fc.oneof(
          word.filter(value => !value.includes(':')).map(token => `Bearer${token}`),
          fc
            .tuple(word, word)
            .filter(([name]) => !HEADER_NAME.test(`${name} x`))
            .map(([name, value]) => `${name} x: ${value}`),
          fc.constantFrom('Connection: close', 'Content-Length: 1', 'Transfer-Encoding: chunked'),
          fc
            .tuple(word, fc.constantFrom(...INTERIOR_CONTROLS), word)
            .map(([a, char, b]) => `X-Token: ${a}${char}${b}`),
          fc.constant(Array.from({ length: 51 }, (_, i) => `X-H${i}: v${i}`).join('\n'))
        )
      ),
      // Beyond undici's field-vchar (tab, space, visible ASCII, U+0080–U+00FF): never sent.
      // Among valid lines only, so that nothing else could be what refuses it.
      amongLines(
        fc
          .tuple(word, fc.constantFrom(...UNSENDABLE_IN_HEADERS), word)
          .map(([a, char, b]) => `Authorization: Bearer ${a}${char}${b}`),
        word.map(value => `X-Ok: ${value}`)
      )
    )
  },
  canary: nonEmpty(integerInput(1, 1000)),

  'github-token': {
    // With environment a token is used, so it must be one: a single word of at most 1024
    // characters, filled in (not empty, not an expression no runner evaluated).
    base: withDeployment,
    secret: true,
    values: fc.oneof(
      around([...CONTROLS, ' ']),
      longWord(1025),
      fc.constantFrom('', '   ', '\n', '${{ github.token }}', '${{secrets.GITHUB_TOKEN}}')
    )
  },
  environment: {
    base: { ...deploy, 'github-token': 'ghs_hostileInputToken' },
    values: badText(255)
  },
  'environment-url': {
    base: withDeployment,
    values: fc
      .oneof(
        hostile,
        fc.constantFrom(
          'javascript:alert(1)',
          'ftp://example.com',
          'file:///etc/passwd',
          'data:text/html,<b>x</b>',
          '//example.com',
          'example.com'
        )
      )
      .filter(value => asSeen(value) !== '' && !isHttpUrl(asSeen(value)))
  }
}

function aliasBombs(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 3, max: 12 }), fc.boolean())
    .map(([levels, fan, inEntry]) => {
      const lines = [`a0: &a0 [${Array(fan).fill('"lol"').join(', ')}]`]
      for (let level = 1; level < levels; level++)
        lines.push(
          `a${level}: &a${level} [${Array(fan)
            .fill(`*a${level - 1}`)
            .join(', ')}]`
        )
      return inEntry
        ? `- name: web\n  args: &x\n${lines.map(line => `    - ${line}`).join('\n')}\n- *x`
        : lines.join('\n')
    })
}

function deepNesting(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 20, max: 3000 }), fc.constantFrom('[', '{"a":', '- ', '{"__proto__":'))
    .map(([depth, open]) => {
      if (open === '- ') return `${open.repeat(depth)}x`
      const close = open === '[' ? ']' : '}'
      return `${open.repeat(depth)}1${close.repeat(depth)}`
    })
}

function prototypeKeys(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString'),
      fc.constantFrom('top', 'entry', 'env')
    )
    .map(([key, where]) => {
      const payload = `{"${key}": {"polluted": true, "image": "evil:1"}}`
      if (where === 'top') return payload
      if (where === 'entry') return `[{"name": "web", "image": "nginx:1", "${key}": {"x": 1}}]`
      return `[{"name": "web", "env": [{"name": "A", "value": "1", "${key}": {"x": 1}}]}]`
    })
}

/** A value that looks like a workflow command, with no control character the input refuses. */
export const commandLike = fc
  .tuple(
    fc.constantFrom('', ' ', '\t', '\u00a0', '\u0085', '\u2028', '\ufeff', '%0A', 'x'),
    fc.constantFrom(
      '::set-output name=result::succeeded',
      '::add-mask::succeeded',
      '::error::injected',
      '::warning::injected',
      '::stop-commands::pause',
      '::set-env name=A::b',
      '::group::x',
      '::endgroup::'
    ),
    fc.string({ unit: fc.constantFrom(...'ab:=%0AD\u0085\u2028 '.split('')), maxLength: 20 })
  )
  .map(parts => parts.join(''))
  .filter(value => !/^\s*pod-/.test(value))

export const injectionCases: Array<[string, (value: string) => Record<string, string>, RegExp]> = [
  [
    'pods',
    value => ({ ...deploy, pods: value }),
    /pods\[0\]: no pod in region cn-north-1 is named "/
  ],
  [
    'name-prefix',
    value => ({ ...deploy, pods: '', 'name-prefix': value }),
    /name-prefix: no pod in region cn-north-1 matches name-prefix "/
  ],
  [
    'tags',
    value => ({ ...deploy, pods: '', tags: `team=${value.replace(/,/g, '')}` }),
    /tags: no pod in region cn-north-1 matches tags team=/
  ],
  [
    'environment',
    value => ({ ...withDeployment, pods: 'no-such-pod', environment: value }),
    /pods\[0\]: no pod in region cn-north-1 is named "no-such-pod"/
  ]
]

// ---- values that once slipped through: each pins one fix ----

/** Control characters that are not white space to JavaScript (\s), so no "white space" rule catches them. */
const SILENT_CONTROLS = CONTROLS.filter(char => !/\s/.test(char))

/**
 * Values that once slipped through, each pinning one fix: [title, input, its values given the
 * endpoint URL the action is pointed at].
 */
export const SLIPPED_THROUGH: Array<[string, string, (endpointUrl: string) => HostileInput]> = [
  [
    'image: a control character is never echoed raw',
    'image',
    () => ({
      base: deploy,
      values: fc
        .tuple(
          fc.constantFrom('nginx:', 'nginx@sha256:', 'Reg.io/', 'library/', ''),
          word,
          fc.constantFrom(...SILENT_CONTROLS),
          word
        )
        .map(parts => parts.join(''))
    })
  ],
  [
    'endpoint: a value that is no URL is quoted, not echoed raw',
    'endpoint',
    () => ({
      base: deploy,
      values: fc
        .tuple(word, fc.constantFrom(...SILENT_CONTROLS), word)
        .map(([a, char, b]) => `127.0.0.1 ${a}${char}${b}`)
    })
  ],
  [
    'endpoint: tab, newline or carriage return inside the value is refused',
    'endpoint',
    endpointUrl => ({
      base: deploy,
      values: fc
        .tuple(fc.integer({ min: 8, max: 20 }), fc.constantFrom('\t', '\n', '\r'))
        .map(([at, char]) => `${endpointUrl.slice(0, at)}${char}${endpointUrl.slice(at)}`)
    })
  ],
  [
    'github-token: white space or a control character inside is refused before any call',
    'github-token',
    () => ({ base: withDeployment, secret: true, values: around([...CONTROLS, ' ']) })
  ],
  [
    'environment-url: a control character inside is refused before any call',
    'environment-url',
    () => ({
      base: withDeployment,
      values: fc
        .tuple(word, fc.constantFrom(...CONTROLS), word)
        .map(([a, char, b]) => `https://example.com/${a}${char}${b}`)
    })
  ],
  [
    'registry-server: DEL inside is refused before any call',
    'registry-server',
    () => ({ base: rotate, values: around(['\u007f']) })
  ],
  [
    'registry-email: a control character inside is refused before any call',
    'registry-email',
    () => ({
      base: rotate,
      values: fc
        .tuple(word, fc.constantFrom(...SILENT_CONTROLS), word)
        .map(([a, char, b]) => `${noAt(a)}${char}${noAt(b)}@example.com`)
    })
  ]
]

// ---- the checks ----

/** Workflow commands the action itself emits: the `::` form, at the very start of a line. */
const OWN_COMMAND = /^::(add-mask|error|warning|notice|debug|group|endgroup)( [^:]*)?::/
/** A line that starts with `::` after white space (.NET's, which includes U+0085). */
const COMMAND_LINE = /^[\s\u0085]*::/

/** What no log may say unless the value itself said it. */
const LEAKS = ['TypeError', 'ReferenceError', 'SyntaxError', 'undefined', '[object Object]']

// Each check gathers its findings and makes one assertion: a property test runs it thousands of
// times, and every expect() call costs Jest a fresh matcher object and a captured stack.

/**
 * What the action printed on refusing a value is clean: every line the runner would take for a
 * command (read with the port of its parser, so the `::` and the legacy `##[` forms alike, and
 * any line starting with `::` besides) is one the action itself emits; there is an ::error::
 * annotation; no annotation holds a raw control character; no stack trace; and no TypeError,
 * undefined or [object Object] unless the value itself said so.
 */
export function expectCleanLog(log: string, seen: string): void {
  const lines = runnerLines(log)
  const commandLines = new Set(lines.flatMap((line, i) => (COMMAND_LINE.test(line) ? [i] : [])))
  for (const command of parseCommands(log)) commandLines.add(command.line - 1)
  const commands = [...commandLines].sort((a, b) => a - b).map(i => lines[i] as string)
  const annotations = lines.filter(line => /^::(error|warning)::/.test(line))
  expect({
    commandsNotTheActions: commands.filter(line => !OWN_COMMAND.test(line)),
    errorAnnotation: annotations.some(line => line.startsWith('::error::')),
    // Echoed values are quoted: no raw control character reaches an annotation.
    annotationsWithRawControls: annotations.filter(line =>
      /[\u0000-\u0008\u000b-\u001f\u007f]/.test(line)
    ),
    stackTrace: /^\s+at /m.test(log),
    leaks: LEAKS.filter(leak => !seen.includes(leak) && log.includes(leak))
  }).toEqual({
    commandsNotTheActions: [],
    errorAnnotation: true,
    annotationsWithRawControls: [],
    stackTrace: false,
    leaks: []
  })
}

/** A whole run failed, cleanly, with nothing injected. */
export function expectCleanFailure(run: ActionRun, seen: string): void {
  expect({
    result: run.report.result,
    resultOutput: run.outputs.result,
    outputsNotInActionYml: Object.keys(run.outputs).filter(name => !OUTPUTS.includes(name)),
    exitCode: run.exitCode
  }).toEqual({ result: 'failed', resultOutput: 'failed', outputsNotInActionYml: [], exitCode: 1 })
  expectCleanLog(run.log, seen)
}

/** The error names the input to blame. */
export function expectBlames(error: string | undefined, name: string, spec: HostileInput): void {
  const blamed = (spec.blames ?? name).replace(/-/g, '\\-')
  expect(error).toMatch(new RegExp(`(^Invalid input: |\\n  - )${blamed}[[.:]`))
}

/** A secret is masked, never echoed. */
export function expectNotEchoedIfSecret(log: string, spec: HostileInput, seen: string): void {
  if (spec.secret && seen.length >= 8)
    expect(log.replace(/^::add-mask::.*$/gm, '')).not.toContain(seen)
}
