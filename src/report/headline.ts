/**
 * The summary's first two lines: the verdict with the counts (`↩️ JD Cloud pod deploy: 3 of 8
 * pods rolled back, 5 not touched`), then the change, the time and where it ran.
 */
import type { PodReport, RunContext, RunReport, RunResult } from './model.js'
import { durationSeconds } from './model.js'
import { cell, escapeCode } from './markdown.js'
import { imageChange, outcomeCounts } from './wording.js'

const ICONS: Record<RunResult, string> = {
  succeeded: '✅',
  failed: '❌',
  'rolled-back': '↩️',
  planned: '📝',
  cancelled: '⏹️'
}

const VERDICTS: Record<RunResult, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  'rolled-back': 'failed and rolled back',
  planned: 'planned (dry run, nothing changed)',
  cancelled: 'cancelled'
}

export function renderHeadline(report: RunReport, context: RunContext, region: string): string {
  const what = `JD Cloud pod ${report.operation ?? 'action'}`
  const verdict = report.problems
    ? 'invalid input'
    : report.result === 'planned' && report.pods.length > 0
      ? `${outcomeCounts(report.pods)} (dry run, nothing changed)`
      : report.pods.length > 0
        ? outcomeCounts(report.pods)
        : VERDICTS[report.result]
  const heading = `## ${ICONS[report.result]} ${what}: ${verdict}`
  const balancers = [
    ...new Set(report.pods.flatMap(pod => pod.balancer?.targets.map(t => t.targetGroupId) ?? []))
  ]
  const facts = [
    change(report),
    `${durationSeconds(report)} s`,
    balancers.length > 0 ? `behind ${balancers.map(cell).join(', ')}` : undefined,
    region ? `\`${escapeCode(region)}\`` : 'no region set',
    context.runUrl ? `[workflow run](${context.runUrl})` : undefined,
    context.repository
      ? `\`${escapeCode(context.repository)}\`${context.sha ? ` @ \`${context.sha.slice(0, 12)}\`` : ''}`
      : undefined,
    context.workflow ? `workflow ${cell(context.workflow)}` : undefined
  ].filter(Boolean)
  return `${heading}\n\n${facts.join(' · ')}`
}

/**
 * What the run changed or tried, when every pod shares it: `web 1.0 → 1.1`, the new secret,
 * or how many fields. Pods that were not touched do not count.
 */
function change(report: RunReport): string | undefined {
  if (report.secret?.previousName)
    return `secret \`${escapeCode(report.secret.previousName)}\` → \`${escapeCode(report.secret.name)}\``
  const touched = report.pods.filter(pod => pod.changes?.length)
  if (touched.length === 0) return undefined
  const images = new Set<string>()
  let fields = 0
  for (const pod of touched)
    for (const c of pod.changes ?? [])
      if (c.field === 'image')
        images.add(`${cell(c.container)} ${cell(imageChange(c.before, c.after))}`)
      else fields++
  if (images.size > 0 && images.size <= 2) {
    const others = fields > 0 ? ` and ${otherFields(touched)}` : ''
    return `${[...images].join(', ')}${others}`
  }
  return `${countFields(touched)} changed`
}

function otherFields(pods: readonly PodReport[]): string {
  const names = new Set(
    pods.flatMap(pod => (pod.changes ?? []).filter(c => c.field !== 'image').map(c => c.field))
  )
  return names.size === 1 ? `\`${escapeCode([...names][0] as string)}\`` : `${names.size} fields`
}

function countFields(pods: readonly PodReport[]): string {
  const names = new Set(
    pods.flatMap(pod => (pod.changes ?? []).map(c => `${c.container}.${c.field}`))
  )
  return names.size === 1 ? `\`${escapeCode([...names][0] as string)}\`` : `${names.size} fields`
}
