/**
 * The job summary, a view over the run model that reads top-down: the headline (verdict, counts,
 * the change), Why (failures by cause, with the log line that explains them), Next step, the
 * Timeline, the Pods, the Request IDs (closed), then Changes, Verification, Failure details and
 * Notes. GitHub-flavoured Markdown with a little HTML and one mermaid block; every outside value
 * goes through markdown.ts. Held under MAX_SUMMARY_BYTES: long logs are cut first, then logs
 * dropped, then rows.
 */
import type { RunContext, RunReport } from './model.js'
import { renderHeadline } from './headline.js'
import { renderNextStep, renderWhy } from './why.js'
import { renderTimeline } from './timeline.js'
import { renderPods } from './pods-table.js'
import {
  renderChanges,
  renderFailures,
  renderNotes,
  renderProblems,
  renderRequestIds,
  renderSecret
} from './sections.js'
import type { Budget } from './sections.js'
import { renderVerifications } from './verification-summary.js'

/**
 * GitHub takes at most 1 MiB of job summary a step (and shows an error instead of a larger one);
 * this leaves a fifth of it free, so that a summary near the cap never meets the limit.
 */
export const MAX_SUMMARY_BYTES = 800 * 1024

export function renderSummary(report: RunReport, context: RunContext, region: string): string {
  const attempts: Budget[] = [
    { logLines: undefined, maxRows: Infinity },
    { logLines: 20, maxRows: Infinity },
    { logLines: 0, maxRows: Infinity },
    { logLines: 0, maxRows: 200 },
    { logLines: 0, maxRows: 20 }
  ]
  let rendered = ''
  for (const budget of attempts) {
    rendered = render(report, context, region, budget)
    if (Buffer.byteLength(rendered) <= MAX_SUMMARY_BYTES) return rendered
  }
  return `${cutAtLine(rendered, MAX_SUMMARY_BYTES / 2)}\n\n_(summary cut to stay under GitHub’s size limit)_\n`
}

function render(report: RunReport, context: RunContext, region: string, budget: Budget): string {
  const parts: Array<string | undefined> = [renderHeadline(report, context, region)]
  if (report.problems) parts.push(renderProblems(report))
  parts.push(
    renderWhy(report),
    renderNextStep(report),
    renderTimeline(report),
    renderSecret(report)
  )
  if (report.pods.length > 0) parts.push(renderPods(report.pods, budget.maxRows))
  parts.push(
    renderRequestIds(report, budget.maxRows),
    renderChanges(report.result === 'planned' ? 'plan' : 'record', report.pods, budget.maxRows),
    report.verifications?.length ? renderVerifications(report.verifications) : undefined,
    renderFailures(report.pods, budget),
    renderNotes(report)
  )
  return `${parts.filter(Boolean).join('\n\n')}\n`
}

/** A prefix of at most `bytes`, ending at a line break (never inside a character or a tag). */
function cutAtLine(text: string, bytes: number): string {
  const prefix = Buffer.from(text)
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
  const end = prefix.lastIndexOf('\n')
  return end > 0 ? prefix.slice(0, end) : prefix
}
