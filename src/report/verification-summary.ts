/**
 * The summary's "Verification" section: one line per batch, and under it what each check saw —
 * the URL (masked when it was recorded), the last status, passes and failures, when the first
 * failure came, and the failing answer's first 500 bytes.
 */
import { cell, escapeCode, escapeHtml } from './markdown.js'
import type { VerificationCheck, VerificationReport } from './model.js'

export function renderVerifications(reports: readonly VerificationReport[]): string {
  const parts = ['### Verification']
  for (const report of reports) {
    const verdict = report.passed ? '✅ passed' : report.cancelled ? '⏹️ cancelled' : '❌ failed'
    parts.push(
      [
        `**Batch ${report.batch}** ${verdict} · ${cell(report.podIds.join(', '))}`,
        ...report.checks.map(renderCheck)
      ].join('\n')
    )
  }
  return parts.join('\n\n')
}

function renderCheck(check: VerificationCheck): string {
  const facts = [
    check.podName ? cell(check.podName) : undefined,
    `\`${escapeCode(check.url)}\``,
    check.status === undefined ? 'no answer' : `HTTP ${check.status}`,
    `${count(check.passes, 'pass', 'passes')}, ${count(check.failures, 'failure', 'failures')}`,
    `${check.checkedSeconds} s`,
    check.firstFailureAt ? `first failure at ${cell(check.firstFailureAt)}` : undefined
  ].filter(Boolean)
  let line = `- ${check.passed ? '✅' : '❌'} ${facts.join(' · ')}`
  if (!check.passed && check.reason) line += `<br>${cell(check.reason)}`
  // On one line of Markdown (a list item), its lines kept as character references.
  if (!check.passed && check.bodySnippet)
    line += `\n  <details><summary>the answer’s first bytes</summary><pre>${check.bodySnippet.split('\n').map(escapeHtml).join('&#10;')}</pre></details>`
  return line
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}
