/**
 * Which older versions of a family to keep and which to delete, and why. Pure. The newest
 * `keep` older versions are kept; of the rest, a version any pod in the region still references
 * is kept ("still in use by …"); only an unreferenced one is ever deleted.
 */
import type { SecretVersionReport } from '../report/model.js'
import type { SecretVersion } from './versions.js'

export interface PruneDecision extends SecretVersionReport {
  outcome: 'kept' | 'deleted' | 'in-use'
}

export function planPrune(
  older: readonly SecretVersion[],
  references: ReadonlyMap<string, readonly string[]>,
  keep: number
): PruneDecision[] {
  return older.map((version, index) => {
    const usedBy = references.get(version.name)
    const base = { name: version.name, createdAt: version.createdAt }
    if (index < keep)
      return {
        ...base,
        outcome: 'kept',
        reason: `among the ${keep} newest older version${keep === 1 ? '' : 's'} (keep-secrets)`,
        ...(usedBy ? { usedBy: [...usedBy] } : {})
      }
    if (usedBy && usedBy.length > 0)
      return { ...base, outcome: 'in-use', reason: 'still in use by', usedBy: [...usedBy] }
    return {
      ...base,
      outcome: 'deleted',
      reason: 'older than keep-secrets allows and used by no pod'
    }
  })
}

/** To make room under the secret quota: the oldest version that keep-secrets and every pod let go. */
export function oldestDeletable(
  older: readonly SecretVersion[],
  references: ReadonlyMap<string, readonly string[]>,
  keep: number
): SecretVersion | undefined {
  return [...planPrune(older, references, keep)]
    .reverse()
    .filter(decision => decision.outcome === 'deleted')
    .map(decision => older.find(version => version.name === decision.name))[0]
}
