/**
 * How the summary names outcomes and images: an icon and a word for each outcome, the counts of
 * a fleet by outcome, and images short enough for one line of a table (the full names are in
 * Changes and the `pods` output). Plain text: the caller escapes.
 */
import type { PodOutcome, PodReport } from './model.js'

export const OUTCOME_WORDS: Record<PodOutcome, { icon: string; word: string }> = {
  'rollback-failed': { icon: '🛑', word: 'rollback failed' },
  failed: { icon: '❌', word: 'failed' },
  'rolled-back-not-ready': { icon: '⚠️', word: 'rolled back, not ready' },
  'not-rolled-back': { icon: '⚠️', word: 'left on the new release' },
  'rolled-back': { icon: '↩️', word: 'rolled back' },
  cancelled: { icon: '⏹️', word: 'cancelled' },
  unhealthy: { icon: '⚠️', word: 'unhealthy' },
  updated: { icon: '✅', word: 'updated' },
  started: { icon: '▶️', word: 'started' },
  stopped: { icon: '⏸️', word: 'stopped' },
  restarted: { icon: '🔄', word: 'restarted' },
  healthy: { icon: '✅', word: 'healthy' },
  planned: { icon: '📝', word: 'planned' },
  unchanged: { icon: '➖', word: 'already up to date' },
  'already-running': { icon: '➖', word: 'already running' },
  'already-stopped': { icon: '➖', word: 'already stopped' },
  'not-started': { icon: '⏭️', word: 'not touched' }
}

/** Outcomes in the order above (the worst first), each with its pods. */
export function byOutcome(pods: readonly PodReport[]): Array<[PodOutcome, PodReport[]]> {
  const order = Object.keys(OUTCOME_WORDS) as PodOutcome[]
  return order
    .map((outcome): [PodOutcome, PodReport[]] => [
      outcome,
      pods.filter(pod => pod.outcome === outcome)
    ])
    .filter(([, group]) => group.length > 0)
}

/** `3 of 8 pods rolled back, 5 not touched`; `2 pods updated`. */
export function outcomeCounts(pods: readonly PodReport[]): string {
  const groups = byOutcome(pods)
  const total = pods.length
  const plural = total === 1 ? 'pod' : 'pods'
  if (groups.length === 1) return `${total} ${plural} ${OUTCOME_WORDS[groups[0]![0]].word}`
  return groups
    .map(([outcome, group], index) =>
      index === 0
        ? `${group.length} of ${total} ${plural} ${OUTCOME_WORDS[outcome].word}`
        : `${group.length} ${OUTCOME_WORDS[outcome].word}`
    )
    .join(', ')
}

/** `registry.example.com/shop/web:1.1` → repository and tag (or digest). */
function imageParts(image: string): { repository: string; ref: string } {
  const at = image.indexOf('@')
  if (at !== -1) return { repository: image.slice(0, at), ref: image.slice(at) }
  const colon = image.lastIndexOf(':')
  return colon > image.lastIndexOf('/')
    ? { repository: image.slice(0, colon), ref: image.slice(colon + 1) }
    : { repository: image, ref: 'latest' }
}

/** A digest is cut to its first 12 hex digits: enough to tell two apart at a glance. */
function shortRef(ref: string): string {
  return ref.startsWith('@') ? `${ref.slice(0, 20)}…` : ref
}

/** The image's last path segment with its tag: `web:1.1`. */
export function shortImage(image: string): string {
  const { repository, ref } = imageParts(image)
  const name = repository.slice(repository.lastIndexOf('/') + 1)
  return ref.startsWith('@') ? `${name}${shortRef(ref)}` : `${name}:${ref}`
}

/** `1.0 → 1.1` within one repository; `web:1.0 → web-ng:1.1` across two. */
export function imageChange(before: string, after: string): string {
  const [a, b] = [imageParts(before), imageParts(after)]
  return a.repository === b.repository
    ? `${shortRef(a.ref)} → ${shortRef(b.ref)}`
    : `${shortImage(before)} → ${shortImage(after)}`
}

/** The tag (or short digest) alone. */
export function imageRef(image: string): string {
  return shortRef(imageParts(image).ref)
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

/** `web-1, web-2, web-3`; past `max`, the first ones and `… and 12 more`. */
export function nameList(names: readonly string[], max = 8): string {
  if (names.length <= max) return names.join(', ')
  return `${names.slice(0, max - 2).join(', ')} … and ${names.length - (max - 2)} more`
}
