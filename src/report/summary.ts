/**
 * The job summary: what happened at a glance (one row per pod), then the plan or the failure
 * details, then notes. Rendered as GitHub-flavoured Markdown with a little HTML; every value from
 * a pod, a log or an input is escaped. Capped well under GitHub's 1 MiB per step: long logs are
 * cut first, then logs dropped, then rows.
 */
import type { ContainerDiagnosis, PodReport, RunContext, RunReport, RunResult } from './model.js'
import { durationSeconds, stateSummary } from './model.js'
import { oneLine } from '../text.js'
import { cell, escapeCode, escapeHtml } from './markdown.js'
import { renderVerifications } from './verification-summary.js'

export const MAX_SUMMARY_BYTES = 800 * 1024

const TITLES: Record<RunResult, string> = {
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  'rolled-back': '↩️ failed and rolled back',
  planned: '📝 planned (dry run, nothing changed)',
  cancelled: '⏹️ cancelled'
}

interface Budget {
  logLines: number | undefined
  maxRows: number
}

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
  return (
    rendered.slice(0, MAX_SUMMARY_BYTES / 2) +
    '\n\n_(summary cut to stay under GitHub’s size limit)_\n'
  )
}

function render(report: RunReport, context: RunContext, region: string, budget: Budget): string {
  const parts: string[] = []
  parts.push(`## JD Cloud pod ${report.operation ?? 'action'} ${TITLES[report.result]}`)
  const where = region ? `\`${escapeCode(region)}\`` : 'no region set'
  const facts = [
    report.problems
      ? `region ${where}`
      : `**${report.pods.length} pod${report.pods.length === 1 ? '' : 's'}** in ${where}`,
    `${durationSeconds(report)} s`,
    context.runUrl ? `[workflow run](${context.runUrl})` : undefined,
    context.repository
      ? `\`${escapeCode(context.repository)}\`${context.sha ? ` @ \`${context.sha.slice(0, 12)}\`` : ''}`
      : undefined,
    context.workflow ? `workflow ${cell(context.workflow)}` : undefined
  ].filter(Boolean)
  parts.push(facts.join(' · '))
  if (report.problems) parts.push(renderProblems(report.problems))
  else if (report.error)
    parts.push(
      `> **${report.result === 'rolled-back' ? 'Rolled back' : 'Error'}:** ${cell(report.error)}`
    )
  if (report.secret) parts.push(renderSecret(report))
  if (report.pods.length > 0) parts.push(renderTable(report.pods, budget.maxRows))
  if (report.result === 'planned') parts.push(renderChanges('plan', report.pods, budget.maxRows))
  else if (report.pods.some(pod => pod.changes?.length))
    parts.push(renderChanges('record', report.pods, budget.maxRows))
  const failing = report.pods.filter(
    pod => pod.diagnosis?.length || pod.outcome === 'rollback-failed'
  )
  if (report.verifications?.length) parts.push(renderVerifications(report.verifications))
  if (failing.length > 0) parts.push(renderFailures(failing.slice(0, budget.maxRows), budget))
  if (report.notes.length > 0)
    parts.push(['### Notes', ...report.notes.map(note => `- ${cell(note)}`)].join('\n'))
  return `${parts.join('\n\n')}\n`
}

/** Input problems, one per line, each led by the input or field it is about. */
function renderProblems(problems: readonly string[]): string {
  const count = problems.length === 1 ? 'this problem' : `these ${problems.length} problems`
  return [
    `> **Invalid input:** no API call was made. Fix ${count} and run again:`,
    '',
    ...problems.map(problem => {
      const colon = problem.indexOf(': ')
      return colon === -1
        ? `- ${cell(problem)}`
        : `- \`${escapeCode(problem.slice(0, colon))}\`: ${cell(problem.slice(colon + 2))}`
    })
  ].join('\n')
}

function renderTable(pods: readonly PodReport[], maxRows: number): string {
  // Behind load balancers, a column says where each pod was in traffic.
  const balanced = pods.some(pod => pod.balancer)
  const rows = [
    `| Pod | Container | Image | Phase | Ready | Seconds to ready |${balanced ? ' Load balancer |' : ''} Outcome | Request id |`,
    `| --- | --- | --- | --- | --- | --- |${balanced ? ' --- |' : ''} --- | --- |`
  ]
  for (const pod of pods.slice(0, maxRows)) {
    const containers = pod.containers
      .map(container => `${cell(container.name)}${container.init ? ' <sub>(init)</sub>' : ''}`)
      .join('<br>')
    const images = pod.containers.map(imageCell).join('<br>')
    const apps = pod.containers.filter(container => !container.init)
    const ready = apps.filter(container => container.ready).length
    const podCell =
      pod.name && pod.name !== pod.podId
        ? `${cell(pod.name)}<br>\`${escapeCode(pod.podId)}\``
        : `\`${escapeCode(pod.podId)}\``
    rows.push(
      [
        podCell,
        containers || '—',
        images || '—',
        cell(pod.phase || '—'),
        `${ready === apps.length && ready > 0 ? '✅' : '⚠️'} ${ready}/${apps.length}`,
        pod.secondsToReady === null ? '—' : String(pod.secondsToReady),
        ...(balanced ? [balancerCell(pod)] : []),
        `${cell(pod.outcome)}${pod.message ? `<br><sub>${cell(oneLine(pod.message).slice(0, 300))}</sub>` : ''}`,
        pod.requestIds.length > 0
          ? `\`${escapeCode(pod.requestIds[pod.requestIds.length - 1] as string)}\``
          : '—'
      ]
        .join(' | ')
        .replace(/^/, '| ') + ' |'
    )
  }
  if (pods.length > maxRows)
    rows.push(`\n_…and ${pods.length - maxRows} more pods: see the \`pods\` output._`)
  return rows.join('\n')
}

