/**
 * The summary's sections after the table: input problems, the secret's versions, the changes (or
 * a dry run's plan), failure details, request IDs and notes. Pods whose changes read the same are
 * shown once, under all their names; nothing Why already said is said again.
 */
import type { ContainerDiagnosis, PodReport, RunReport } from './model.js'
import { stateSummary } from './model.js'
import { cell, escapeCode, escapeHtml, htmlLine } from './markdown.js'
import { OUTCOME_WORDS, nameList, plural } from './wording.js'

export interface Budget {
  /** Log lines kept per container; undefined for all, 0 for none. */
  logLines: number | undefined
  maxRows: number
}

/** Input problems, one per line, each led by the input or field it is about. */
export function renderProblems(report: RunReport): string {
  const problems = report.problems ?? []
  const count = problems.length === 1 ? 'this problem' : `these ${problems.length} problems`
  const how =
    report.problemsFound === 'by-reading'
      ? 'the action only read the pods and balancers it was given'
      : 'no API call was made'
  return [
    `> **Invalid input.** Nothing was changed: ${how}. Fix ${count} and run again:`,
    '',
    ...problems.map(problem => {
      const colon = problem.indexOf(': ')
      return colon === -1
        ? `- ${cell(problem)}`
        : `- \`${escapeCode(problem.slice(0, colon))}\`: ${cell(problem.slice(colon + 2))}`
    })
  ].join('\n')
}

export function renderSecret(report: RunReport): string | undefined {
  const secret = report.secret
  if (!secret) return undefined
  return [
    '### Secret versions',
    '',
    `\`${escapeCode(secret.name)}\`${secret.previousName ? ` replaces \`${escapeCode(secret.previousName)}\`` : ''}`,
    '',
    '| Version | Created | Outcome | Why |',
    '| --- | --- | --- | --- |',
    ...secret.versions.map(
      version =>
        `| \`${escapeCode(version.name)}\` | ${cell(version.createdAt ?? '—')} | ${cell(version.outcome)} | ${cell(version.reason)}${
          version.usedBy?.length ? `: ${cell(version.usedBy.join(', '))}` : ''
        } |`
    )
  ].join('\n')
}

/**
 * Every changed field, before → after (env values, probe headers and exec commands hidden by
 * pod-spec/diff.ts): a dry run's plan, or the record of what a run changed or tried.
 */
export function renderChanges(
  kind: 'plan' | 'record',
  pods: readonly PodReport[],
  maxRows: number
): string | undefined {
  const plan = kind === 'plan'
  const shown = plan ? pods : pods.filter(pod => pod.changes?.length)
  if (shown.length === 0) return undefined
  // Pods whose changes (and outcome, or plan message) read the same are one entry.
  const groups = new Map<string, PodReport[]>()
  for (const pod of shown.slice(0, maxRows)) {
    const key = JSON.stringify([pod.changes ?? [], plan ? (pod.message ?? '') : pod.outcome])
    groups.set(key, [...(groups.get(key) ?? []), pod])
  }
  // One pod: open at a glance; more: one line each until opened (the headline has the change).
  const open = shown.length === 1 ? ' open' : ''
  const title = plan ? 'Plan' : 'Changes'
  // One entry needs no heading of its own: its line says what it is.
  const single = !plan && groups.size === 1 && shown.length <= maxRows
  const parts = single ? [] : [`### ${title}`]
  for (const group of groups.values()) {
    const first = group[0] as PodReport
    const changes = first.changes ?? []
    const lines =
      changes.length === 0
        ? ['- no field changes']
        : changes.map(
            change =>
              `- \`${escapeCode(`${change.container}.${change.field}`)}\`: ${cell(change.before)} → ${cell(change.after)}`
          )
    const who =
      group.length === 1
        ? `${htmlLine(first.name)} (${htmlLine(first.podId)})`
        : `${htmlLine(
            nameList(
              group.map(pod => pod.name || pod.podId),
              6
            )
          )} (${group.length} pods)`
    const outcome = plan ? '' : ` · ${htmlLine(OUTCOME_WORDS[first.outcome].word)}`
    const intro = plan && first.message ? `${cell(first.message)}\n\n` : ''
    parts.push(
      `<details${open}><summary>${single ? `<b>${title}</b> · ` : ''}${who}: ${plural(changes.length, 'change')}${outcome}</summary>\n\n${intro}${lines.join('\n')}\n\n</details>`
    )
  }
  if (shown.length > maxRows) parts.push(`_…and ${shown.length - maxRows} more pods._`)
  return parts.join('\n\n')
}

