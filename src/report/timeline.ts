/**
 * The summary's Timeline: a mermaid gantt chart of each pod's steps as the run recorded them,
 * one section per pod, with a first row for the batches. Times are offsets from the start of the
 * run (so the chart reads the same in every time zone); a failed step is drawn as critical.
 * Only pod names (made plain by mermaidText) and our own step names go in: never a secret.
 */
import type { PodReport, RunReport, StepRecord } from './model.js'
import { mermaidText } from './markdown.js'

/** More than this many pods, and the chart shows the first ones with a line saying so. */
export const TIMELINE_MAX_PODS = 30
const DAY_MS = 24 * 3600_000

export function renderTimeline(report: RunReport, maxPods = TIMELINE_MAX_PODS): string | undefined {
  const moved = report.pods.filter(pod => (pod.steps ?? []).length > 0)
  if (moved.length === 0) return undefined
  const origin = report.startedAt
  const end = Math.max(...moved.flatMap(pod => (pod.steps ?? []).map(step => step.endedAt)))
  // The time format reaches 23:59:59; a run of a day or more has no timeline.
  if (end - origin >= DAY_MS) return undefined
  const at = (ms: number): string => offset(Math.max(0, ms - origin))
  const shown = moved.slice(0, maxPods)
  const lines = [
    '```mermaid',
    '---',
    'displayMode: compact',
    '---',
    'gantt',
    '  dateFormat HH:mm:ss.SSS',
    `  axisFormat ${end - origin >= 3600_000 ? '%H:%M:%S' : '%M:%S'}`,
    '  todayMarker off'
  ]
  let id = 0
  const task = (
    name: string,
    tag: string,
    step: Pick<StepRecord, 'startedAt' | 'endedAt'>
  ): string =>
    `  ${name} :${tag ? `${tag}, ` : ''}t${++id}, ${at(step.startedAt)}, ${at(Math.max(step.endedAt, step.startedAt))}`
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
  const more =
    moved.length > shown.length
      ? `\n\n_The timeline shows the first ${shown.length} of the ${moved.length} pods that moved._`
      : ''
  return `### Timeline\n\n${lines.join('\n')}${more}`
}

/** Each batch from its first step to its last forward step (a rollback comes after all of them). */
function batchSpans(
  pods: readonly PodReport[]
): Array<{ batch: number; startedAt: number; endedAt: number }> {
  const spans = new Map<number, { batch: number; startedAt: number; endedAt: number }>()
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

/** 12_345 ms → `00:00:12.345`. */
function offset(ms: number): string {
  const whole = Math.floor(ms)
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  return `${pad(Math.floor(whole / 3600_000))}:${pad(Math.floor(whole / 60_000) % 60)}:${pad(Math.floor(whole / 1000) % 60)}.${pad(whole % 1000, 3)}`
}
