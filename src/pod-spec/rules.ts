/**
 * The API's rules for a rebuild container spec, checked before any call so that an error names
 * the exact field (`containers[1].readinessProbe.periodSeconds`) and the rule it breaks.
 * Patches (the `containers` input) may also set a field to null, meaning "remove it".
 */
import type { Problems } from '../problems.js'
import type { Probe, VolumeMount } from '../jdcloud/types.js'
import { closest } from '../suggest.js'
import { parseImage } from './image.js'
import { quote } from '../text.js'

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

const ENV_NAME = /^[A-Za-z0-9_]{1,64}$/
/** httpGet.scheme, exactly as the Go model's HgSpec lists them. */
const HTTP_SCHEMES: readonly unknown[] = ['http', 'https', 'HTTP', 'HTTPS']
/** HgSpec.host: "hostname or IPv4", 0–253 characters (an IPv4 address is a host name here too). */
const HOST_NAME =
  /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/
const MAX_ENV = 100
const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/

/** Secret names: lower-case letters, digits and -, starting with a letter, 1–63 characters. */
export const SECRET_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/
export const SECRET_NAME_RULE =
  'must be lower-case letters, digits and -, start with a letter, end with a letter or digit, 1 to 63 characters'

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Own keys only: a `__proto__` key in the input is reported as unknown, never followed. */
function checkKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  problems: Problems
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue
    const known = NOT_REBUILDABLE.get(key)
    const guess = closest(key, allowed)
    problems.add(
      `${path}.${key}`,
      known && allowed === REBUILD_FIELDS
        ? known
        : `unknown field${guess ? ` (did you mean ${guess}?)` : `; allowed: ${allowed.join(', ')}`}`
    )
  }
}

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
      `${quote(value)} is not a container name: lower-case letters, digits and -, 1 to 63 characters`
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

function checkStringList(
  value: unknown,
  path: string,
  problems: Problems,
  maxTotal: number,
  what: string
): value is string[] {
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
    problems.add(path, `must be a list of strings (${what})`)
    return false
  }
  const total = (value as string[]).reduce((sum, item) => sum + item.length, 0)
  if (total > maxTotal) {
    problems.add(path, `is ${total} characters in all; the limit is ${maxTotal}`)
    return false
  }
  return true
}

function checkAbsolutePath(
  value: unknown,
  path: string,
  problems: Problems,
  allowRoot: boolean
): boolean {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 1024) {
    problems.add(path, `${quote(value)} must be an absolute path of 1 to 1024 characters`)
    return false
  }
  if (!allowRoot && value === '/') {
    problems.add(path, 'must not be /')
    return false
  }
  if (/[\u0000-\u001f]/.test(value)) {
    problems.add(path, 'must not contain control characters')
    return false
  }
  return true
}

function checkIntegerIn(
  value: unknown,
  path: string,
  problems: Problems,
  min: number,
  max: number
): boolean {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.add(path, `${quote(value)} must be a whole number from ${min} to ${max}`)
    return false
  }
  return true
}

function checkEnv(
  value: unknown,
  path: string,
  problems: Problems,
  allowNullValues: boolean
): void {
  if (!Array.isArray(value)) {
    problems.add(path, 'must be a list of {name, value}')
    return
  }
  if (value.length > MAX_ENV)
    problems.add(path, `has ${value.length} entries; the limit is ${MAX_ENV}`)
  const seen = new Map<string, number>()
  value.forEach((entry: unknown, index) => {
    const at = `${path}[${index}]`
    if (!isPlainObject(entry)) {
      problems.add(at, 'must be an object with name and value')
      return
    }
    checkKeys(entry, ['name', 'value'], at, problems)
    if (entry.name === undefined || entry.name === null || entry.name === '') {
      problems.add(`${at}.name`, 'is required: 1 to 64 letters, digits or _')
    } else if (typeof entry.name !== 'string' || !ENV_NAME.test(entry.name)) {
      problems.add(`${at}.name`, `${quote(entry.name)} must be 1 to 64 letters, digits or _`)
    } else {
      const first = seen.get(entry.name)
      if (first !== undefined)
        problems.add(`${at}.name`, `${entry.name} is already set by ${path}[${first}]`)
      else seen.set(entry.name, index)
    }
    const envValue = entry.value
    if (envValue === null && allowNullValues) return
    if (envValue !== undefined && typeof envValue !== 'string')
      problems.add(
        `${at}.value`,
        `must be a string${allowNullValues ? ' (or null to remove the variable)' : ''}; quote numbers and booleans in YAML`
      )
    else if (typeof envValue === 'string' && envValue.length > 1024)
      problems.add(`${at}.value`, `is ${envValue.length} characters; the limit is 1024`)
  })
}

