// The job summary as GitHub shows it: the Markdown the action writes, rendered by a GitHub-flavoured
// Markdown renderer (marked, gfm), for a success, a failure and a run full of hostile values; and the
// checked-in examples under docs/examples/ kept up to date.
import { readFileSync } from 'node:fs'
import { Marked } from 'marked'
import type { Tokens } from 'marked'
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { PodReport, RunReport } from '../../src/report/model.js'
import { renderSummary } from '../../src/report/summary.js'
import { EXAMPLES, CRASH_LOG, renderExamples } from '../../scripts/summary-examples.js'

const gfm = new Marked({ gfm: true, async: false })
const html = (markdown: string): string => gfm.parse(markdown) as string
const tables = (markdown: string): Tokens.Table[] =>
  gfm.lexer(markdown).filter((token): token is Tokens.Table => token.type === 'table')

const MIB = 1024 * 1024
const COLUMNS = [
  'Pod',
  'Container',
  'Image',
  'Phase',
  'Ready',
  'Seconds to ready',
  'Outcome',
  'Request id'
]

/** The text a browser shows for HTML with character references (what GitHub's page displays). */
function decode(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&', apos: "'" }
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)))
    return named[name] ?? entity
  })
}

/** One row per pod, every row with all eight cells: nothing broke out of a cell. */
function expectPodTable(markdown: string, pods: number): Tokens.Table {
  const [table, ...others] = tables(markdown)
  expect(others).toEqual([])
  expect(table?.header.map(cell => cell.text)).toEqual(COLUMNS)
  expect(table?.rows).toHaveLength(pods)
  for (const row of table?.rows ?? []) expect(row).toHaveLength(COLUMNS.length)
  const rendered = html(markdown)
  expect(rendered.match(/<table>/g)).toHaveLength(1)
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(rendered)?.[1] ?? ''
  expect(body.match(/<tr>/g)).toHaveLength(pods)
  return table as Tokens.Table
}

