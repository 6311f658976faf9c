// Text from the cloud (container logs, pod names, error messages) goes through the action's Log
// into the job log. Whatever it holds, the runner must see only the commands the action itself
// means: stdout is read back with a port of the runner's parser (__fixtures__/runner-commands.ts:
// both the `::name::` and the legacy `##[name]` form, .NET white space, stop-commands).
import fc from 'fast-check'
import { podSeed } from '../../emulator/index.js'
import { parseCommands, REGISTERED_COMMANDS } from '../../__fixtures__/runner-commands.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { breakLegacyMarkers, coreLog, failStep, neutralise } from '../../src/github/core-log.js'

// A fixed seed keeps the suite deterministic; FC_SEED=<n> explores other values locally.
const SEED = Number(process.env.FC_SEED ?? 20260817)

/** What the runner would read on stdout while `action` runs. */
function stdoutOf(action: () => void): string {
  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  const exitCode = process.exitCode
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  try {
    action()
  } finally {
    process.stdout.write = write
    // failStep sets the exit code, as the action's verdict should; the test process keeps its own.
    process.exitCode = exitCode
  }
  return chunks.join('')
}

const brief = (stdout: string) =>
  parseCommands(stdout).map(({ command, properties, data, form }) => ({
    command,
    properties: { ...properties },
    data,
    form
  }))

describe('the parser port reads what the runner reads', () => {
  test.each([
    ['::set-output name=a::b', 'set-output', { name: 'a' }, 'b', 'v2'],
    ['##[set-output name=a;]b', 'set-output', { name: 'a' }, 'b', 'legacy'],
    ['::error file=x,line=1::msg', 'error', { file: 'x', line: '1' }, 'msg', 'v2'],
    [
      'GET /##[set-output name=secret-name;]x HTTP/1.1',
      'set-output',
      { name: 'secret-name' },
      'x HTTP/1.1',
      'legacy'
    ],
    ['\u0085::add-mask::x', 'add-mask', {}, 'x', 'v2'],
    ['\u00a0\u3000\u2028\u2029\u1680\u205f\t\v\f ::warning::w', 'warning', {}, 'w', 'v2'],
    ['::SET-Output name=a::b', 'SET-Output', { name: 'a' }, 'b', 'v2'],
    // An unregistered `::name::` is no command, so the runner falls back to the legacy form.
    ['::nope::##[add-mask]s', 'add-mask', {}, 's', 'legacy'],
    // Only the first `##[` counts, and a V2 command hides any `##[` after it.
    ['::error::##[set-output name=a;]b', 'error', {}, '##[set-output name=a;]b', 'v2'],
    ['##[nope]##[add-mask]s', null, {}, '', 'legacy'],
    // Escapes are undone table by table, `%25` last (ActionCommand.cs).
    [
      '##[debug k=%3B=%0D=%0A=%5D;]%3B-%0D-%0A-%5D',
      'debug',
      { k: ';=\r=\n=]' },
      ';-\r-\n-]',
      'legacy'
    ],
    [
      '::debug k=;=%2C=%0D=%0A=]=%3A,::;-%0D-%0A-]-:-,',
      'debug',
      { k: ';=,=\r=\n=]=:' },
      ';-\r-\n-]-:-,',
      'v2'
    ],
    ['::debug k=%250A::%250A', 'debug', { k: '%0A' }, '%0A', 'v2'],
    // String.Split(count: 2, RemoveEmptyEntries): `a==b` is a=b, `=f` and `g=` are dropped, and
    // keys ignore case (the later `A=` replaces `a=`, under the first spelling).
    ['::debug a==b,c=d=e,=f,g=,A=B::m', 'debug', { a: 'B', c: 'd=e' }, 'm', 'v2'],
    // Not white space to .NET, or not at the start: no command.
    ['\ufeff::error::x', null, {}, '', 'v2'],
    ['>>> ::error::x', null, {}, '', 'v2'],
    ['a\u2028::error::x', null, {}, '', 'v2'],
    ['##[add-mask no bracket', null, {}, '', 'legacy']
  ])('%j', (line, command, properties, data, form) => {
    expect(brief(`${line}\n`)).toEqual(
      command === null ? [] : [{ command, properties, data, form }]
    )
  })

  test('lines end at \\r, \\n and \\r\\n, nowhere else; numbers count every line', () => {
    const stdout = 'a\r::error::1\r\n::warning::2\n\n\u0085::debug::3\u2028::x'
    expect(parseCommands(stdout).map(c => [c.line, c.command, c.data])).toEqual([
      [2, 'error', '1'],
      [3, 'warning', '2'],
      [5, 'debug', '3\u2028::x']
    ])
  })

  test('stop-commands: nothing but the token is heard until the token, in either form', () => {
    const stopped = [
      '::stop-commands::tok1234',
      '::set-output name=a::b',
      '##[add-mask]z',
      '::error::##[tok1234]',
      '  ##[TOK1234] resumed',
      '::error::heard',
      '##[stop-commands]again',
      '::again::',
      '::stop-commands::set-output',
      '::add-mask::m'
    ]
    expect(parseCommands(stopped.join('\n')).map(c => c.command)).toEqual([
      'stop-commands',
      'TOK1234',
      'error',
      'stop-commands',
      'again',
      // An invalid token (a registered name) stops nothing.
      'stop-commands',
      'add-mask'
    ])
  })
})

