import type { Pod } from '../jdcloud/types.js'

/** Which pods (by `podId (name)`) reference each secret through a container's `secret` field. */
export function secretReferences(pods: readonly Pod[]): Map<string, string[]> {
  const references = new Map<string, string[]>()
  for (const pod of pods)
    for (const container of pod.containers ?? []) {
      if (!container.secret) continue
      const label = pod.name && pod.name !== pod.podId ? `${pod.podId} (${pod.name})` : pod.podId
      const users = references.get(container.secret) ?? []
      if (!users.includes(label)) users.push(label)
      references.set(container.secret, users)
    }
  return references
}