const PROBE_FIELDS = [
  'initialDelaySeconds',
  'periodSeconds',
  'timeoutSeconds',
  'failureThreshold',
  'successThreshold',
  'exec',
  'httpGet',
  'tcpSocket'
] as const
const PROBE_RANGES: Record<string, [number, number]> = {
  initialDelaySeconds: [0, 300],
  periodSeconds: [1, 300],
  timeoutSeconds: [1, 300],
  failureThreshold: [1, 10],
  successThreshold: [1, 10]
}

export function checkProbe(value: unknown, path: string, problems: Problems): void {
  if (!isPlainObject(value)) {
    problems.add(path, 'must be an object (a probe with exactly one of exec, httpGet, tcpSocket)')
    return
  }
  checkKeys(value, PROBE_FIELDS, path, problems)
  for (const [field, [min, max]] of Object.entries(PROBE_RANGES))
    if (value[field] !== undefined && value[field] !== null)
      checkIntegerIn(value[field], `${path}.${field}`, problems, min, max)
  const handlers = (['exec', 'httpGet', 'tcpSocket'] as const).filter(
    handler => value[handler] !== undefined && value[handler] !== null
  )
  if (handlers.length !== 1) {
    problems.add(
      path,
      handlers.length === 0
        ? 'needs exactly one handler: exec, httpGet or tcpSocket'
        : `has ${handlers.join(' and ')}; a probe takes exactly one handler`
    )
  }
  if (value.exec !== undefined && value.exec !== null) {
    const exec = value.exec
    if (!isPlainObject(exec)) problems.add(`${path}.exec`, 'must be an object with command')
    else {
      checkKeys(exec, ['command'], `${path}.exec`, problems)
      if (
        checkStringList(exec.command, `${path}.exec.command`, problems, 256, 'the command to run')
      )
        if (exec.command.length === 0) problems.add(`${path}.exec.command`, 'must not be empty')
    }
  }
  if (value.httpGet !== undefined && value.httpGet !== null)
    checkHttpGet(value.httpGet, `${path}.httpGet`, problems)
  if (value.tcpSocket !== undefined && value.tcpSocket !== null) {
    const tcp = value.tcpSocket
    if (!isPlainObject(tcp)) problems.add(`${path}.tcpSocket`, 'must be an object with port')
    else {
      checkKeys(tcp, ['port'], `${path}.tcpSocket`, problems)
      checkIntegerIn(tcp.port, `${path}.tcpSocket.port`, problems, 1, 65535)
    }
  }
}

function checkHttpGet(value: unknown, path: string, problems: Problems): void {
  if (!isPlainObject(value)) {
    problems.add(path, 'must be an object with port (and scheme, host, path, httpHeader)')
    return
  }
  checkKeys(value, ['scheme', 'host', 'port', 'path', 'httpHeader'], path, problems)
  if (value.scheme !== undefined && value.scheme !== null && !HTTP_SCHEMES.includes(value.scheme))
    problems.add(
      `${path}.scheme`,
      `${quote(value.scheme)} must be one of ${HTTP_SCHEMES.join(', ')}`
    )
  if (
    value.host !== undefined &&
    value.host !== null &&
    (typeof value.host !== 'string' ||
      value.host.length > 253 ||
      (value.host !== '' && !HOST_NAME.test(value.host)))
  )
    problems.add(
      `${path}.host`,
      `${quote(value.host)} must be a host name or IPv4 address of at most 253 characters`
    )
  checkIntegerIn(value.port, `${path}.port`, problems, 1, 65535)
  if (typeof value.path !== 'string' || value.path.length < 1 || value.path.length > 256)
    problems.add(`${path}.path`, 'is required: the HTTP path to probe, 1 to 256 characters')
  if (value.httpHeader !== undefined && value.httpHeader !== null) {
    if (!Array.isArray(value.httpHeader))
      problems.add(`${path}.httpHeader`, 'must be a list of {name, value}')
    else
      value.httpHeader.forEach((header: unknown, index) => {
        const at = `${path}.httpHeader[${index}]`
        if (!isPlainObject(header)) return problems.add(at, 'must be an object with name and value')
        checkKeys(header, ['name', 'value'], at, problems)
        if (
          typeof header.name !== 'string' ||
          !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/.test(header.name)
        )
          problems.add(
            `${at}.name`,
            `${quote(header.name)} is not an HTTP header name of 1 to 64 characters`
          )
        if (typeof header.value !== 'string' || /[\r\n]/.test(header.value))
          problems.add(`${at}.value`, 'must be a string on one line')
      })
  }
}