/** The image now; before it, the one it replaced; after it, the one tried and undone. */
function imageCell(container: PodReport['containers'][number]): string {
  const now = `\`${escapeCode(container.image)}\``
  if (container.triedImage)
    return `${now}<br><sub>tried \`${escapeCode(container.triedImage)}\`</sub>`
  if (container.previousImage && container.previousImage !== container.image)
    return `\`${escapeCode(container.previousImage)}\` → ${now}`
  return now
}

/** `tg-web (healthy) · drain 30 s · healthy 4.2 s after it was put back`. */
function balancerCell(pod: PodReport): string {
  const b = pod.balancer
  if (!b) return '—'
  const targets = b.targets.map(t => `${cell(t.targetGroupId)} (${cell(t.health)})`).join('<br>')
  const healthy =
    b.secondsToHealthy === null ? '' : ` · healthy ${b.secondsToHealthy} s after it was put back`
  const note = b.note ? `<br><sub>${cell(b.note)}</sub>` : ''
  return `${targets || '—'} · drain ${b.drainSeconds} s${healthy}${note}`
}

/**
 * Every changed field of every pod, before → after (env values, probe headers and exec commands
 * hidden by pod-spec/diff.ts): the plan of a dry run, or the record of what a run changed or tried.
 */
function renderChanges(
  kind: 'plan' | 'record',
  pods: readonly PodReport[],
  maxRows: number
): string {
  const plan = kind === 'plan'
  const parts = [plan ? '### Plan' : '### Changes']
  const shown = plan ? pods : pods.filter(pod => pod.changes?.length)
  // A few pods: open at a glance; a fleet: one line each until opened.
  const open = shown.length <= 3 ? ' open' : ''
  for (const pod of shown.slice(0, maxRows)) {
    const changes = pod.changes ?? []
    const lines =
      changes.length === 0
        ? ['- no field changes']
        : changes.map(
            change =>
              `- \`${escapeCode(`${change.container}.${change.field}`)}\`: ${cell(change.before)} → ${cell(change.after)}`
          )
    const count = `${changes.length} change${changes.length === 1 ? '' : 's'}`
    const heading = `${cell(pod.name)} (${cell(pod.podId)}): ${count}${plan ? '' : ` · ${cell(pod.outcome)}`}`
    const intro = plan && pod.message ? `${cell(pod.message)}\n\n` : ''
    parts.push(
      `<details${open}><summary>${heading}</summary>\n\n${intro}${lines.join('\n')}\n\n</details>`
    )
  }
  return parts.join('\n\n')
}

function renderFailures(pods: readonly PodReport[], budget: Budget): string {
  const parts = ['### Failure details']
  for (const pod of pods) {
    parts.push(`#### ${cell(pod.name)} (${cell(pod.podId)})`)
    if (pod.message) parts.push(cell(pod.message))
    for (const diagnosis of pod.diagnosis ?? []) parts.push(renderDiagnosis(diagnosis, budget))
    if (pod.outcome === 'rollback-failed')
      parts.push(
        `**The rollback failed.** The exact previous containers are printed in the job log (group “Previous containers of ${cell(pod.podId)}”), with how to put them back by hand.`
      )
  }
  return parts.join('\n\n')
}

function renderDiagnosis(d: ContainerDiagnosis, budget: Budget): string {
  const state = stateSummary(d)
  const lines = [
    `- **${cell(d.container)}** \`${escapeCode(d.image)}\`: ${cell(state)}; ${d.restartCount} restarts${
      d.lastTermination ? `; last termination ${cell(d.lastTermination)}` : ''
    }`
  ]
  if (d.message) lines.push(`  - ${cell(d.message)}`)
  let block = lines.join('\n')
  if (d.logs && budget.logLines !== 0) {
    const all = d.logs.replace(/\n$/, '').split('\n')
    const shown = budget.logLines === undefined ? all : all.slice(-budget.logLines)
    block += `\n\n<details><summary>last ${shown.length} log lines of ${cell(d.container)}</summary>\n\n<pre>${escapeHtml(shown.join('\n'))}</pre>\n\n</details>`
  } else if (d.logsUnavailable) block += `\n  - ${cell(d.logsUnavailable)}`
  return block
}

function renderSecret(report: RunReport): string {
  const secret = report.secret
  if (!secret) return ''
  const lines = [
    `**Secret:** \`${escapeCode(secret.name)}\`${secret.previousName ? ` (previous: \`${escapeCode(secret.previousName)}\`)` : ''}`,
    '',
    '| Version | Created | Outcome | Why |',
    '| --- | --- | --- | --- |',
    ...secret.versions.map(
      version =>
        `| \`${escapeCode(version.name)}\` | ${cell(version.createdAt ?? '—')} | ${cell(version.outcome)} | ${cell(version.reason)}${
          version.usedBy?.length ? `: ${cell(version.usedBy.join(', '))}` : ''
        } |`
    )
  ]
  return lines.join('\n')
}
