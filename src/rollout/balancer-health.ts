/**
 * Readings of load balancer health, pure: which of a pod's registrations every backend calls
 * healthy, and whether a group keeps a healthy target carrying traffic outside some pods.
 *
 * A health row is matched to a target by its group, type and instance (an ip target: its
 * address), never by port: TargetHealth.port is the health check's port ("健康检查的port",
 * jdcloud-sdk-go services/lb/models/TargetHealth.go), which differs from the traffic port when
 * the backend checks another one (HealthCheck.port; 0 = the traffic port). Rows do not say
 * which registration they are, so an instance registered several times in one group is healthy
 * only when every one of its rows is.
 */
import type { Backend, TargetHealth, TargetSpec } from '../jdcloud/lb-types.js'
import type { Group, Placement, Registration } from './balancer-setup.js'

export function byGroup(registrations: readonly Registration[]): Map<Group, Registration[]> {
  const groups = new Map<Group, Registration[]>()
  for (const r of registrations) groups.set(r.group, [...(groups.get(r.group) ?? []), r])
  return groups
}

/** A health row of this target's instance: same type (vm when left out) and instance or IP. */
export function sameInstance(entry: TargetHealth, spec: TargetSpec): boolean {
  if ((entry.type ?? 'vm') !== spec.type) return false
  return spec.type === 'ip'
    ? entry.ipAddress === spec.ipAddress
    : entry.instanceId === spec.instanceId
}

/** healthy when every backend of the group says so of every row; else what the first says. */
export function statusOf(
  r: Registration,
  seen: ReadonlyMap<string, TargetHealth[] | undefined>,
  backends: readonly Backend[]
): string {
  for (const backend of backends) {
    const rows = entriesOf(seen, backend, r.group).filter(h => sameInstance(h, r.spec))
    if (rows.length === 0) return `not listed by ${backend.backendId}`
    const sick = rows.find(row => row.status !== 'healthy')
    if (sick) {
      const why = sick.unhealthReason
        ? `: ${[sick.unhealthReason.reason, sick.unhealthReason.detail].filter(Boolean).join(': ')}`
        : ''
      return `unhealthy on ${backend.backendId}${why}`
    }
  }
  return 'healthy'
}

/**
 * Whether the group has an instance outside `excluded` that carries traffic (weight not 0) and
 * that every backend lists, with every row healthy.
 */
export function hasHealthyOutside(
  group: Group,
  seen: ReadonlyMap<string, TargetHealth[] | undefined>,
  excluded: (entry: TargetHealth) => boolean
): boolean {
  const [first] = group.backends
  if (!first) return true
  const candidates = new Set(
    entriesOf(seen, first, group)
      .filter(entry => !excluded(entry))
      .map(instanceKey)
  )
  return [...candidates].some(key =>
    group.backends.every(backend => {
      const rows = entriesOf(seen, backend, group).filter(entry => instanceKey(entry) === key)
      return rows.length > 0 && rows.every(row => row.status === 'healthy' && row.weight !== 0)
    })
  )
}

/** Whether any backend of the group lists a target outside `excluded`, healthy or not. */
export function listsAnyOutside(
  group: Group,
  seen: ReadonlyMap<string, TargetHealth[] | undefined>,
  excluded: (entry: TargetHealth) => boolean
): boolean {
  return group.backends.some(backend =>
    entriesOf(seen, backend, group).some(entry => !excluded(entry))
  )
}

function instanceKey(entry: TargetHealth): string {
  return `${entry.type ?? 'vm'} ${entry.type === 'ip' ? entry.ipAddress : entry.instanceId}`
}

/** What one backend reports of one group's targets (a backend lists only its group's). */
function entriesOf(
  seen: ReadonlyMap<string, TargetHealth[] | undefined>,
  backend: Backend,
  group: Group
): TargetHealth[] {
  return (seen.get(backend.backendId) ?? []).filter(
    entry => entry.targetGroupId === undefined || entry.targetGroupId === group.id
  )
}

export function describeSpec(spec: Placement): string {
  const who = spec.type === 'ip' ? `ip ${spec.ipAddress}` : `${spec.type} ${spec.instanceId}`
  return `${who}, port ${spec.port}, weight ${spec.weight}`
}
