/**
 * Whether a pod runs what was sent: every field of a rebuild spec compared with the container
 * describePod echoes, not the image alone — a change that did not land must never read as done.
 * Both sides are put in the form the API echoes: its documented defaults filled in (jdcloud-sdk-go
 * services/pod/models/ProbeSpec.go, HgSpec.go, RebuildContainerSpec.go, VolumeMountSpec.go) and
 * lists whose order carries no meaning sorted, so that only a real difference counts.
 */
import type { Container, Pod, Probe, RebuildContainerSpec } from '../jdcloud/types.js'
import { canonicalJson } from './diff.js'
import { toRebuildSpec } from './from-described.js'
import { REBUILD_FIELDS } from './rules.js'

const PROBE_DEFAULTS = {
  initialDelaySeconds: 10,
  periodSeconds: 10,
  timeoutSeconds: 1,
  failureThreshold: 3,
  successThreshold: 1
} as const

/** True when `container` runs exactly `sent`, field by field, as the API would echo it. */
export function echoMatches(sent: RebuildContainerSpec, container: Container): boolean {
  return echoForm(sent) === echoForm(toRebuildSpec(container))
}

/** True when every container named in `specs` exists in the pod and runs its spec. */
export function podRunsSpecs(pod: Pod, specs: Iterable<RebuildContainerSpec>): boolean {
  for (const spec of specs) {
    const container = pod.containers?.find(c => c.name === spec.name)
    if (!container || !echoMatches(spec, container)) return false
  }
  return true
}

/**
 * How the pod's container differs from what was sent, in words: `runs X, not Y` when the image
 * differs (the most telling field), else the first field that differs, in rebuild field order.
 */
export function difference(sent: RebuildContainerSpec, container: Container): string {
  if (container.image !== sent.image) return `runs ${container.image}, not ${sent.image}`
  const a = JSON.parse(echoForm(sent)) as Record<string, unknown>
  const b = JSON.parse(echoForm(toRebuildSpec(container))) as Record<string, unknown>
  const field = REBUILD_FIELDS.find(key => canonicalJson(a[key]) !== canonicalJson(b[key]))
  return field ? `${field} differs from what was sent` : 'no difference'
}

function echoForm(spec: RebuildContainerSpec): string {
  const form: Record<string, unknown> = { name: spec.name, image: spec.image }
  if (spec.command?.length) form.command = spec.command
  if (spec.args?.length) form.args = spec.args
  if (spec.env?.length)
    form.env = spec.env
      .map(variable => ({ name: variable.name, value: variable.value ?? '' }))
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
  if (spec.secret) form.secret = spec.secret
  if (spec.tty === true) form.tty = true
  // "If not given, the root (/)": an unset working directory and / are the same.
  if (spec.workingDir && spec.workingDir !== '/') form.workingDir = spec.workingDir
  if (spec.livenessProbe) form.livenessProbe = probeForm(spec.livenessProbe)
  if (spec.readinessProbe) form.readinessProbe = probeForm(spec.readinessProbe)
  if (spec.volumeMounts?.length)
    form.volumeMounts = spec.volumeMounts
      .map(mount => ({
        name: mount.name,
        mountPath: mount.mountPath,
        readOnly: mount.readOnly === true,
        subPath: mount.subPath ?? ''
      }))
      .sort((x, y) => (x.mountPath < y.mountPath ? -1 : x.mountPath > y.mountPath ? 1 : 0))
  return canonicalJson(form)
}

function probeForm(probe: Probe): Record<string, unknown> {
  const form: Record<string, unknown> = { ...PROBE_DEFAULTS }
  for (const field of Object.keys(PROBE_DEFAULTS) as Array<keyof typeof PROBE_DEFAULTS>)
    if (typeof probe[field] === 'number') form[field] = probe[field]
  if (probe.exec) form.exec = { command: probe.exec.command ?? [] }
  if (probe.tcpSocket) form.tcpSocket = { port: probe.tcpSocket.port }
  if (probe.httpGet) {
    const { scheme, host, port, path, httpHeader } = probe.httpGet
    form.httpGet = {
      scheme: (scheme || 'http').toLowerCase(),
      host: host ?? '',
      port,
      path: path ?? '',
      httpHeader: [...(httpHeader ?? [])]
        .map(header => ({ name: header.name, value: header.value }))
        .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    }
  }
  return form
}

/** Which container differs from what was sent, and how. */
export function differences(pod: Pod, specs: readonly RebuildContainerSpec[]): string {
  return specs
    .flatMap(spec => {
      const container = pod.containers?.find(c => c.name === spec.name)
      if (!container) return [`no container ${spec.name}`]
      return echoMatches(spec, container)
        ? []
        : [`container ${spec.name} ${difference(spec, container)}`]
    })
    .join('; ')
}
