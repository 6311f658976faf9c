/**
 * The API's rules for a rebuild container spec, checked before any call so that an error names
 * the exact field (`containers[1].readinessProbe.periodSeconds`) and the rule it breaks.
 * Patches (the `containers` input) may also set a field to null, meaning "remove it".
 */
import type { Problems } from '../problems.js'
import type { Probe, VolumeMount } from '../jdcloud/types.js'
import { quote } from '../text.js'
import { checkEnv, checkVolumeMounts } from './env-and-mount-rules.js'
import {
  checkAbsolutePath,
  checkKeys,
  checkStringList,
  isPlainObject,
  sameData
} from './field-rules.js'
import { parseImage } from './image.js'
import { checkProbe } from './probe-rules.js'

export interface EnvPatch {
  name: string
  /** null removes the variable. */
  value: string | null
}

/**
 * One entry of the `containers` input: fields given replace, null removes, env merges by name.
 * The container is named `name`, as rebuildPod's RebuildContainerSpec names it on the wire.
 */
export interface ContainerPatch {
  name: string
  image?: string
  command?: string[] | null
  args?: string[] | null
  env?: EnvPatch[] | null
  secret?: string | null
  tty?: boolean | null
  workingDir?: string | null
  livenessProbe?: Probe | null
  readinessProbe?: Probe | null
  volumeMounts?: VolumeMount[] | null
}

/** RebuildContainerSpec's fields (jdcloud-sdk-go services/pod/models/RebuildContainerSpec.go). */
export const REBUILD_FIELDS = [
  'name',
  'image',
  'command',
  'args',
  'env',
  'secret',
  'tty',
  'workingDir',
  'livenessProbe',
  'readinessProbe',
  'volumeMounts'
] as const

// A Map, not an object literal: a key such as __proto__ from the input must find nothing here.
const NOT_REBUILDABLE = new Map([
  ['resources', 'cannot be changed by a rebuild (JD Cloud keeps the pod’s resources)'],
  ['systemDisk', 'cannot be changed by a rebuild (JD Cloud keeps the container’s system disk)'],
  ['type', 'cannot be changed by a rebuild (an init container stays one)']
])

const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/

/** Secret names: lower-case letters, digits and -, starting with a letter, 1–63 characters. */
export const SECRET_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/
export const SECRET_NAME_RULE =
  'must be lower-case letters, digits and -, start with a letter, end with a letter or digit, 1 to 63 characters'

export function checkContainerName(
  value: unknown,
  path: string,
  problems: Problems
): value is string {
  if (value === undefined || value === null || value === '') {
    problems.add(path, 'is required: the name of the container to change')
    return false
  }
  if (typeof value !== 'string' || !CONTAINER_NAME.test(value)) {
    problems.add(
      path,
      `${quote(value)} is not a container name: lower-case letters, digits and -, 1 to 63 characters${
        // `Web`: a name that differs from a valid one only in case.
        typeof value === 'string' && CONTAINER_NAME.test(value.toLowerCase())
          ? `; did you mean ${value.toLowerCase()}?`
          : ''
      }`
    )
    return false
  }
  return true
}

export function checkImage(value: unknown, path: string, problems: Problems): value is string {
  if (typeof value !== 'string') {
    problems.add(path, 'must be a string (an image reference such as nginx:1.27)')
    return false
  }
  const parsed = parseImage(value)
  if (typeof parsed === 'string') {
    problems.add(path, `${quote(value)} ${parsed}`)
    return false
  }
  return true
}

/**
 * An image the user gives: also names its version. Without a tag or digest JD Cloud pulls
 * `latest`, whatever that is on the day — so it is asked for in writing.
 */
export function checkGivenImage(value: unknown, path: string, problems: Problems): value is string {
  if (!checkImage(value, path, problems)) return false
  const parsed = parseImage(value)
  if (typeof parsed !== 'string' && parsed.tag === undefined && parsed.digest === undefined) {
    problems.add(
      path,
      `${quote(value)} has no tag or digest: add a tag or @sha256 digest; write :latest if you mean it`
    )
    return false
  }
  return true
}

/**
 * Checks one spec object. In a patch, every field but name is optional and may be
 * null (remove); in a full spec (what rebuildPod will receive) image is required.
 * `readFromPod`: the spec as the pod runs it now. What a full spec keeps exactly as it was read
 * (a field, or one env variable) is taken as it is — JD Cloud accepted it once, and rules such as
 * the secret-name one are ours, not the API's (no SDK file states them) — so only what a person
 * typed or the action made is held to them.
 */
export function checkContainerSpec(
  value: unknown,
  path: string,
  problems: Problems,
  mode: 'patch' | 'full',
  podVolumes?: readonly string[],
  readFromPod?: Readonly<Record<string, unknown>>
): boolean {
  const before = problems.count
  if (!isPlainObject(value)) {
    problems.add(path, 'must be an object with name and the fields to change')
    return false
  }
  checkKeys(value, REBUILD_FIELDS, path, problems, NOT_REBUILDABLE)
  const isPatch = mode === 'patch'
  const asRead = new Set<string>(
    readFromPod ? REBUILD_FIELDS.filter(field => sameData(readFromPod[field], value[field])) : []
  )
  const given = (field: string): boolean =>
    value[field] !== undefined && !(isPatch && value[field] === null) && !asRead.has(field)
  if (!asRead.has('name')) checkContainerName(value.name, `${path}.name`, problems)
  if (value.image === null || (!isPatch && value.image === undefined))
    problems.add(`${path}.image`, 'is required')
  else if (value.image !== undefined && !asRead.has('image'))
    // A patch is what the user wrote; a full spec may carry the pod's own untagged image.
    (isPatch ? checkGivenImage : checkImage)(value.image, `${path}.image`, problems)
  if (given('command'))
    checkStringList(value.command, `${path}.command`, problems, 256, 'the entrypoint')
  if (given('args')) checkStringList(value.args, `${path}.args`, problems, 2048, 'the arguments')
  if (given('env')) {
    const readEnv = Array.isArray(readFromPod?.env) ? (readFromPod.env as unknown[]) : []
    checkEnv(value.env, `${path}.env`, problems, isPatch, entry =>
      readEnv.some(read => sameData(read, entry))
    )
  }
  if (
    given('secret') &&
    (typeof value.secret !== 'string' || (value.secret !== '' && !SECRET_NAME.test(value.secret)))
  )
    problems.add(`${path}.secret`, `${quote(value.secret)} ${SECRET_NAME_RULE}`)
  if (given('tty') && typeof value.tty !== 'boolean')
    problems.add(`${path}.tty`, 'must be true or false')
  if (given('workingDir')) checkAbsolutePath(value.workingDir, `${path}.workingDir`, problems, true)
  if (given('livenessProbe')) checkProbe(value.livenessProbe, `${path}.livenessProbe`, problems)
  if (given('readinessProbe')) checkProbe(value.readinessProbe, `${path}.readinessProbe`, problems)
  if (given('volumeMounts'))
    checkVolumeMounts(value.volumeMounts, `${path}.volumeMounts`, problems, podVolumes)
  return problems.count === before
}
