/**
 * The summary's Timeline (the chart's own title says so): a mermaid gantt chart of each pod's steps as the run recorded them,
 * one row per pod (compact mode), with a first row for the batches. Times are offsets from the
 * start of the run (so the chart reads the same in every time zone); a failed step is drawn as
 * critical. Only pod names (made plain by mermaidText) and our own step names go in: never a
 * secret. Capped at TIMELINE_MAX_PODS rows, with a line saying so.
 */
import type { PodReport, RunReport, StepRecord } from './model.js'
import { mermaidText } from './markdown.js'

export const TIMELINE_MAX_PODS = 30
const DAY_MS = 24 * 3600_000

type Span = Pick<StepRecord, 'startedAt' | 'endedAt'>

export function renderTimeline(report: RunReport, maxPods = TIMELINE_MAX_PODS): string | undefined {
  const moved = report.pods.filter(pod => (pod.steps ?? []).length > 0)
  if (moved.length === 0) return undefined
  const origin = report.startedAt
  const end = Math.max(...moved.flatMap(pod => (pod.steps ?? []).map(step => step.endedAt)))
  // The time format reaches 23:59:59; a run of a day or more has no timeline.
  if (end - origin >= DAY_MS) return undefined
  const shown = moved.slice(0, maxPods)
  const lines = [
    '```mermaid',
    '---',
    'config:',
    '  gantt:',
    '    displayMode: compact',
    '    barHeight: 13',
    '    barGap: 3',
    '    fontSize: 10',
    '    sectionFontSize: 11',
    '---',
    'gantt',
    // The title stands in the chart's top margin, which mermaid keeps anyway.
    `  title Timeline · ${stepOrder(shown).join(' → ')} · red: failed`,
    '  dateFormat HH:mm:ss.SSS',
    `  axisFormat ${end - origin >= 3600_000 ? '%H:%M:%S' : '%M:%S'}`,
    '  todayMarker off'
  ]
  const at = (ms: number): string => offset(Math.max(0, ms - origin))
  const fit = labelFitting(end - origin)
  let id = 0
  const task = (name: string, tag: string, span: Span): string => {
    // Too short to see as a bar (a start call, a smoke check that failed at once): a milestone.
    const instant = (span.endedAt - span.startedAt) / Math.max(end - origin, 1) < 0.005
    const tags = [tag, instant ? 'milestone' : ''].filter(Boolean)
    const label = instant ? (SHORT[name] ?? name) : fit(name, span)
    const until = instant ? span.startedAt : Math.max(span.endedAt, span.startedAt)
    return `  ${label} :${tags.map(t => `${t}, `).join('')}t${++id}, ${at(span.startedAt)}, ${at(until)}`
  }
  const spans = batchSpans(shown)
  if (spans.length > 1) {
    lines.push('  section batches')
    for (const span of spans) lines.push(task(`batch ${span.batch}`, 'done', span))
  }
  for (const pod of shown) {
    lines.push(`  section ${mermaidText(pod.name || pod.podId)}`)
    for (const step of pod.steps ?? [])
      lines.push(
        task(step.step, step.ok ? (step.step === 'rollback' ? 'active' : '') : 'crit', step)
      )
  }
  lines.push('```')
  const capped =
    moved.length > shown.length
      ? `\n\n<sub>The timeline shows the first ${shown.length} of the ${moved.length} pods that moved.</sub>`
      : ''
  return `${lines.join('\n')}${capped}`
}

/** The steps in the order a pod goes through them, as far as these pods went. */
function stepOrder(pods: readonly PodReport[]): string[] {
  return [...new Set(pods.flatMap(pod => (pod.steps ?? []).map(step => step.step)))]
}

/** Each batch from its first step to its last forward step (a rollback comes after all of them). */
function batchSpans(pods: readonly PodReport[]): Array<Span & { batch: number }> {
  const spans = new Map<number, Span & { batch: number }>()
  for (const pod of pods) {
    if (pod.batch === undefined) continue
    for (const step of pod.steps ?? []) {
      if (step.step === 'rollback') continue
      const span = spans.get(pod.batch)
      if (!span)
        spans.set(pod.batch, { batch: pod.batch, startedAt: step.startedAt, endedAt: step.endedAt })
      else {
        span.startedAt = Math.min(span.startedAt, step.startedAt)
        span.endedAt = Math.max(span.endedAt, step.endedAt)
      }
    }
  }
  return [...spans.values()].sort((a, b) => a.batch - b.batch)
}

/** Short names for bars too narrow for the full one; the legend under the chart names them all. */
const SHORT: Record<string, string> = {
  'out of traffic': 'out',
  rebuild: 'build',
  'healthy on the balancer': 'healthy',
  verification: 'verify',
  rollback: 'back'
}
/** The bars' width at the 1,012 px column, and one character of a 10 px label, in px. */
const CHART_PX = 780
const CHAR_PX = 5.5

/**
 * A bar's label where it fits inside the bar: the full name, a short one, or a dot (mermaid
 * writes a label too long for its bar beside it, over the next bar).
 */
function labelFitting(spanMs: number): (name: string, span: Span) => string {
  return (name, span) => {
    const px = ((span.endedAt - span.startedAt) / Math.max(spanMs, 1)) * CHART_PX
    const fits = (label: string): boolean => label.length * CHAR_PX + 4 <= px
    if (fits(name)) return name
    const short = SHORT[name] ?? name
    return fits(short) ? short : '·'
  }
}

/** 12_345 ms → `00:00:12.345`. */
function offset(ms: number): string {
  const whole = Math.floor(ms)
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  return `${pad(Math.floor(whole / 3600_000))}:${pad(Math.floor(whole / 60_000) % 60)}:${pad(Math.floor(whole / 1000) % 60)}.${pad(whole % 1000, 3)}`
}
