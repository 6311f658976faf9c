/**
 * describePod's Container → the RebuildContainerSpec that recreates it. Everything rebuildPod
 * can take is carried over (a rebuild resets whatever it is not given), and the API's way of
 * saying "unset" — null, empty lists, empty handler objects — is normalised away so that two
 * specs compare equal exactly when the pod would run the same.
 */
import type { Container, Probe, RebuildContainerSpec, VolumeMount } from '../jdcloud/types.js'

/** An init container (Go models/Container.go: `type` is `initContainer`). */
export function isInitContainer(container: Pick<Container, 'type'>): boolean {
  return (container.type ?? '').toLowerCase() === 'initcontainer'
}

export function toRebuildSpec(container: Container): RebuildContainerSpec {
  const spec: RebuildContainerSpec = { name: container.name, image: container.image }
  if (container.command && container.command.length > 0) spec.command = [...container.command]
  if (container.args && container.args.length > 0) spec.args = [...container.args]
  if (container.env && container.env.length > 0)
    spec.env = container.env.map(({ name, value }) => ({ name, value: value ?? '' }))
  if (container.secret) spec.secret = container.secret
  if (typeof container.tty === 'boolean') spec.tty = container.tty
  if (container.workingDir) spec.workingDir = container.workingDir
  const liveness = normaliseProbe(container.livenessProbe)
  if (liveness) spec.livenessProbe = liveness
  const readiness = normaliseProbe(container.readinessProbe)
  if (readiness) spec.readinessProbe = readiness
  if (container.volumeMounts && container.volumeMounts.length > 0)
    spec.volumeMounts = container.volumeMounts.map(normaliseMount)
  return spec
}

/** A mount with its unset fields left out: readOnly only when a boolean, subPath only when set. */
export function normaliseMount(mount: VolumeMount): VolumeMount {
  const { name, mountPath, readOnly, subPath } = mount
  return {
    name,
    mountPath,
    ...(typeof readOnly === 'boolean' ? { readOnly } : {}),
    ...(typeof subPath === 'string' && subPath !== '' ? { subPath } : {})
  }
}

/** Drops null fields and empty handlers; a probe left without a handler is no probe. */
export function normaliseProbe(probe: Probe | null | undefined): Probe | undefined {
  if (!probe) return undefined
  const result: Probe = {}
  for (const field of [
    'initialDelaySeconds',
    'periodSeconds',
    'timeoutSeconds',
    'failureThreshold',
    'successThreshold'
  ] as const) {
    const value = probe[field]
    if (typeof value === 'number') result[field] = value
  }
  if (probe.exec?.command && probe.exec.command.length > 0)
    result.exec = { command: [...probe.exec.command] }
  else if (probe.httpGet && typeof probe.httpGet.port === 'number' && probe.httpGet.port > 0) {
    const { scheme, host, port, path, httpHeader } = probe.httpGet
    result.httpGet = { port }
    if (scheme) result.httpGet.scheme = scheme
    if (host) result.httpGet.host = host
    if (path) result.httpGet.path = path
    if (httpHeader && httpHeader.length > 0)
      result.httpGet.httpHeader = httpHeader.map(({ name, value }) => ({ name, value }))
  } else if (
    probe.tcpSocket &&
    typeof probe.tcpSocket.port === 'number' &&
    probe.tcpSocket.port > 0
  )
    result.tcpSocket = { port: probe.tcpSocket.port }
  else return undefined
  return result
}
