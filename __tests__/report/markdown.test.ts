// Issue 18, 6 and 7, where text meets Markdown. 6: the summary's escaping never turns a secret into
// a form the runner's masker cannot find (tested with the runner's own rule). 7: text from outside
// stays text: rendered by a GitHub-flavoured Markdown renderer (marked), a hostile message gives the
// page exactly the structure a plain word gives it, wherever the summary puts it.
import { Marked } from 'marked'
import type { Token } from 'marked'
import { maskLikeRunner } from '../../__fixtures__/runner-masker.js'
import { cell, escapeHtml } from '../../src/report/markdown.js'
import type { RunReport } from '../../src/report/model.js'
import { renderSummary } from '../../src/report/summary.js'

const gfm = new Marked({ gfm: true, async: false })

describe('6: escaping leaves every secret in a form the runner masks', () => {
  // Secrets another step registered (the action cannot redact what it never knew): tokens, keys,
  // and passwords with the characters HTML escaping touches.
  const SECRETS = [
    'JDC_AK_0A1B2C3D4E5F',
    'ghp_AbCdEf0123456789xyz',
    'github_pat_11AB_cdEF_99',
    `p&ss<wörd>"q'x`,
    'a.b-c+d/e=f:g@h!i',
    'x$y%z^w(v)u,t;s?r{q}p#o'
  ]

  test.each(SECRETS)('%s', secret => {
    for (const text of [`AccessKey ${secret} is disabled`, `${secret}: no such key`]) {
      const shown = maskLikeRunner(cell(text), [secret])
      expect(shown).toContain('***')
      expect(shown).toBe(
        maskLikeRunner(cell(text.replace(secret, 'SECRET')), []).replace('SECRET', '***')
      )
    }
    expect(maskLikeRunner(escapeHtml(`<pre>${secret}</pre>`), [secret])).toBe(
      '&lt;pre&gt;***&lt;/pre&gt;'
    )
  })

  test('what it escapes is what Markdown would read: `\\ ` * ~ [ ] |` and `_` at a word’s edge', () => {
    expect(cell('a\\b `c` *d* ~e~ [f] g|h _i_ j_k')).toBe(
      'a\\\\b \\`c\\` \\*d\\* \\~e\\~ \\[f\\] g\\|h \\_i\\_ j_k'
    )
  })
})

/** The page's structure: block and inline token types, the runs of plain text as one `text`. */
function shape(markdown: string): unknown[] {
  const walk = (tokens: readonly Token[]): unknown[] => {
    const out: unknown[] = []
    for (const token of tokens) {
      const t = token as Token & {
        tokens?: Token[]
        items?: Token[]
        header?: unknown[]
        rows?: unknown[][]
      }
      // GFM links a bare URL, showing the URL itself: still the text as it came.
      const bareUrl = t.type === 'link' && t.raw === (t as Token & { text: string }).text
      if (t.type === 'escape' || t.type === 'text' || bareUrl) {
        const inner = t.tokens ? walk(t.tokens) : []
        if (inner.some(node => node !== 'text')) out.push({ text: inner })
        else if (out[out.length - 1] !== 'text') out.push('text')
        continue
      }
      const children = [
        ...(t.tokens ? walk(t.tokens) : []),
        ...(t.items ? walk(t.items) : []),
        ...(t.type === 'table'
          ? [
              (t.header as Array<{ tokens: Token[] }>).map(c => walk(c.tokens)),
              (t.rows as Array<Array<{ tokens: Token[] }>>).map(row => row.map(c => walk(c.tokens)))
            ]
          : [])
      ]
      out.push(children.length > 0 ? { [t.type]: children } : t.type)
    }
    return out
  }
  return walk(gfm.lexer(markdown))
}

const HOSTILE = [
  '# heading',
  '## ✅ All pods healthy',
  '#\tx',
  '   # indented',
  '~~~',
  '~~~ js',
  '```js',
  '1. one',
  '1) one',
  '2024. ok',
  '- item',
  '* item',
  '+ item',
  '---',
  '***',
  '___',
  '- - -',
  '=== ',
  '> quote',
  '>> quote',
  '| a | b |',
  '<div>x</div>',
  '<details open>',
  '<!-- c -->',
  '[link](http://example.com)',
  '![img](http://example.com/x.png)',
  '<http://example.com>',
  '**bold** _em_ ~~del~~ `code` ~one~',
  '<b>x</b>',
  '&amp; &#35; &lt;',
  '\\# not',
  '[ ] task',
  '[^1]',
  '[x]: http://example.com',
  '    four spaces',
  'waiting\n# ✅ All pods healthy',
  'a\n---',
  'a\n===',
  'x\n|---|---|',
  'first\n\n~~~\nfenced\n~~~',
  '- 1. # deep'
]

/** Where the summary puts outside text: each context with `{}` for the escaped text. */
const CONTEXTS: Record<string, string> = {
  'a paragraph of its own': '#### web-1 (pod-1)\n\n{}\n\n- **web**: waiting',
  'a list item': '### Notes\n- {}\n- next',
  'a nested list item': '- **web** `img`: waiting; 3 restarts\n  - {}',
  'a quote': '> **Error:** {}',
  'a table cell': '| a | b |\n| --- | --- |\n| {}<br><sub>{}</sub> | z |',
  'a details intro': '<details open><summary>s</summary>\n\n{}\n\n- change\n\n</details>'
}

describe('7: outside text never opens a block', () => {
  for (const [where, context] of Object.entries(CONTEXTS))
    test.each(HOSTILE)(`in ${where}: %j`, hostile => {
      const render = (text: string): string => context.replaceAll('{}', cell(text))
      expect(shape(render(hostile))).toEqual(shape(render('x')))
    })
})

describe('7: the whole summary keeps its shape whatever the cloud says', () => {
  const report = (text: string): RunReport => ({
    operation: 'deploy',
    result: 'failed',
    startedAt: 0,
    finishedAt: 1000,
    requestIds: [],
    notes: [text, `pod-1: ${text}`],
    error: text,
    dryRun: false,
    pods: [
      {
        podId: 'pod-1',
        name: 'web-1',
        phase: 'error',
        containers: [{ name: 'web', image: 'nginx:1', init: false, ready: false, restartCount: 3 }],
        secondsToReady: null,
        requestIds: [],
        outcome: 'failed',
        message: text,
        diagnosis: [
          {
            container: 'web',
            image: 'nginx:1',
            state: 'waiting',
            reason: 'CrashLoopBackOff',
            message: text,
            restartCount: 3
          }
        ]
      }
    ]
  })

  test.each(HOSTILE)('%j', hostile => {
    const summary = (text: string): string => renderSummary(report(text), {}, 'cn-north-1')
    expect(shape(summary(hostile))).toEqual(shape(summary('x')))
  })
})
