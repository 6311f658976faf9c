// The job summary as GitHub shows it: the Markdown the action writes, rendered by a GitHub-flavoured
// Markdown renderer (marked, gfm), for the checked-in examples (a fleet failure and success, a
// failed smoke check, a rotation, an input error found by reading) and a run full of hostile
// values; the examples under docs/examples/ kept up to date; and the size cap at 500 pods.
import { readFileSync } from 'node:fs'
import { Marked } from 'marked'
import type { Tokens } from 'marked'
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { PodReport, RunReport, StepRecord } from '../../src/report/model.js'
import { MAX_SUMMARY_BYTES, renderSummary } from '../../src/report/summary.js'
import {
  CRASH_LOG,
  EXAMPLE_NAMES,
  EXPLAINING_LINE,
  comparable,
  exampleFile,
  renderExamples
} from '../../scripts/summary-examples.js'
import type { ExampleName } from '../../scripts/summary-examples.js'

const gfm = new Marked({ gfm: true, async: false })
const html = (markdown: string): string => gfm.parse(markdown) as string
const tables = (markdown: string): Tokens.Table[] =>
  gfm.lexer(markdown).filter((token): token is Tokens.Table => token.type === 'table')

const MIB = 1024 * 1024
const COLUMNS = ['Pod', 'Containers', 'State', 'Outcome']

/** The text a browser shows for HTML with character references (what GitHub's page displays). */
function decode(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'" }
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)))
    return named[name] ?? entity
  })
}

/** The page with every <details> block taken out: what a person sees before opening anything. */
function closedView(markdown: string): string {
  return html(markdown)
    .replace(/<details>[\s\S]*?<\/details>/g, '')
    .replace(/<[^>]+>/g, '')
}

/** One table, one row per pod, every row with all its cells: nothing broke out of a cell. */
function expectPodTable(markdown: string, rows: number, columns = COLUMNS): Tokens.Table {
  const [table, ...others] = tables(markdown)
  expect(others).toEqual([])
  expect(table?.header.map(cell => cell.text)).toEqual(columns)
  expect(table?.rows).toHaveLength(rows)
  for (const row of table?.rows ?? []) expect(row).toHaveLength(columns.length)
  return table as Tokens.Table
}

