// Issue 18, 8: text work is linear and bounded. verify-body patterns run on RE2 (linear in the
// body, whatever the pattern), and what RE2 cannot run is refused with the inputs; every normalizer
// that sees outside text is linear; outside text is capped before it is processed.
//
// The bounds are asserted with vm's timeout, which interrupts synchronous work (a regex included)
// on this thread: a catastrophic case fails the test after a second instead of hanging the run.
// The sizes are where the old code took minutes (quadratic) or for ever (exponential), and the new
// takes milliseconds, so a one-second bound is deterministic in both directions.
import vm from 'node:vm'
import { Problems } from '../../src/problems.js'
import { readBody } from '../../src/inputs/verify-input.js'
import { JdcloudError, MAX_MESSAGE_CHARS } from '../../src/jdcloud/errors.js'
import { MAX_INLINE_CHARS, cell } from '../../src/report/markdown.js'
import { Redactor } from '../../src/redaction.js'
import { capText, oneLine } from '../../src/text.js'

/** `work()` run with a hard bound: throws ERR_SCRIPT_EXECUTION_TIMEOUT past `ms`. */
function within<T>(ms: number, work: () => T): T {
  return vm.runInNewContext('work()', { work }, { timeout: ms }) as T
}

function bodyRule(raw: string): { rule: ReturnType<typeof readBody>; problems: readonly string[] } {
  const problems = new Problems()
  return { rule: readBody(raw, problems), problems: problems.messages }
}

describe('verify-body runs in linear time', () => {
  test('/^(a+)+$/ against 64 KiB of "a" and a "!" is answered at once', () => {
    const { rule } = bodyRule('/^(a+)+$/')
    const body = `${'a'.repeat(64 * 1024)}!`
    const test = (rule as { regex: { test(text: string): boolean } }).regex
    expect(within(1000, () => test.test(body))).toBe(false)
    expect(within(1000, () => test.test('a'.repeat(64 * 1024)))).toBe(true)
  })

  test('other classic blow-ups too: (x+x+)+y, (a|aa)*b, (.*a){12}', () => {
    for (const [pattern, body] of [
      ['/(x+x+)+y/', 'x'.repeat(50_000)],
      ['/^(a|aa)*b$/', 'a'.repeat(50_000)],
      ['/^(.*a){12}$/', 'a'.repeat(5_000)]
    ] as const) {
      const { rule } = bodyRule(pattern)
      const regex = (rule as { regex: { test(text: string): boolean } }).regex
      expect(within(1000, () => regex.test(body))).toBe(pattern === '/^(.*a){12}$/')
    }
  })

  test('flags i, m, s keep their meaning', () => {
    const matches = (raw: string, text: string): boolean =>
      (bodyRule(raw).rule as { regex: { test(text: string): boolean } }).regex.test(text)
    expect(matches('/"status":\\s*"up"/i', '{"status": "UP"}')).toBe(true)
    expect(matches('/^ok$/m', 'status\nok\n')).toBe(true)
    expect(matches('/^ok$/', 'status\nok\n')).toBe(false)
    expect(matches('/a.b/s', 'a\nb')).toBe(true)
    expect(matches('/a.b/', 'a\nb')).toBe(false)
    expect(matches('/(?<v>v\\d+)\\.\\d+/u', 'version v12.3 🚀')).toBe(true)
  })

  test.each([
    ['/(a)\\1/', 'uses the backreference \\1, which needs backtracking'],
    ['/\\k<n>(?<n>a)/', 'uses a named backreference \\k<…>, which needs backtracking'],
    ['/ok(?=!)/', 'uses the lookahead (?=, which needs backtracking'],
    ['/ok(?!x)/', 'uses the lookahead (?!, which needs backtracking'],
    ['/(?<=v)1/', 'uses the lookbehind (?<=, which needs backtracking'],
    ['/(?<!v)1/', 'uses the lookbehind (?<!, which needs backtracking'],
    ['/a{1001}/', 'cannot run in linear time (RE2): invalid repeat count: `{1001}`'],
    ['/(/', 'is not a valid regular expression: Unterminated group']
  ])('%s is refused when the inputs are read', (raw, why) => {
    const { rule, problems } = bodyRule(raw)
    expect(rule).toBeNull()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(`verify-body: ${JSON.stringify(raw)} ${why}`)
  })

  test('a backslash or a class is not taken for what it escapes or holds', () => {
    for (const raw of ['/\\\\1/', '/[(?=]x/', '/\\(?=x/', '/a\\k/'])
      expect(bodyRule(raw).problems).toEqual([])
  })
})

describe('normalizers are linear', () => {
  test('oneLine folds 400 kB of white space in well under a second', () => {
    for (const text of [
      ' '.repeat(400_000),
      `a${' '.repeat(400_000)}b`,
      `a${' \t'.repeat(200_000)}\nb`,
      `${'\n'.repeat(200_000)}${' '.repeat(200_000)}x`,
      'x \r\n'.repeat(100_000)
    ])
      expect(within(1000, () => oneLine(text)).length).toBeLessThanOrEqual(text.length)
  })

  test('oneLine reads as before: line breaks and the white space around them become one space', () => {
    const before = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').trim()
    const pieces = ['a', ' ', '\t', '\n', '\r', '\r\n', '\u00a0', 'b c', '\u2028']
    // Every string of up to four pieces: 9 + 81 + 729 + 6561 of them, compared at once.
    const all = (n: number): string[] =>
      n === 0 ? [''] : all(n - 1).flatMap(rest => pieces.map(piece => piece + rest))
    const texts = [1, 2, 3, 4].flatMap(all)
    expect(texts.map(oneLine)).toEqual(texts.map(before))
  })

  test('a summary cell of a 400 kB message is capped before it is folded and escaped', () => {
    const shown = within(1000, () => cell(`#${' '.repeat(400_000)}|`))
    expect(shown).toBe(`\\#${' '.repeat(MAX_INLINE_CHARS - 1)}…`)
    expect(within(1000, () => cell('x'.repeat(400_000))).length).toBe(MAX_INLINE_CHARS + 1)
  })
})

test('redaction is linear too: a 100 kB secret cut anywhere is hidden at once', () => {
  const secret = `${'ab'.repeat(50_000)}c`
  const redactor = within(1000, () => new Redactor([secret]))
  const text = `x ${secret} y`
  expect(within(1000, () => redactor.redact(text))).toBe('x *** y')
  expect(within(1000, () => redactor.redact(capText(text, 70_000)))).toBe('x ***…')
})

describe('outside text is capped where it comes in', () => {
  test('capText cuts with a mark, never through a surrogate pair', () => {
    expect(capText('abcdef', 6)).toBe('abcdef')
    expect(capText('abcdef', 3)).toBe('abc…')
    expect(capText('ab😀cd', 3)).toBe('ab…')
  })

  test('an API message is capped before the error reads it', () => {
    const error = new JdcloudError({
      api: 'describePods',
      httpStatus: 400,
      status: 'INVALID_ARGUMENT',
      message: `bad${' '.repeat(400_000)}end`
    })
    expect(error.detailMessage).toHaveLength(MAX_MESSAGE_CHARS + 1)
    expect(error.message.length).toBeLessThan(MAX_MESSAGE_CHARS + 100)
  })
})