/** The text of each <pre> that sits inside a <details> block, as the page shows it. */
function logBlocks(markdown: string): string[] {
  const rendered = html(markdown)
  const blocks = [...rendered.matchAll(/<details>([\s\S]*?)<\/details>/g)].map(m => m[1] as string)
  return blocks.flatMap(block =>
    [...block.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map(m => decode(m[1] as string))
  )
}

describe('the checked-in examples', () => {
  let rendered: { success: string; failure: string }
  beforeAll(async () => {
    rendered = await renderExamples()
  })

  test('docs/examples/ shows what the action writes today (npm run docs:examples)', () => {
    expect(readFileSync(EXAMPLES.success, 'utf8')).toBe(rendered.success)
    expect(readFileSync(EXAMPLES.failure, 'utf8')).toBe(rendered.failure)
  })

  test('a success renders as a heading and a table with one row per pod', () => {
    const table = expectPodTable(rendered.success, 2)
    expect(table.rows.map(row => row[6]?.text)).toEqual(['updated', 'updated'])
    const page = html(rendered.success)
    expect(page).toMatch(/<h2>JD Cloud pod deploy ✅ succeeded<\/h2>/)
    expect(page).toContain(
      '<a href="https://github.com/acme/shop/actions/runs/4242">workflow run</a>'
    )
    expect(page).toContain(
      '<code>registry.example.com/shop/web:1.0</code> → <code>registry.example.com/shop/web:1.1</code>'
    )
    expect(page).not.toContain('<details>')
  })

  test('a failure renders its table, and the logs inside <details>/<pre>', () => {
    const table = expectPodTable(rendered.failure, 2)
    expect(table.rows.map(row => row[6]?.tokens[0]?.raw)).toEqual(['rolled-back', 'not-started'])
    const page = html(rendered.failure)
    expect(page).toMatch(/<h2>JD Cloud pod deploy ↩️ failed and rolled back<\/h2>/)
    expect(page).toMatch(/<blockquote>\s*<p><strong>Rolled back:<\/strong> pod-web01 is failing/)
    expect(page).toContain('<h3>Failure details</h3>')
    expect(page).toMatch(/<details><summary>last 4 log lines of web<\/summary>/)
    expect(logBlocks(rendered.failure)).toEqual([CRASH_LOG.join('\n')])
  })

  test('both stay far below GitHub’s 1 MiB', () => {
    for (const markdown of Object.values(rendered))
      expect(Buffer.byteLength(markdown)).toBeLessThan(MIB)
  })
})

describe('hostile values stay inside their cell or block', () => {
  const BROKEN = 'registry.example.com/shop/web:hostile'
  const HOSTILE_NAME = 'web <script>alert(1)</script> | `x` **y** [z](javascript:alert(2))'
  const HOSTILE_LOG = [
    '<script>alert("log")</script>',
    '| not | a | table |',
    '</pre></details><img src=x onerror=alert(3)>',
    '# not a heading',
    '::error::not a workflow command',
    'a\\|b & c &amp; d'
  ]
  let cloud: EmulatedCloud
  afterEach(() => cloud?.close())

  test('a pod name and log lines with HTML, pipes and Markdown render as text', async () => {
    cloud = await startEmulatedCloud({
      pods: [podSeed({ podId: 'pod-evil1', name: HOSTILE_NAME }), podSeed({ podId: 'pod-ok2' })],
      images: { [BROKEN]: { behaviour: 'crash-loop', logs: HOSTILE_LOG } }
    })
    const { summary, report } = await cloud.run({
      pods: 'pod-evil1\npod-ok2',
      image: BROKEN,
      'fail-fast': '10s',
      rollback: 'false'
    })
    expect(report.result).toBe('failed')
    expectPodTable(summary, 2)
    const page = html(summary)
    expect(page).not.toMatch(/<script|<img|href="javascript|<h1>|<strong>y/i)
    // The name shows as typed, in its cell and in the failure heading.
    expect(decode(/<td>([\s\S]*?)<\/td>/.exec(page)?.[1] ?? '')).toContain(HOSTILE_NAME)
    expect(decode(page.match(/<h4>([^<]*)<\/h4>/)?.[1] ?? '')).toBe(`${HOSTILE_NAME} (pod-evil1)`)
    expect(logBlocks(summary)).toEqual([HOSTILE_LOG.join('\n')])
    // One block of log lines, one of the changes tried: the log cannot open or close any.
    expect(page.match(/<details>/g)).toHaveLength(1)
    expect(page.match(/<details open>/g)).toHaveLength(1)
    expect(page.match(/<\/details>/g)).toHaveLength(2)
  })
})

describe('size', () => {
  test('three hundred failing pods with long logs still render below 1 MiB, as a table', () => {
    const longLog = Array.from(
      { length: 1000 },
      (_, i) => `line ${i} ${'x'.repeat(200)} <b>|</b>`
    ).join('\n')
    const pod = (i: number): PodReport => ({
      podId: `pod-p${i}`,
      name: `web-${i}`,
      phase: 'running',
      containers: [
        {
          name: 'web',
          init: false,
          image: 'registry.example.com/shop/web:2.0',
          previousImage: 'registry.example.com/shop/web:1.0',
          ready: false,
          restartCount: 7
        }
      ],
      secondsToReady: null,
      requestIds: [`req-${i}`],
      outcome: 'failed',
      message: `pod-p${i} is failing: container web: CrashLoopBackOff`,
      diagnosis: [
        {
          container: 'web',
          image: 'registry.example.com/shop/web:2.0',
          state: 'waiting',
          reason: 'CrashLoopBackOff',
          restartCount: 7,
          logs: longLog
        }
      ]
    })
    const report: RunReport = {
      operation: 'deploy',
      result: 'failed',
      startedAt: 0,
      finishedAt: 60_000,
      pods: Array.from({ length: 300 }, (_, i) => pod(i)),
      requestIds: [],
      notes: [],
      error: 'pod-p0 is failing',
      dryRun: false
    }
    const markdown = renderSummary(report, { repository: 'acme/shop' }, 'cn-north-1')
    expect(Buffer.byteLength(markdown)).toBeLessThan(MIB)
    const [table] = tables(markdown)
    expect(table?.header).toHaveLength(COLUMNS.length)
    expect(table?.rows.length).toBeGreaterThan(0)
    for (const row of table?.rows ?? []) expect(row).toHaveLength(COLUMNS.length)
    expect(html(markdown)).not.toMatch(/<b>/)
  })
})