/** The text of each <pre> inside a <details> block, as the page shows it. */
function logBlocks(markdown: string): string[] {
  const blocks = [...html(markdown).matchAll(/<details>([\s\S]*?)<\/details>/g)].map(
    m => m[1] as string
  )
  return blocks.flatMap(block =>
    [...block.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map(m => decode(m[1] as string))
  )
}

/** The level-3 headings, in order. */
const headings = (markdown: string): string[] =>
  gfm
    .lexer(markdown)
    .filter((token): token is Tokens.Heading => token.type === 'heading' && token.depth === 3)
    .map(token => token.text)

describe('the checked-in examples', () => {
  let rendered: Record<ExampleName, string>
  beforeAll(async () => {
    rendered = await renderExamples()
  })

  test('docs/examples/ shows what the action writes today, timings aside (npm run docs:examples)', () => {
    for (const name of EXAMPLE_NAMES)
      expect([name, comparable(readFileSync(exampleFile(name), 'utf8'))]).toEqual([
        name,
        comparable(rendered[name])
      ])
  })

  test('a fleet failure reads top-down: verdict, why, next step, timeline, pods, the rest', () => {
    const markdown = rendered['fleet-failure']
    const page = html(markdown)
    expect(page).toMatch(
      /<h2>↩️ JD Cloud pod deploy: 3 of 8 pods rolled back, 5 not touched<\/h2>\s*<p>web 1\.4\.2 → crash-1\.5\.0 · \d+ s · behind tg-shopweb/
    )
    expect(headings(markdown)).toEqual(['Why', 'Next step', 'Pods', 'Failure details'])
    // The explaining line is in view with every block closed, once; the reason not repeated.
    const closed = decode(closedView(markdown))
    expect(closed.split(EXPLAINING_LINE)).toHaveLength(2)
    expect(closed).toContain('3 pods: CrashLoopBackOff · web-1, web-2, web-3')
    expect(closed).toContain('Re-run when fixed; 5 pods were not touched.')
    expect(markdown.indexOf('### Why')).toBeLessThan(markdown.indexOf('```mermaid'))
    expect(markdown.indexOf('```mermaid')).toBeLessThan(markdown.indexOf('### Pods'))
    // Three rows, the five untouched in one line, request ids in a closed block.
    const table = expectPodTable(markdown, 3, [...COLUMNS, 'Load balancer'])
    expect(table.rows.map(row => decode(row[3]?.text ?? ''))).toEqual(
      Array(3).fill('↩️ rolled back')
    )
    expect(table.rows.map(row => decode(row[4]?.text ?? ''))).toEqual(
      Array(3).fill('tg-shopweb ✓ · drain 2 s')
    )
    expect(closed).toContain('5 not touched: web-4, web-5, web-6, web-7, web-8')
    expect(page).toMatch(/<details><summary>Request IDs/)
    expect(closed).not.toMatch(/req-\d/)
    expect(logBlocks(markdown)).toEqual(Array(3).fill(CRASH_LOG.join('\n')))
    expect(markdown).not.toContain('0 pods')
  })

  test('a fleet success: the verdict, the change, one row a pod, no failure sections', () => {
    const markdown = rendered['fleet-success']
    expect(html(markdown)).toMatch(/<h2>✅ JD Cloud pod deploy: 8 pods updated<\/h2>/)
    expect(markdown).toMatch(/^web 1\.4\.2 → 1\.5\.0 · \d+ s · behind tg-shopweb · `cn-north-1`/m)
    expect(headings(markdown)).toEqual(['Pods'])
    const table = expectPodTable(markdown, 8, [...COLUMNS, 'Load balancer'])
    expect(table.rows.map(row => decode(row[1]?.text ?? ''))).toEqual(
      Array(8).fill('web: 1.4.2 → 1.5.0')
    )
    // Four batches of two, each pod's steps in its own row.
    const chart = /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1] ?? ''
    expect(chart.match(/^ {2}batch \d/gm)).toHaveLength(4)
    expect(chart.match(/^ {2}section web-\d$/gm)).toHaveLength(8)
    expect(chart).not.toContain('crit')
    expect(html(markdown)).toContain(
      '<details><summary><b>Changes</b> · web-1, web-2, web-3, web-4 … and 4 more (8 pods): 1 change · updated</summary>'
    )
  })

  test('a failed smoke check: its cause, the answer’s explaining line, the body as text', () => {
    const markdown = rendered['verification-failure']
    const closed = decode(closedView(markdown))
    expect(closed).toContain('1 pod: the smoke check failed · web-1')
    expect(closed).toContain('database: unreachable (connection refused)')
    expect(headings(markdown)).toEqual(['Why', 'Next step', 'Pods', 'Verification'])
    expect(logBlocks(markdown)).toEqual([
      'status: DOWN\ndatabase: unreachable (connection refused)\n'
    ])
    expect(markdown).not.toContain('\\u000a')
  })

  test('rotate-secret: each table under its own heading', () => {
    const markdown = rendered['rotate-secret']
    expect(headings(markdown)).toEqual(['Secret versions', 'Pods'])
    expect(tables(markdown)).toHaveLength(2)
    expect(markdown).toMatch(/^secret `regcred-20260101000000` → `regcred-20261122100000`/m)
  })

  test('an input error found by reading: nothing was changed, one line a problem, no pod count', () => {
    const markdown = rendered['input-error-after-read']
    expect(html(markdown)).toMatch(/<h2>❌ JD Cloud pod deploy: invalid input<\/h2>/)
    expect(markdown).toContain(
      '> **Invalid input.** Nothing was changed: the action only read the pods and balancers it was given. Fix these 2 problems and run again:'
    )
    expect(markdown.split('\n').filter(line => line.startsWith('- `container`: '))).toHaveLength(2)
    expect(markdown).not.toMatch(/0 pods|Error:|### Why/)
  })

  test('every example stays far below GitHub’s 1 MiB', () => {
    for (const markdown of Object.values(rendered))
      expect(Buffer.byteLength(markdown)).toBeLessThan(MIB)
  })
})

test('an unknown container is an input error: result failed, "Nothing was changed", no change made', async () => {
  const cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-ie9', name: 'web-9' })] })
  try {
    const run = await cloud.run({
      pods: 'web-9',
      image: 'registry.example.com/shop/web:2',
      container: 'api'
    })
    expect(run.outputs.result).toBe('failed')
    expect(run.report).toMatchObject({ problemsFound: 'by-reading', pods: [] })
    expect(run.summary).toContain('Nothing was changed')
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  } finally {
    await cloud.close()
  }
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
    '```',
    'a\\|b & c &amp; d ERROR'
  ]
  let cloud: EmulatedCloud
  afterEach(() => cloud?.close())

  test('a pod name and log lines with HTML, pipes, fences and Markdown render as text', async () => {
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
    // The name shows as typed (as the browser shows the cell), and in the failure block's summary.
    expect(decode(/<td>([\s\S]*?)<\/td>/.exec(page)?.[1] ?? '')).toContain(HOSTILE_NAME)
    expect(decode(page)).toContain(`${HOSTILE_NAME} (pod-evil1) · web: `)
    expect(logBlocks(summary)).toEqual([HOSTILE_LOG.join('\n')])
    // The explaining line is code in a quote: it cannot open a block or end the fence.
    expect(decode(closedView(summary))).toContain('a\\|b & c &amp; d ERROR')
    // The log's own fence stays text inside its <pre>: the one code block is the timeline's.
    expect(page.match(/<pre><code/g)).toHaveLength(1)
    expect(page.match(/<code class="language-mermaid">/g)).toHaveLength(1)
    // One block of log lines, one of the changes tried, one of request ids.
    expect(page.match(/<details( open)?>/g)).toHaveLength(3)
    expect(page.match(/<\/details>/g)).toHaveLength(3)
  })
})

