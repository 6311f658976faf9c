/** Environment variables and volume mounts of a container spec (EnvSpec, VolumeMountSpec). */
import type { Problems } from '../problems.js'
import { quote } from '../text.js'
import { checkAbsolutePath, checkKeys, isPlainObject } from './field-rules.js'

const ENV_NAME = /^[A-Za-z0-9_]{1,64}$/
const MAX_ENV = 100

export function checkEnv(
  value: unknown,
  path: string,
  problems: Problems,
  allowNullValues: boolean,
  /** A variable the pod has exactly so: taken as it is, only counted and checked for repeats. */
  isRead: (entry: unknown) => boolean = () => false
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
    if (isRead(entry)) {
      if (typeof entry.name === 'string' && !seen.has(entry.name)) seen.set(entry.name, index)
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

export function checkVolumeMounts(
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
