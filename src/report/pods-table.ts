/**
 * The summary's Pods: one compact row a pod (name and ID, each container `old → new` on one
 * line, phase and readiness, the outcome as an icon and a word, a short balancer cell). Pods with
 * the same outcome and no change fold into one line; past 20 pods the whole of it is closed
 * under a count by outcome. Long messages are not here: Why has them.
 */
import type { ContainerReport, PodOutcome, PodReport } from './model.js'
import { cell, htmlLine } from './markdown.js'
import { OUTCOME_WORDS, byOutcome, imageChange, imageRef, nameList, plural } from './wording.js'

/** More rows than this, and the table is closed under its counts. */
export const OPEN_TABLE_MAX_PODS = 20

/**
 * Outcomes that say "nothing happened here": rows of them fold into one line. Not `healthy`: a
 * status report is there to show each pod's images and readiness.
 */
const FOLDABLE = new Set<PodOutcome>([
  'not-started',
  'unchanged',
  'already-running',
  'already-stopped'
])

export function renderPods(pods: readonly PodReport[], maxRows: number): string {
  const folded = new Map<PodOutcome, PodReport[]>()
  for (const [outcome, group] of byOutcome(pods))
    if (FOLDABLE.has(outcome) && group.length >= 2 && group.every(pod => !pod.changes?.length))
      folded.set(outcome, group)
  const rows = pods.filter(pod => !folded.get(pod.outcome)?.includes(pod))
  const parts: string[] = []
  if (rows.length > 0) parts.push(table(rows, maxRows))
  for (const [outcome, group] of folded) {
    const { icon, word } = OUTCOME_WORDS[outcome]
    parts.push(
      `${icon} **${group.length} ${cell(word)}:** ${cell(nameList(group.map(pod => pod.name || pod.podId)))}`
    )
  }
  const body = parts.join('\n\n')
  if (pods.length <= OPEN_TABLE_MAX_PODS) return `### Pods\n\n${body}`
  const counts = byOutcome(pods)
    .map(
      ([outcome, group]) =>
        `${group.length} ${OUTCOME_WORDS[outcome].icon} ${OUTCOME_WORDS[outcome].word}`
    )
    .join(' · ')
  return `### Pods\n\n<details><summary>${plural(pods.length, 'pod')}: ${htmlLine(counts)}</summary>\n\n${body}\n\n</details>`
}

function table(pods: readonly PodReport[], maxRows: number): string {
  const balanced = pods.some(pod => pod.balancer)
  const rows = [
    `| Pod | Containers | State | Outcome |${balanced ? ' Load balancer |' : ''}`,
    `| --- | --- | --- | --- |${balanced ? ' --- |' : ''}`
  ]
  for (const pod of pods.slice(0, maxRows)) {
    const { icon, word } = OUTCOME_WORDS[pod.outcome]
    const cells = [
      pod.name && pod.name !== pod.podId
        ? `${cell(pod.name)} <sub>${cell(pod.podId)}</sub>`
        : cell(pod.podId),
      pod.containers.map(containerCell).join('<br>') || '—',
      stateCell(pod),
      `${icon} ${cell(word)}`,
      ...(balanced ? [balancerCell(pod)] : [])
    ]
    rows.push(`| ${cells.join(' | ')} |`)
  }
  if (pods.length > maxRows)
    rows.push(`\n_…and ${pods.length - maxRows} more pods: see the \`pods\` output._`)
  return rows.join('\n')
}

/** `web: 1.0 → 1.1`, `web: 1.0 (tried 1.2-rc1)`, `migrate (init): 1.0`. */
function containerCell(container: ContainerReport): string {
  const name = `${cell(container.name)}${container.init ? ' (init)' : ''}`
  if (container.triedImage)
    return `${name}: ${cell(imageRef(container.image))} <sub>(tried ${cell(imageRef(container.triedImage))})</sub>`
  if (container.previousImage && container.previousImage !== container.image)
    return `${name}: ${cell(imageChange(container.previousImage, container.image))}`
  return `${name}: ${cell(imageRef(container.image))}`
}

/** `running · 1/1 ready in 4.2 s`. */
function stateCell(pod: PodReport): string {
  const apps = pod.containers.filter(container => !container.init)
  const ready = apps.filter(container => container.ready).length
  const all = apps.length > 0 && ready === apps.length
  const time = pod.secondsToReady === null ? '' : ` in ${pod.secondsToReady} s`
  return `${cell(pod.phase || '—')} · ${all ? '' : '⚠️ '}${ready}/${apps.length} ready${time}`
}

/** `tg-shopweb ✓ · drain 2 s`. */
function balancerCell(pod: PodReport): string {
  const b = pod.balancer
  if (!b) return '—'
  const groups = new Map<string, string>()
  for (const t of b.targets)
    if (!groups.has(t.targetGroupId) || t.health !== 'healthy')
      groups.set(t.targetGroupId, t.health)
  const targets = [...groups].map(([group, health]) =>
    health === 'healthy' ? `${cell(group)} ✓` : `${cell(group)} ✗ ${cell(health)}`
  )
  return `${targets.join(', ') || '—'} · drain ${b.drainSeconds} s`
}
