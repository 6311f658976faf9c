/**
 * rebuildPod's value rules (the shape — known and required keys, JSON types — is checked against
 * contract/ before a call gets here), and what a rebuild does to one container's spec. As the Go
 * and Python SDKs send null for every unset optional field, null counts as not given.
 */
import { podModels } from '../contract/pod-api.js'
import type { Container, Pod, RebuildContainerSpec } from './wire.js'
import { invalidArgument } from './api-error.js'

const ENV_NAME = /^[A-Za-z0-9_]{1,64}$/
/**
 * The fields a rebuild sets, straight from the contract's RebuildContainerSpec: any it is not
 * given becomes unset, so a field the action forgets to send back is lost here as in the cloud.
 */
const REBUILDABLE = (podModels.RebuildContainerSpec?.fields ?? [])
  .map(field => field.name)
  .filter(name => name !== 'name')

/** Checks a rebuildPod body against the pod; throws INVALID_ARGUMENT naming the field. */
export function validateRebuild(
  body: unknown,
  pod: Pod,
  secretExists: (name: string) => boolean
): RebuildContainerSpec[] {
  const containers = (body as { containers?: unknown } | null)?.containers
  if (!Array.isArray(containers) || containers.length === 0)
    throw invalidArgument('containers is required: at least one container to rebuild')
  const names = new Set((pod.containers ?? []).map(c => c.name))
  const volumes = new Set(
    (pod.volumes ?? []).map(v => (v as { name?: string } | null)?.name).filter(Boolean)
  )
  const seen = new Set<string>()
  return containers.map((value: unknown, i) => {
    const at = `containers[${i}]`
    if (typeof value !== 'object' || value === null)
      throw invalidArgument(`${at} must be an object`)
    const spec = value as Record<string, unknown>
    const name = spec.name
    if (typeof name !== 'string' || name === '')
      throw invalidArgument('containers.name is required')
    if (!names.has(name)) throw invalidArgument(`container ${name} not found in pod ${pod.podId}`)
    if (seen.has(name)) throw invalidArgument(`container ${name} is given twice`)
    seen.add(name)
    checkImage(spec.image, at)
    checkStrings(spec.command, `${at}.command`, 256)
    checkStrings(spec.args, `${at}.args`, 2048)
    checkEnv(spec.env, at)
    if (spec.secret !== undefined && spec.secret !== null) {
      if (typeof spec.secret !== 'string') throw invalidArgument(`${at}.secret must be a string`)
      if (!secretExists(spec.secret)) throw invalidArgument(`secret ${spec.secret} not found`)
    }
    if (spec.tty != null && typeof spec.tty !== 'boolean')
      throw invalidArgument(`${at}.tty must be true or false`)
    if (spec.workingDir != null && !isAbsolutePath(spec.workingDir, 1024))
      throw invalidArgument(`${at}.workingDir must be an absolute path`)
    checkProbe(spec.livenessProbe, `${at}.livenessProbe`)
    checkProbe(spec.readinessProbe, `${at}.readinessProbe`)
    checkMounts(spec.volumeMounts, `${at}.volumeMounts`, volumes)
    return spec as unknown as RebuildContainerSpec
  })
}

/** The container after a rebuild: the spec's fields replace the rebuildable ones; the rest stays. */
export function rebuiltContainer(current: Container, spec: RebuildContainerSpec): Container {
  const next = { ...current } as unknown as Record<string, unknown>
  for (const field of REBUILDABLE) {
    const value = (spec as unknown as Record<string, unknown>)[field]
    if (value === undefined || value === null) delete next[field]
    else next[field] = structuredClone(value)
  }
  return next as unknown as Container
}

function checkImage(image: unknown, at: string): void {
  if (typeof image !== 'string' || image.length < 1 || image.length > 639)
    throw invalidArgument(`${at}.image is required: 1-639 characters`)
}

function checkStrings(value: unknown, at: string, maxTotal: number): void {
  if (value === undefined || value === null) return
  if (!Array.isArray(value) || !value.every(item => typeof item === 'string'))
    throw invalidArgument(`${at} must be a list of strings`)
  if (value.join('').length > maxTotal)
    throw invalidArgument(`${at} is longer than ${maxTotal} characters in all`)
}

function checkEnv(env: unknown, at: string): void {
  if (env === undefined || env === null) return
  if (!Array.isArray(env) || env.length > 100)
    throw invalidArgument(`${at}.env must be a list of at most 100 entries`)
  env.forEach((entry: unknown, j) => {
    const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown }
    if (typeof name !== 'string' || !ENV_NAME.test(name))
      throw invalidArgument(
        `${at}.env[${j}].name ${JSON.stringify(name)} is invalid: 1-64 letters, digits and '_'`
      )
    if (value != null && (typeof value !== 'string' || value.length > 1024))
      throw invalidArgument(`${at}.env[${j}].value must be a string of at most 1024 characters`)
  })
}

function checkProbe(probe: unknown, at: string): void {
  if (probe === undefined || probe === null) return
  if (typeof probe !== 'object') throw invalidArgument(`${at} must be an object`)
  const handlers = (['exec', 'httpGet', 'tcpSocket'] as const).filter(
    key => (probe as Record<string, unknown>)[key] != null
  )
  if (handlers.length !== 1)
    throw invalidArgument(`${at} needs exactly one of exec, httpGet and tcpSocket`)
}

function checkMounts(mounts: unknown, at: string, volumes: Set<unknown>): void {
  if (mounts === undefined || mounts === null) return
  if (!Array.isArray(mounts)) throw invalidArgument(`${at} must be a list`)
  mounts.forEach((mount: unknown, j) => {
    const { name, mountPath } = (mount ?? {}) as { name?: unknown; mountPath?: unknown }
    if (typeof name !== 'string' || !volumes.has(name))
      throw invalidArgument(`${at}[${j}].name ${JSON.stringify(name)} is not a volume of the pod`)
    if (!isAbsolutePath(mountPath, 1024) || mountPath === '/')
      throw invalidArgument(`${at}[${j}].mountPath must be an absolute path other than /`)
  })
}

function isAbsolutePath(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.startsWith('/') && value.length <= max
}