/** White space for .NET (NEL, NBSP, U+3000, U+2028…) and JavaScript's extra U+FEFF. */
const WHITE_SPACE = [
  ...'\t\v\f \u0085\u00a0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'
]

const HOSTILE = [
  'GET /##[set-output name=secret-name;]x HTTP/1.1',
  '##[add-mask]x',
  'level=info msg="##[stop-commands]tok1234"',
  '##[stop-commands]tok1234\n::error::after the stop\n::tok1234::',
  '::stop-commands::guessed-token',
  '::guessed-token::',
  '##[guessed-token]',
  ...WHITE_SPACE.map(space => `${space}::set-output name=result::succeeded`),
  '\t \u0085\u3000::add-mask::x',
  'x\r::error::forged',
  'x\r\n\u00a0::warning file=action.yml,line=1::forged',
  '%0A::set-output name=result::succeeded',
  'x%0A##[add-mask]y%0D%0A::error::z',
  '::nope::##[set-output name=a;]b',
  '::error::##[set-output name=a;]b',
  '###[set-output name=a;]b##[##[add-mask]c',
  'first\n  ::add-mask::x\r\n##[error]forged\rlast',
  '##[group]fake\n##[endgroup]',
  '##[echo]on',
  '::SET-OUTPUT name=a::b'
]

const SENTINEL = 'the action is still heard'

/** A test name that shows invisible characters: `\u0085::…`. */
const label = (text: string): string =>
  JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  )

/** How the action echoes cloud text, and the commands it means to issue while doing so. */
const ECHOES: Array<[string, (text: string) => void, string[]]> = [
  ['info', text => coreLog.info(text), []],
  ['group title', text => coreLog.group(text, ['fine']), ['group', 'endgroup']],
  ['group lines', text => coreLog.group('Diagnosis', [text, `  | ${text}`]), ['group', 'endgroup']],
  ['warning', text => coreLog.warning(text), ['warning']],
  ['verdict', text => failStep(text), ['error']],
  ['debug', text => coreLog.debug(text), ['debug']]
]

/** The commands the runner hears: the action's own, then its next ::error::, and nothing else. */
function expectOnlyOwnCommands(text: string, [, echo, own]: (typeof ECHOES)[number]): void {
  const stdout = stdoutOf(() => {
    echo(text)
    failStep(SENTINEL)
  })
  const commands = parseCommands(stdout)
  expect(commands.map(c => c.command)).toEqual([...own, 'error'])
  expect(commands.at(-1)?.data).toBe(SENTINEL)
}

describe('cloud text echoed through the Log issues no command', () => {
  describe.each(ECHOES)('%s', (...echo) => {
    test.each(HOSTILE.map(text => [label(text), text]))('%s', (_, text) =>
      expectOnlyOwnCommands(text, echo)
    )
  })

  test('annotations and group titles keep the whole text, with `##[` broken', () => {
    const text = 'pull failed\n##[set-output name=a;]b 100%0A'
    const [error] = parseCommands(stdoutOf(() => failStep(text)))
    expect(error?.data).toBe('pull failed\n##›[set-output name=a;]b 100%0A')
    const [group] = parseCommands(stdoutOf(() => coreLog.group(text, [])))
    expect(group?.data).toBe(neutralise(text))
  })

  test('neutralise keeps the existing mark, and reads naturally', () => {
    expect(neutralise('\u0085::set-output name=a::b')).toBe('› \u0085::set-output name=a::b')
    expect(neutralise('GET /##[set-output name=x;]y')).toBe('GET /##›[set-output name=x;]y')
    expect(breakLegacyMarkers('###[a##[[')).toBe('###›[a##›[[')
  })
})

