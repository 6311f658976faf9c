/**
 * Applies a patch from the `containers` input to a container's current spec: a field given
 * replaces the current one, null removes it, a field left out is kept as it is; env merges by
 * variable name (a null value removes that variable), so nobody loses a variable by forgetting it.
 */
import type { EnvVar, RebuildContainerSpec } from '../jdcloud/types.js'
import { normaliseMount, normaliseProbe } from './from-described.js'
import type { ContainerPatch, EnvPatch } from './rules.js'

export function applyPatch(
  current: RebuildContainerSpec,
  patch: ContainerPatch
): RebuildContainerSpec {
  const next: RebuildContainerSpec = structuredClone(current)
  if (patch.image !== undefined) next.image = patch.image
  replaceOrRemove(next, 'command', patch.command, list => (list.length > 0 ? [...list] : undefined))
  replaceOrRemove(next, 'args', patch.args, list => (list.length > 0 ? [...list] : undefined))
  replaceOrRemove(next, 'secret', patch.secret, secret => (secret === '' ? undefined : secret))
  replaceOrRemove(next, 'tty', patch.tty, tty => tty)
  replaceOrRemove(next, 'workingDir', patch.workingDir, dir => dir)
  replaceOrRemove(next, 'livenessProbe', patch.livenessProbe, normaliseProbe)
  replaceOrRemove(next, 'readinessProbe', patch.readinessProbe, normaliseProbe)
  replaceOrRemove(next, 'volumeMounts', patch.volumeMounts, mounts =>
    mounts.length > 0 ? mounts.map(normaliseMount) : undefined
  )
  if (patch.env === null) delete next.env
  else if (patch.env !== undefined) {
    const env = mergeEnv(current.env ?? [], patch.env)
    if (env.length > 0) next.env = env
    else delete next.env
  }
  return next
}

function replaceOrRemove<K extends keyof RebuildContainerSpec, V>(
  spec: RebuildContainerSpec,
  field: K,
  value: V | null | undefined,
  convert: (value: V) => RebuildContainerSpec[K] | undefined
): void {
  if (value === undefined) return
  const converted = value === null ? undefined : convert(value)
  if (converted === undefined) delete spec[field]
  else spec[field] = converted
}

/** Current order kept, replaced values in place, new variables appended, null values removed. */
export function mergeEnv(current: readonly EnvVar[], patch: readonly EnvPatch[]): EnvVar[] {
  const result = current.map(variable => ({ name: variable.name, value: variable.value ?? '' }))
  for (const { name, value } of patch) {
    const index = result.findIndex(variable => variable.name === name)
    if (value === null) {
      if (index !== -1) result.splice(index, 1)
    } else if (index === -1) result.push({ name, value })
    else result[index] = { name, value }
  }
  return result
}
