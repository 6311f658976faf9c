// The shape of `seed.loadBalancing`: target groups, backends (listeners' pools) and targets
// already registered. What refers to what (a backend's group, a target's pod, one load balancer
// per group) is checked when the seed is applied (lb.ts), after the pods exist.
import { validateLb } from '../contract/lb-api.js'
import { LOAD_BALANCER_TYPES, TARGET_TYPES } from './lb-wire.js'
import type { HealthCheck, LoadBalancerType, TargetType } from './lb-wire.js'
import { list, optionalInteger, optionalText, record, SeedError, text } from './seed-checks.js'
import type { BackendSeed, LoadBalancingSeed, TargetGroupSeed, TargetSeed } from './types.js'

export function checkLoadBalancing(value: unknown, path: string): LoadBalancingSeed {
  const seed = record(value, path)
  for (const key of Object.keys(seed))
    if (!['targetGroups', 'backends', 'targets'].includes(key))
      throw new SeedError(`${path}.${key}`, 'unknown field: targetGroups, backends or targets')
  const each = <T>(name: string, check: (item: unknown, where: string) => T): T[] | undefined =>
    seed[name] === undefined
      ? undefined
      : list(seed[name], `${path}.${name}`).map((item, i) => check(item, `${path}.${name}[${i}]`))
  return dropUndefined({
    targetGroups: each('targetGroups', checkTargetGroup),
    backends: each('backends', checkBackend),
    targets: each('targets', checkTarget)
  })
}

function checkTargetGroup(value: unknown, path: string): TargetGroupSeed {
  const seed = record(value, path)
  known(seed, path, [
    'targetGroupId',
    'targetGroupName',
    'loadBalancerId',
    'loadBalancerType',
    'loadBalancerName',
    'description'
  ])
  return dropUndefined({
    targetGroupId: text(seed.targetGroupId, `${path}.targetGroupId`),
    targetGroupName: optionalText(seed.targetGroupName, `${path}.targetGroupName`),
    loadBalancerId: text(seed.loadBalancerId, `${path}.loadBalancerId`),
    loadBalancerType: lbType(seed.loadBalancerType, `${path}.loadBalancerType`),
    loadBalancerName: optionalText(seed.loadBalancerName, `${path}.loadBalancerName`),
    description: optionalText(seed.description, `${path}.description`)
  })
}

function checkBackend(value: unknown, path: string): BackendSeed {
  const seed = record(value, path)
  known(seed, path, [
    'backendId',
    'backendName',
    'loadBalancerId',
    'loadBalancerType',
    'protocol',
    'port',
    'targetGroupIds',
    'connectionDrainingSeconds',
    'healthCheck',
    'lbHealthyMs'
  ])
  const targetGroupIds = list(seed.targetGroupIds, `${path}.targetGroupIds`).map((id, i) =>
    text(id, `${path}.targetGroupIds[${i}]`)
  )
  if (targetGroupIds.length > 1)
    throw new SeedError(`${path}.targetGroupIds`, 'a backend points at one target group at most')
  const port = optionalInteger(seed.port, `${path}.port`, 1, 65535)
  if (port === undefined) throw new SeedError(`${path}.port`, 'required (1-65535)')
  const healthyMs = seed.lbHealthyMs
  if (
    healthyMs !== undefined &&
    (typeof healthyMs !== 'number' || !Number.isFinite(healthyMs) || healthyMs < 0)
  )
    throw new SeedError(`${path}.lbHealthyMs`, 'must be a number of milliseconds >= 0')
  return dropUndefined({
    backendId: text(seed.backendId, `${path}.backendId`),
    backendName: optionalText(seed.backendName, `${path}.backendName`),
    loadBalancerId: optionalText(seed.loadBalancerId, `${path}.loadBalancerId`),
    loadBalancerType:
      seed.loadBalancerType === undefined
        ? undefined
        : lbType(seed.loadBalancerType, `${path}.loadBalancerType`),
    protocol: optionalText(seed.protocol, `${path}.protocol`),
    port,
    targetGroupIds,
    connectionDrainingSeconds: optionalInteger(
      seed.connectionDrainingSeconds,
      `${path}.connectionDrainingSeconds`,
      0,
      3600
    ),
    healthCheck: seed.healthCheck === undefined ? undefined : healthCheck(seed.healthCheck, path),
    lbHealthyMs: healthyMs as number | undefined
  })
}

function checkTarget(value: unknown, path: string): TargetSeed {
  const seed = record(value, path)
  known(seed, path, [
    'targetGroupId',
    'type',
    'instanceId',
    'ipAddress',
    'port',
    'weight',
    'targetId'
  ])
  if (!TARGET_TYPES.includes(seed.type as TargetType))
    throw new SeedError(`${path}.type`, `must be one of ${TARGET_TYPES.join(', ')}`)
  return dropUndefined({
    targetGroupId: text(seed.targetGroupId, `${path}.targetGroupId`),
    type: seed.type as TargetType,
    instanceId: optionalText(seed.instanceId, `${path}.instanceId`),
    ipAddress: optionalText(seed.ipAddress, `${path}.ipAddress`),
    port: optionalInteger(seed.port, `${path}.port`, 0, 65535),
    weight: optionalInteger(seed.weight, `${path}.weight`, 0, 100),
    targetId: optionalText(seed.targetId, `${path}.targetId`)
  })
}

/** Held against the SDK's model, since it goes on the wire as given. */
function healthCheck(value: unknown, path: string): HealthCheck {
  const problems = validateLb('HealthCheck', value, `${path}.healthCheck`)
  if (problems.length > 0) throw new SeedError(`${path}.healthCheck`, problems.join('; '))
  return value as HealthCheck
}

function lbType(value: unknown, path: string): LoadBalancerType {
  if (!LOAD_BALANCER_TYPES.includes(value as LoadBalancerType))
    throw new SeedError(path, `must be one of ${LOAD_BALANCER_TYPES.join(', ')}`)
  return value as LoadBalancerType
}

function known(seed: Record<string, unknown>, path: string, names: readonly string[]): void {
  for (const key of Object.keys(seed))
    if (!names.includes(key)) throw new SeedError(`${path}.${key}`, 'unknown field')
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
