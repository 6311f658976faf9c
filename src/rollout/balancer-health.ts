/**
 * Readings of load balancer health, pure: which of a pod's registrations every backend calls
 * healthy, and whether a group keeps a healthy target outside a batch.
 */
import type { Backend, TargetHealth, TargetSpec } from '../jdcloud/lb-types.js'
import type { Group, Placement, Registration } from './balancer-setup.js'

export function byGroup(registrations: readonly Registration[]): Map<Group, Registration[]> {
  const groups = new Map<Group, Registration[]>()
  for (const r of registrations) groups.set(r.group, [...(groups.get(r.group) ?? []), r])
  return groups
}

/** A health entry of this pod's target: the same instance (or IP) on the same port. */
export function matches(entry: TargetHealth, spec: TargetSpec): boolean {
  const who =
    spec.type === 'ip' ? entry.ipAddress === spec.ipAddress : entry.instanceId === spec.instanceId
  return who && (!spec.port || entry.port === undefined || entry.port === spec.port)
}

/** healthy when every backend of the group says so; else what the first that does not says. */
export function statusOf(
  r: Registration,
  seen: ReadonlyMap<string, TargetHealth[] | undefined>,
  backends: readonly Backend[]
): string {
  for (const backend of backends) {
    const entry = entriesOf(seen, backend, r.group).find(h => matches(h, r.spec))
    if (!entry) return `not listed by ${backend.backendId}`
    if (entry.status !== 'healthy') {
      const why = entry.unhealthReason
        ? `: ${[entry.unhealthReason.reason, entry.unhealthReason.detail].filter(Boolean).join(': ')}`
        : ''
      return `unhealthy on ${backend.backendId}${why}`
    }
  }
  return 'healthy'
}

/** Whether the group has a target outside `excluded` that every backend says is healthy. */
export function hasHealthyOutside(
  group: Group,
  seen: ReadonlyMap<string, TargetHealth[] | undefined>,
  excluded: (entry: TargetHealth) => boolean
): boolean {
  const [first, ...rest] = group.backends
  if (!first) return true
  return entriesOf(seen, first, group).some(
    entry =>
      entry.status === 'healthy' &&
      !excluded(entry) &&
      rest.every(backend =>
        entriesOf(seen, backend, group).some(
          other =>
            other.status === 'healthy' &&
            other.type === entry.type &&
            other.instanceId === entry.instanceId &&
            other.ipAddress === entry.ipAddress
        )
      )
  )
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
