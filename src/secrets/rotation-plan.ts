/**
 * Which containers of a pod move onto the new secret version: those on a version of the family,
 * and the container named by `container` when it has no secret yet. A container on another
 * family's secret is never moved.
 */
import type { Problems } from '../problems.js'
import type { Pod } from '../jdcloud/types.js'
import { podLabel } from '../pod-spec/desired.js'
import type { ContainerPatch } from '../pod-spec/rules.js'
import { isVersionOf } from './versions.js'
import { quote } from '../text.js'

export function rotationPatches(
  pod: Pod,
  base: string,
  newName: string,
  container: string | undefined,
  problems: Problems
): ContainerPatch[] {
  const containers = pod.containers ?? []
  const patches = containers
    .filter(c => isVersionOf(base, c.secret))
    .map(c => ({ name: c.name, secret: newName }))
  if (container !== undefined) {
    const named = containers.find(c => c.name === container)
    if (!named)
      problems.add('container', `pod ${podLabel(pod)} has no container ${quote(container)}`)
    else if (named.secret && !isVersionOf(base, named.secret))
      problems.add(
        'container',
        `${container} in pod ${podLabel(pod)} pulls with secret ${named.secret}, not a version of ${base}: it is left alone`
      )
    else if (!named.secret) patches.push({ name: container, secret: newName })
  }
  if (patches.length === 0 && problems.count === 0)
    problems.add(
      'pods',
      `pod ${podLabel(pod)} has no container on a version of ${base} (${containers
        .map(c => `${c.name}: ${c.secret || 'no secret'}`)
        .join(', ')}); name a container without a secret with the container input to give it one`
    )
  return patches
}

/** The version most of the moved containers used before (ties: the newest name). */
export function previousVersion(pods: readonly Pod[], base: string): string | undefined {
  const counts = new Map<string, number>()
  for (const pod of pods)
    for (const c of pod.containers ?? [])
      if (c.secret && isVersionOf(base, c.secret))
        counts.set(c.secret, (counts.get(c.secret) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))[0]?.[0]
}
