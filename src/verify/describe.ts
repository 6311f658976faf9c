/**
 * What a dry run prints for the verification gate: the URL(s) it would check (masked), what
 * passes, for how long, and the header names (never their values). Pure: no request is made.
 */
import { formatDuration } from '../text.js'
import { escapeControl } from '../text.js'
import { MAX_REDIRECTS } from './check.js'
import { REQUEST_TIMEOUT_MS } from './gate.js'
import type { GateTarget } from './gate.js'
import { describeBody, describeStatuses } from './rules.js'
import type { VerifySettings } from './settings.js'
import { displayUrlFor, maskTemplate, podLabel } from './url.js'

const MAX_LISTED_PODS = 20

export function describeGate(settings: VerifySettings, targets: readonly GateTarget[]): string[] {
  const lines: string[] = []
  const template = maskTemplate(settings.url)
  if (settings.perPod) {
    lines.push(`Verification gate: GET ${template} once per pod of each batch, when it is ready`)
    for (const pod of targets.slice(0, MAX_LISTED_PODS))
      lines.push(`  ${escapeControl(podLabel(pod))}: ${displayUrlFor(settings.url, pod)}`)
    if (targets.length > MAX_LISTED_PODS)
      lines.push(`  … and ${targets.length - MAX_LISTED_PODS} more pods`)
  } else {
    lines.push(`Verification gate: GET ${template} once per batch, when the batch is ready`)
  }
  const body = settings.body ? ` and its body must ${describeBody(settings.body)}` : ''
  lines.push(`  passes: HTTP ${describeStatuses(settings.statuses)}${body}`)
  lines.push(
    settings.forMs === 0
      ? '  one passing answer lets the rollout go on'
      : `  must keep passing for ${formatDuration(settings.forMs)}, checked every ${formatDuration(settings.intervalMs)} (${pollCount(settings)} checks); the first failure fails the batch`
  )
  if (settings.headers.length > 0)
    lines.push(
      `  headers: ${settings.headers.map(([name]) => `${name}: ***`).join(', ')} (values hidden)`
    )
  lines.push(
    `  each check: at most ${formatDuration(REQUEST_TIMEOUT_MS)}, up to ${MAX_REDIRECTS} redirects within the same scheme and host`
  )
  return lines
}

/** Checks per target when every answer passes: at 0, every interval, and at verify-for. */
export function pollCount(settings: Pick<VerifySettings, 'forMs' | 'intervalMs'>): number {
  if (settings.forMs === 0) return 1
  return Math.ceil(settings.forMs / settings.intervalMs) + 1
}
