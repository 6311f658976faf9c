// The port of the runner's parser (__fixtures__/runner-commands.ts: both the `::name::` and the
// legacy `##[name]` form, .NET white space, stop-commands) reads what the runner reads.
import { parseCommands } from '../../__fixtures__/runner-commands.js'

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