describe('size', () => {
  const longLog = Array.from(
    { length: 100 },
    (_, i) => `line ${i} ${'x'.repeat(200)} <b>|</b> ERROR`
  ).join('\n')
  const steps = (i: number): StepRecord[] =>
    (['out of traffic', 'stop', 'rebuild', 'start', 'ready'] as const).map((step, s) => ({
      step,
      startedAt: i * 1000 + s * 200,
      endedAt: i * 1000 + s * 200 + 200,
      ok: step !== 'ready'
    }))
  const pod = (i: number, outcome: PodReport['outcome']): PodReport => ({
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
    requestIds: Array.from({ length: 12 }, (_, r) => `req${i}x${r}${'abcdef'.repeat(4)}`),
    outcome,
    batch: Math.floor(i / 50) + 1,
    steps: steps(i),
    cause: 'crash',
    message: `pod-p${i} is failing: container web: CrashLoopBackOff`,
    changes: [{ container: 'web', field: 'image', before: 'a:1', after: `a:${i}` }],
    balancer: {
      targets: [{ targetGroupId: 'tg-web', port: 80, weight: 10, health: 'healthy' }],
      drainSeconds: 30,
      secondsToHealthy: 4
    },
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
  const report = (pods: PodReport[]): RunReport => ({
    operation: 'deploy',
    result: 'failed',
    startedAt: 0,
    finishedAt: 600_000,
    pods,
    requestIds: pods.flatMap(p => p.requestIds),
    notes: [],
    error: 'pod-p0 is failing',
    dryRun: false
  })

  test('500 failing pods with 20 KB of logs each: under the cap, a closed table, a capped timeline', () => {
    const markdown = renderSummary(
      report(Array.from({ length: 500 }, (_, i) => pod(i, 'failed'))),
      { repository: 'acme/shop' },
      'cn-north-1'
    )
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(MAX_SUMMARY_BYTES).toBeLessThan(MIB)
    expect(markdown).toContain('<details><summary>500 pods: 500 ❌ failed</summary>')
    expect(markdown.match(/^ {2}section /gm)).toHaveLength(30)
    expect(markdown).toContain('The timeline shows the first 30 of the 500 pods that moved.')
    expect(markdown).toContain('**500 pods: CrashLoopBackOff**')
    expect(html(markdown)).not.toMatch(/<b>\|/)
  })

  test('500 updated pods: every row, the change once in the headline', () => {
    const pods = Array.from({ length: 500 }, (_, i) => ({
      ...pod(i, 'updated'),
      cause: undefined,
      diagnosis: undefined,
      message: undefined,
      changes: [{ container: 'web', field: 'image', before: 'a:1', after: 'a:2' }]
    }))
    const markdown = renderSummary(
      { ...report(pods), result: 'succeeded', error: undefined },
      {},
      'cn-north-1'
    )
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(expectPodTable(markdown, 500, [...COLUMNS, 'Load balancer']).rows).toHaveLength(500)
    expect(markdown).toMatch(/^web 1 → 2 · 600 s/m)
  })
})
