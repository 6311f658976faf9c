// Every mermaid block a summary can hold parses with mermaid's own parser, and each bar lands
// where the run recorded it: a block GitHub cannot draw shows "Unable to render rich display".
// No browser: mermaid's full package in Node. Its gantt parser and database need no DOM; only
// DOMPurify, which mermaid runs over a chart's title and labels to strip HTML, does — without a
// window it has no sanitize at all. It stands in here as the identity (our labels hold no HTML:
// markdown.ts's mermaidText keeps letters, digits and plain marks), which changes what a label
// would render, not what parses. jsdom was tried first: its version 27 does not load under jest.
import { readFileSync } from 'node:fs'
import { jest } from '@jest/globals'
import type { PodReport, RunReport, StepName, StepRecord } from '../../src/report/model.js'
import { renderSummary } from '../../src/report/summary.js'
import { TIMELINE_MAX_PODS, renderTimeline } from '../../src/report/timeline.js'
import { EXAMPLE_NAMES, exampleFile } from '../../scripts/summary-examples.js'

interface GanttTask {
  task: string
  section: string
  startTime: Date
  endTime: Date
}

jest.unstable_mockModule('dompurify', () => ({
  default: { sanitize: (text: string) => text, addHook: () => undefined }
}))
const { default: mermaid } = await import('mermaid')

const blocks = (markdown: string): string[] =>
  [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map(m => m[1] as string)

/** Parses a block; returns its tasks as mermaid's gantt database holds them. */
async function tasksOf(block: string): Promise<GanttTask[]> {
  await mermaid.parse(block)
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(block)
  return (diagram.db as unknown as { getTasks(): GanttTask[] }).getTasks()
}

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0)
const STEPS: StepName[] = [
  'out of traffic',
  'stop',
  'rebuild',
  'start',
  'ready',
  'healthy on the balancer',
  'verification',
  'rollback'
]

function pod(i: number, name: string, stepMs: number, failAt?: StepName): PodReport {
  let at = T0 + 1000 + i * stepMs
  const steps: StepRecord[] = STEPS.map(step => {
    const record = {
      step,
      startedAt: at,
      endedAt: at + (step === 'start' ? 0 : stepMs),
      ok: step !== failAt
    }
    at = record.endedAt
    return record
  })
  return {
    podId: `pod-t${i}`,
    name,
    phase: 'running',
    containers: [],
    secondsToReady: null,
    requestIds: [],
    outcome: failAt ? 'rolled-back' : 'updated',
    batch: Math.floor(i / 2) + 1,
    steps
  }
}

function report(pods: PodReport[]): RunReport {
  const end = Math.max(T0, ...pods.flatMap(p => (p.steps ?? []).map(s => s.endedAt)))
  return {
    operation: 'deploy',
    result: 'succeeded',
    startedAt: T0,
    finishedAt: end,
    pods,
    requestIds: [],
    notes: [],
    dryRun: false
  }
}

const HOSTILE_NAMES = [
  'web: 1; section x',
  '```\n%% comment\n# heading',
  'web-1 :crit, t1, 00:00:00.000, 00:00:01.000',
  '商店-ウェブ 🚀 <b>x</b>',
  '   ',
  'x'.repeat(300),
  'title evil',
  'gantt',
  'after t1'
]

const cases: Array<[string, RunReport]> = [
  ['one pod, every step', report([pod(0, 'web-1', 2000)])],
  ['a failed step and a rollback', report([pod(0, 'web-1', 2000, 'ready'), pod(1, 'web-2', 2000)])],
  ['four batches', report(Array.from({ length: 8 }, (_, i) => pod(i, `web-${i + 1}`, 1500)))],
  ['hostile pod names', report(HOSTILE_NAMES.map((name, i) => pod(i, name, 1000)))],
  ['steps of a few milliseconds', report([pod(0, 'web-1', 3), pod(1, 'web-2', 1)])],
  ['a run of two hours', report([pod(0, 'web-1', 15 * 60_000)])],
  ['more pods than the cap', report(Array.from({ length: 45 }, (_, i) => pod(i, `web-${i}`, 500)))]
]

test.each(cases)('%s: parses, and every bar is where the run recorded it', async (_what, run) => {
  const [block, ...others] = blocks(renderSummary(run, {}, 'cn-north-1'))
  expect(others).toEqual([])
  const tasks = await tasksOf(block as string)
  const shown = run.pods.slice(0, TIMELINE_MAX_PODS)
  const batches = new Set(shown.map(p => p.batch)).size
  expect(tasks).toHaveLength(
    shown.reduce((n, p) => n + (p.steps ?? []).length, 0) + (batches > 1 ? batches : 0)
  )
  const steps = shown.flatMap(p => p.steps ?? [])
  for (const task of tasks) {
    expect(Number.isNaN(task.startTime.getTime())).toBe(false)
    expect(task.endTime.getTime()).toBeGreaterThanOrEqual(task.startTime.getTime())
  }
  // Bars in the order recorded, each starting at its step's offset from the start of the run.
  const bars = tasks.slice(batches > 1 ? batches : 0)
  const origin =
    (tasks[0] as GanttTask).startTime.getTime() -
    ((batches > 1 ? Math.min(...steps.map(s => s.startedAt)) : (steps[0] as StepRecord).startedAt) -
      T0)
  bars.forEach((bar, i) =>
    expect(bar.startTime.getTime() - origin).toBe((steps[i] as StepRecord).startedAt - T0)
  )
  // A section per pod, none taken over by a name.
  expect(new Set(bars.map(bar => bar.section)).size).toBe(
    shown.length - (_what === 'hostile pod names' ? 0 : 0)
  )
})

test('nothing moved: no timeline', () => {
  expect(renderTimeline(report([{ ...pod(0, 'web-1', 1000), steps: [] }]))).toBeUndefined()
})

test.each(EXAMPLE_NAMES)('docs/examples/%s.md: its mermaid blocks parse', async name => {
  for (const block of blocks(readFileSync(exampleFile(name), 'utf8')))
    expect((await tasksOf(block)).length).toBeGreaterThan(0)
})

test('the parser used here does refuse a broken block', async () => {
  await expect(
    mermaid.parse('gantt\n  section a\n  bar :t1, 00:00:01.000, 00:00:02.000\n}}}')
  ).rejects.toThrow()
})
