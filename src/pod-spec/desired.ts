/**
 * For one pod: the containers it runs now (as rebuild specs) and the containers a change asks
 * for, checked against the API's rules and the pod's own volumes. Pure: no I/O.
 */
import { Problems } from '../problems.js'
import type { Pod, RebuildContainerSpec } from '../jdcloud/types.js'
import { diffSpecs } from './diff.js'
import type { FieldChange } from './diff.js'
import { isInitContainer, toRebuildSpec } from './from-described.js'
import { applyPatch } from './merge.js'
import { checkContainerSpec } from './rules.js'
import { isPlainObject } from './field-rules.js'
import type { ContainerPatch } from './rules.js'
import { closest } from '../suggest.js'
import { quote } from '../text.js'

/** What a deploy changes in each target pod. */
export type ContainerChange =
  | { kind: 'image'; container?: string; image: string }
  | {
      kind: 'patches'
      patches: ContainerPatch[]
      /** How problems name the list (default `containers`): the input or file it was read from. */
      listPath?: string
    }

export interface PodSpecPlan {
  previous: RebuildContainerSpec[]
  desired: RebuildContainerSpec[]
  changes: FieldChange[]
}

export function currentSpecs(pod: Pod): RebuildContainerSpec[] {
  return (pod.containers ?? []).map(toRebuildSpec)
}

/** The pod's volume names; undefined when the API did not say (then mounts are not checked). */
export function podVolumeNames(pod: Pod): string[] | undefined {
  if (!Array.isArray(pod.volumes)) return undefined
  return pod.volumes
    .map(volume =>
      isPlainObject(volume) && typeof volume.name === 'string' ? volume.name : undefined
    )
    .filter((name): name is string => name !== undefined)
}

/** The patches a change means for this pod; problems name the input at fault. */
export function patchesFor(
  pod: Pod,
  change: ContainerChange,
  problems: Problems
): ContainerPatch[] {
  const names = (pod.containers ?? []).map(container => container.name)
  const label = podLabel(pod)
  if (change.kind === 'image') {
    // An init container runs to completion before the others: `image` alone means the one app container.
    const apps = (pod.containers ?? []).filter(c => !isInitContainer(c)).map(c => c.name)
    const target = change.container ?? (apps.length === 1 ? apps[0] : undefined)
    if (target === undefined) {
      problems.add(
        'container',
        `pod ${label} has ${apps.length} containers (${apps.join(', ')}${apps.length < names.length ? `; init: ${names.filter(n => !apps.includes(n)).join(', ')}` : ''}): name the one that gets the image`
      )
      return []
    }
    if (!names.includes(target)) {
      problems.add('container', noSuchContainer(label, target, names))
      return []
    }
    return [{ name: target, image: change.image }]
  }
  change.patches.forEach((patch, index) => {
    if (!names.includes(patch.name))
      problems.add(
        `${change.listPath ?? 'containers'}[${index}].name`,
        noSuchContainer(label, patch.name, names)
      )
  })
  return change.patches
}

function noSuchContainer(label: string, name: string, names: readonly string[]): string {
  const guess = closest(name, names)
  return `pod ${label} has no container ${quote(name)} (containers: ${names.join(', ')})${guess ? `; did you mean ${guess}?` : ''}`
}

/** Applies patches to the pod's current containers and checks every resulting spec in full. */
export function planPodSpec(
  pod: Pod,
  patches: readonly ContainerPatch[],
  problems: Problems
): PodSpecPlan {
  const previous = currentSpecs(pod)
  const volumes = podVolumeNames(pod)
  const desired = previous.map(spec => {
    const patch = patches.find(candidate => candidate.name === spec.name)
    return patch ? applyPatch(spec, patch) : spec
  })
  const local = new Problems()
  desired.forEach((spec, index) =>
    checkContainerSpec(
      spec,
      `pod ${podLabel(pod)} container ${spec.name}`,
      local,
      'full',
      volumes,
      { ...previous[index] }
    )
  )
  for (const message of local.messages) {
    const split = message.indexOf(': ')
    problems.add(message.slice(0, split), message.slice(split + 2))
  }
  const changes = previous.flatMap((spec, index) => diffSpecs(spec, desired[index] ?? spec))
  return { previous, desired, changes }
}

export function podLabel(pod: Pod): string {
  return pod.name && pod.name !== pod.podId ? `${pod.podId} (${pod.name})` : pod.podId
}