function checkVolumeMounts(
  value: unknown,
  path: string,
  problems: Problems,
  podVolumes: readonly string[] | undefined
): void {
  if (!Array.isArray(value)) {
    problems.add(path, 'must be a list of {name, mountPath, readOnly, subPath}')
    return
  }
  const mounts: Array<{ at: string; mountPath: string }> = []
  value.forEach((mount: unknown, index) => {
    const at = `${path}[${index}]`
    if (!isPlainObject(mount)) return problems.add(at, 'must be an object with name and mountPath')
    checkKeys(mount, ['name', 'mountPath', 'readOnly', 'subPath'], at, problems)
    if (typeof mount.name !== 'string' || mount.name === '')
      problems.add(`${at}.name`, 'is required: the name of one of the pod’s volumes')
    else if (podVolumes && !podVolumes.includes(mount.name))
      problems.add(
        `${at}.name`,
        `${quote(mount.name)} is not a volume of this pod (volumes: ${podVolumes.join(', ') || 'none'})`
      )
    if (
      mount.readOnly !== undefined &&
      mount.readOnly !== null &&
      typeof mount.readOnly !== 'boolean'
    )
      problems.add(`${at}.readOnly`, 'must be true or false')
    if (mount.subPath !== undefined && mount.subPath !== null)
      checkSubPath(mount.subPath, `${at}.subPath`, problems)
    if (checkAbsolutePath(mount.mountPath, `${at}.mountPath`, problems, false))
      mounts.push({ at, mountPath: (mount.mountPath as string).replace(/\/+$/, '') })
  })
  for (const [i, a] of mounts.entries())
    for (const b of mounts.slice(i + 1)) {
      if (a.mountPath === b.mountPath)
        problems.add(`${b.at}.mountPath`, `repeats ${a.at}.mountPath`)
      else if (
        b.mountPath.startsWith(`${a.mountPath}/`) ||
        a.mountPath.startsWith(`${b.mountPath}/`)
      )
        problems.add(`${b.at}.mountPath`, `is nested with ${a.at}.mountPath; mounts must not nest`)
    }
}

/**
 * VolumeMountSpec.subPath (a file or folder inside a configFile volume). The Go model states no
 * rule; these are the ones every Kubernetes-like runtime enforces, so that a mount cannot climb
 * out of its volume: relative, no `..` part, no control characters.
 */
function checkSubPath(value: unknown, path: string, problems: Problems): void {
  if (
    typeof value !== 'string' ||
    value.startsWith('/') ||
    value.length > 1024 ||
    value.split('/').includes('..') ||
    /[\u0000-\u001f\u007f]/.test(value)
  )
    problems.add(
      path,
      `${quote(value)} must be a relative path inside the volume (no leading /, no .., at most 1024 characters)`
    )
}

/**
 * Checks one spec object. In a patch, every field but name is optional and may be
 * null (remove); in a full spec (what rebuildPod will receive) image is required.
 */
export function checkContainerSpec(
  value: unknown,
  path: string,
  problems: Problems,
  mode: 'patch' | 'full',
  podVolumes?: readonly string[]
): boolean {
  const before = problems.count
  if (!isPlainObject(value)) {
    problems.add(path, 'must be an object with name and the fields to change')
    return false
  }
  checkKeys(value, REBUILD_FIELDS, path, problems)
  const isPatch = mode === 'patch'
  const given = (field: string): boolean =>
    value[field] !== undefined && !(isPatch && value[field] === null)
  checkContainerName(value.name, `${path}.name`, problems)
  if (value.image === null || (!isPatch && value.image === undefined))
    problems.add(`${path}.image`, 'is required')
  else if (value.image !== undefined) checkImage(value.image, `${path}.image`, problems)
  if (given('command'))
    checkStringList(value.command, `${path}.command`, problems, 256, 'the entrypoint')
  if (given('args')) checkStringList(value.args, `${path}.args`, problems, 2048, 'the arguments')
  if (given('env')) checkEnv(value.env, `${path}.env`, problems, isPatch)
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
