/**
 * The summary's Why and Next step. Why groups the failed pods by cause (`3 pods:
 * CrashLoopBackOff`), shows the one log line that explains it (see explaining-line.ts) and the
 * first pod's message; a failure no pod carries (a balancer that kept no healthy target, a call
 * that failed before any pod moved, a cancellation) is said as the run's error. Next step gives
 * what to do for each cause, then what the run left alone.
 */
import type { FailureCause, PodReport, RunReport } from './model.js'
import { stateSummary } from './model.js'
import { oneLine } from '../text.js'
import { cell } from './markdown.js'
import { explainingLine } from './explaining-line.js'
import { NEXT_STEPS, rerunLine } from './next-steps.js'
import { nameList, plural } from './wording.js'

interface CauseGroup {
  cause: FailureCause
  label: string
  pods: PodReport[]
}

/** What a group is called: the containers' reason when they have one, else the cause. */
export const CAUSE_LABELS: Record<FailureCause, string> = {
  image: 'the image cannot be pulled',
  'registry-secret': 'the registry refused the credentials',
  crash: 'the container keeps exiting',
  probe: 'running, never ready',
  timeout: 'not ready in time',
  balancer: 'not healthy on the load balancer',
  'smoke-check': 'the smoke check failed',
  permissions: 'JD Cloud refused a call',
  cloud: 'a JD Cloud call failed',
  other: 'failed'
}

export function causeGroups(pods: readonly PodReport[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup>()
  for (const pod of pods) {
    if (!pod.cause) continue
    const reason = pod.diagnosis?.find(d => d.reason)?.reason
    const label =
      reason && ['image', 'registry-secret', 'crash'].includes(pod.cause)
        ? reason
        : CAUSE_LABELS[pod.cause]
    const key = `${pod.cause}\n${label}`
    const group = groups.get(key) ?? { cause: pod.cause, label, pods: [] }
    group.pods.push(pod)
    groups.set(key, group)
  }
  return [...groups.values()]
}

export function renderWhy(report: RunReport): string | undefined {
  if (report.result === 'succeeded' || report.result === 'planned' || report.problems)
    return undefined
  const groups = causeGroups(report.pods)
  const parts = ['### Why']
  for (const group of groups) parts.push(renderGroup(group, report))
  // What no pod's failure says: the run's own error (stopped before a batch, cancelled, a call).
  if (groups.length === 0 && report.error) parts.push(`> ${cell(report.error)}`)
  for (const pod of report.pods.filter(p => p.outcome === 'rollback-failed'))
    parts.push(`🛑 **The rollback of ${cell(pod.name)} failed:** ${cell(pod.message ?? '')}`)
  // Kept serving on purpose: rolling it back would have taken its group's last healthy target out.
  for (const pod of report.pods.filter(p => p.outcome === 'not-rolled-back'))
    parts.push(`⚠️ **${cell(pod.name)} was not rolled back:** ${cell(pod.message ?? '')}`)
  return parts.length > 1 ? parts.join('\n\n') : undefined
}

/** Where the explaining line comes from: a container's log, or the smoke check's answer. */
function explainingSource(
  group: CauseGroup,
  report: RunReport
): { line: string; from: string } | undefined {
  for (const pod of group.pods)
    for (const d of pod.diagnosis ?? []) {
      const line = explainingLine(d.logs)
      if (line)
        return {
          line,
          from: `the log of ${cell(d.container)} on ${cell(pod.name)}; its last lines are in Failure details`
        }
    }
  if (group.cause !== 'smoke-check') return undefined
  const checks = (report.verifications ?? []).flatMap(v => v.checks)
  const failed = checks.find(check => !check.passed && check.bodySnippet)
  const line = explainingLine(failed?.bodySnippet)
  return line ? { line, from: 'the smoke check’s answer; more in Verification' } : undefined
}

function renderGroup(group: CauseGroup, report: RunReport): string {
  const names = nameList(group.pods.map(pod => pod.name || pod.podId))
  const lines = [`**${plural(group.pods.length, 'pod')}: ${cell(group.label)}** · ${cell(names)}`]
  const first = group.pods[0] as PodReport
  const source = explainingSource(group, report)
  const line = source?.line
  if (source) lines.push('', `> <code>${cell(source.line)}</code><br><sub>${source.from}</sub>`)
  const diagnosis = first.diagnosis?.[0]
  const said = first.message
    ? oneLine(first.message)
    : diagnosis
      ? `${diagnosis.container}: ${stateSummary(diagnosis)}`
      : undefined
  // The explaining line says it better than the message; without one, the message.
  if (said && !line)
    lines.push('', `<sub>${cell(said.length > 500 ? `${said.slice(0, 499)}…` : said)}</sub>`)
  return lines.join('\n')
}

export function renderNextStep(report: RunReport): string | undefined {
  if (report.result === 'succeeded' || report.result === 'planned' || report.problems)
    return undefined
  const causes = [...new Set(causeGroups(report.pods).map(group => group.cause))]
  if (causes.length === 0 && report.cause) causes.push(report.cause)
  const steps = causes.map(cause => `- ${NEXT_STEPS[cause]}`)
  for (const pod of report.pods.filter(p => p.outcome === 'rollback-failed'))
    steps.unshift(
      `- **Restore ${cell(pod.name)} by hand:** its exact previous containers are in the job log (group “Previous containers of ${cell(pod.podId)}”): stop it, rebuild it with them, start it.`
    )
  for (const pod of report.pods.filter(p => p.outcome === 'rolled-back-not-ready'))
    steps.push(
      `- Check ${cell(pod.name)} with \`operation: status\`: it is back on its previous containers, not yet ready.`
    )
  const untouched = report.pods.filter(pod => pod.outcome === 'not-started').length
  steps.push(`- ${rerunLine(untouched)}`)
  return `### Next step\n\n${steps.join('\n')}`
}
