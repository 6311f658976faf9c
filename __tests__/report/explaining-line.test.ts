// The rule that picks the one log line the summary shows uncollapsed under Why.
import { explainingLine, MAX_EXPLAINING_CHARS } from '../../src/report/explaining-line.js'

const lines = (...all: string[]): string => all.join('\n')

test.each([
  [
    'the last error-looking line',
    lines('INFO starting', 'FATAL: DATABASE_URL is not set', 'INFO bye?'),
    'FATAL: DATABASE_URL is not set'
  ],
  [
    'an exit announcement gives way to the error before it',
    lines(
      '2026-11-22T10:00:05.120Z INFO  shop-web 1.2-rc1 starting on :80',
      '2026-11-22T10:00:05.214Z ERROR cannot connect to postgres://db.internal:5432/shop: connection refused',
      '2026-11-22T10:00:05.215Z FATAL exiting with status 1'
    ),
    '2026-11-22T10:00:05.214Z ERROR cannot connect to postgres://db.internal:5432/shop: connection refused'
  ],
  [
    'a Python traceback: the exception line, not a frame',
    lines(
      'Traceback (most recent call last):',
      '  File "/app/main.py", line 3, in <module>',
      "    url = os.environ['DATABASE_URL']",
      "KeyError: 'DATABASE_URL'"
    ),
    "KeyError: 'DATABASE_URL'"
  ],
  [
    'a Java exception above its stack frames',
    lines(
      'Exception in thread "main" java.lang.IllegalStateException: no port',
      '\tat com.shop.Main.main(Main.java:12)',
      '\t... 3 more'
    ),
    'Exception in thread "main" java.lang.IllegalStateException: no port'
  ],
  [
    'only an exit line: that one',
    lines('starting', 'exiting with status 2'),
    'exiting with status 2'
  ],
  ['no error-looking line: the last line', lines('one', 'two', '', '  '), 'two'],
  ['error words are whole words: "terror" is not one', lines('terror', 'ok'), 'ok']
])('%s', (_what, logs, expected) => {
  expect(explainingLine(logs)).toBe(expected)
})

test('no logs, no line', () => {
  expect(explainingLine(undefined)).toBeUndefined()
  expect(explainingLine('')).toBeUndefined()
})

test('a long line is cut', () => {
  const line = explainingLine(`ERROR ${'x'.repeat(1000)}`)
  expect(line).toHaveLength(MAX_EXPLAINING_CHARS)
  expect(line?.endsWith('…')).toBe(true)
})