// ---- properties: generated text, shaped like commands or not ----

const fragment = fc.oneof(
  fc.constantFrom(...WHITE_SPACE, '\r', '\n', '\r\n', '\u00ad', '\u200b', '›'),
  fc.constantFrom('::', '##[', '#', ':', '[', ']', ';', ',', '=', ' ', '%0A', '%0D', '%25', '%5D'),
  fc.constantFrom(...REGISTERED_COMMANDS, 'tok1234', 'Set-Output', 'name=a'),
  fc.string({ maxLength: 3 })
)
const anyText = fc.array(fragment, { maxLength: 24 }).map(parts => parts.join(''))
/** Text that holds one command of either form, after white space or in mid-line. */
const commandShaped = fc
  .tuple(
    fc.constantFrom('', 'GET /', 'x\r', 'x\n', '%0A', '| '),
    fc.array(fc.constantFrom(...WHITE_SPACE), { maxLength: 3 }).map(spaces => spaces.join('')),
    fc.constantFrom(...REGISTERED_COMMANDS, 'tok1234'),
    fc.boolean(),
    anyText
  )
  .map(([lead, spaces, command, legacy, data]) =>
    legacy
      ? `${lead}${spaces}##[${command} name=a;]${data}`
      : `${lead}${spaces}::${command} name=a::${data}`
  )
const hostileText = fc.oneof(anyText, commandShaped)

test('property: whatever the text, the runner hears only the commands the action means', () => {
  fc.assert(
    fc.property(hostileText, fc.constantFrom(...ECHOES), (text, echo) => {
      expectOnlyOwnCommands(text, echo)
    }),
    { seed: SEED, numRuns: 3000 }
  )
})

test('property: the generators do reach the runner when the text is printed raw', () => {
  // Without this, the property above could pass on text that was never dangerous.
  let dangerous = 0
  fc.assert(
    fc.property(commandShaped, text => {
      if (parseCommands(stdoutOf(() => process.stdout.write(`${text}\n`))).length > 0) dangerous++
    }),
    { seed: SEED, numRuns: 500 }
  )
  expect(dangerous).toBeGreaterThan(250)
})

test('property: a reader sees the original text, with marks only where a command could be', () => {
  const unmark = (text: string) =>
    text
      .split('\n')
      .map(line => line.replace(/^› (?=[\s\u0085]*::)/, '').replaceAll('##›[', '##['))
      .join('\n')
  fc.assert(
    fc.property(
      anyText.filter(text => !text.includes('›')),
      text => {
        const shown = neutralise(text)
        expect(unmark(shown)).toBe(text.split(/\r\n|\r|\n/).join('\n'))
        if (!/::|##\[|\r/.test(text)) expect(shown).toBe(text)
      }
    ),
    { seed: SEED, numRuns: 2000 }
  )
})

test('end to end: hostile container logs in a diagnosis, and the failure annotation is heard', async () => {
  const broken = 'registry.example.com/shop/web:broken'
  const cloud = await startEmulatedCloud({
    pods: [podSeed({ podId: 'pod-web01', name: 'web-1' })],
    images: {
      [broken]: { behaviour: 'crash-loop', logs: HOSTILE.flatMap(text => text.split('\n')) }
    }
  })
  try {
    const run = await cloud.run({ pods: 'pod-web01', image: broken })
    expect(run.report.result).toBe('rolled-back')
    expect(run.log).toContain('##›[set-output name=secret-name;]x HTTP/1.1')
    const commands = parseCommands(run.log).map(c => c.command)
    expect(
      commands.filter(
        c => !['add-mask', 'debug', 'error', 'warning', 'group', 'endgroup'].includes(c)
      )
    ).toEqual([])
    expect(commands.at(-1)).toBe('error')
  } finally {
    await cloud.close()
  }
})