/** Per failed pod, one closed block: each container's state, then its last log lines. */
export function renderFailures(pods: readonly PodReport[], budget: Budget): string | undefined {
  const failing = pods.filter(pod => pod.diagnosis?.length)
  if (failing.length === 0) return undefined
  const parts = ['### Failure details']
  for (const pod of failing.slice(0, budget.maxRows)) {
    const states = (pod.diagnosis ?? []).map(d => `${d.container}: ${stateSummary(d)}`).join('; ')
    const body = (pod.diagnosis ?? []).map(d => renderDiagnosis(d, budget)).join('\n\n')
    parts.push(
      `<details><summary>${htmlLine(pod.name)} (${htmlLine(pod.podId)}) · ${htmlLine(states)}</summary>\n\n${body}\n\n</details>`
    )
  }
  if (failing.length > budget.maxRows)
    parts.push(`_…and ${failing.length - budget.maxRows} more failed pods: see the job log._`)
  return parts.join('\n\n')
}

function renderDiagnosis(d: ContainerDiagnosis, budget: Budget): string {
  const lines = [
    `- **${cell(d.container)}** \`${escapeCode(d.image)}\`: ${cell(stateSummary(d))}; ${plural(d.restartCount, 'restart')}${
      d.lastTermination ? `; last termination ${cell(d.lastTermination)}` : ''
    }`
  ]
  if (d.message) lines.push(`  - ${cell(d.message)}`)
  let block = lines.join('\n')
  if (d.logs && budget.logLines !== 0) {
    const all = d.logs.replace(/\n$/, '').split('\n')
    const shown = budget.logLines === undefined ? all : all.slice(-budget.logLines)
    block += `\n\nlast ${plural(shown.length, 'log line')} of ${cell(d.container)}:\n\n<pre>${escapeHtml(shown.join('\n'))}</pre>`
  } else if (d.logsUnavailable) block += `\n  - ${cell(d.logsUnavailable)}`
  return block
}

/** Closed: the ids JD Cloud gave each pod's calls, the last few each, for its support. */
export function renderRequestIds(
  report: RunReport,
  maxRows: number,
  perPod = 3
): string | undefined {
  const pods = report.pods.filter(pod => pod.requestIds.length > 0)
  if (report.requestIds.length === 0) return undefined
  const lines = pods.slice(0, maxRows).map(pod => {
    const ids = pod.requestIds.slice(-perPod).map(id => `\`${escapeCode(id)}\``)
    const earlier =
      pod.requestIds.length > perPod ? ` (the last ${perPod} of ${pod.requestIds.length})` : ''
    return `- ${cell(pod.name)}: ${ids.join(' ')}${earlier}`
  })
  const all = `${plural(report.requestIds.length, 'request id')} in all: the \`request-ids\` output lists them.`
  const body = lines.length > 0 ? `${lines.join('\n')}\n\n${all}` : all
  return `<details><summary>Request IDs (quote them to JD Cloud support)</summary>\n\n${body}\n\n</details>`
}

export function renderNotes(report: RunReport): string | undefined {
  const balancerNotes = report.pods.flatMap(pod =>
    pod.balancer?.note ? [`${pod.name}: ${pod.balancer.note}`] : []
  )
  const notes = [...report.notes, ...balancerNotes]
  if (notes.length === 0) return undefined
  return ['### Notes', ...notes.map(note => `- ${cell(note)}`)].join('\n')
}
