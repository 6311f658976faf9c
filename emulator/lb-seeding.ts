// Applying `seed.loadBalancing` (its shape is already checked, lb-seed.ts): what refers to what,
// the defaults of what a seed leaves out, and the API's own target rules, each failure a
// SeedError naming the field.
import { ApiError } from './api-error.js'
import type { LoadBalancing } from './lb.js'
import type { Backend, HealthCheck, LoadBalancerType } from './lb-wire.js'
import { SeedError } from './seed-checks.js'
import type { BackendSeed, LoadBalancingSeed, TargetGroupSeed } from './types.js'

const PROTOCOLS: Record<LoadBalancerType, readonly string[]> = {
  alb: ['Http', 'Tcp', 'Udp'],
  nlb: ['Tcp', 'Udp'],
  dnlb: ['Tcp', 'Udp']
}

export function seedLoadBalancing(lb: LoadBalancing, seed: LoadBalancingSeed, path: string): void {
  const createdTime = new Date(lb.pods.now()).toISOString()
  seed.targetGroups?.forEach((group, i) => {
    const where = `${path}.targetGroups[${i}]`
    if (lb.groups.has(group.targetGroupId))
      throw new SeedError(`${where}.targetGroupId`, `${group.targetGroupId} is seeded twice`)
    lb.groups.set(group.targetGroupId, { group: targetGroup(group, createdTime), targets: [] })
  })
  seed.backends?.forEach((backend, i) => {
    const where = `${path}.backends[${i}]`
    if (lb.backendRecords.has(backend.backendId))
      throw new SeedError(`${where}.backendId`, `${backend.backendId} is seeded twice`)
    lb.backendRecords.set(backend.backendId, {
      backend: completeBackend(lb, backend, where, createdTime),
      ...(backend.lbHealthyMs !== undefined && { healthyMs: backend.lbHealthyMs })
    })
  })
  seed.targets?.forEach((target, i) => {
    const where = `${path}.targets[${i}]`
    if (!lb.groups.has(target.targetGroupId))
      throw new SeedError(`${where}.targetGroupId`, `no target group ${target.targetGroupId}`)
    if (target.targetId !== undefined && lb.targetIdTaken(target.targetId))
      throw new SeedError(`${where}.targetId`, `${target.targetId} is seeded twice`)
    const { targetGroupId, targetId, ...spec } = target
    try {
      lb.register(targetGroupId, [spec], { targetIds: [targetId] })
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      throw new SeedError(where, error.message.replace(/^targetSpecs\[0\]\.?/, ''))
    }
  })
}

function targetGroup(seed: TargetGroupSeed, createdTime: string) {
  return {
    targetGroupId: seed.targetGroupId,
    targetGroupName: seed.targetGroupName ?? seed.targetGroupId,
    loadBalancerId: seed.loadBalancerId,
    loadBalancerType: seed.loadBalancerType,
    loadBalancerName: seed.loadBalancerName ?? seed.loadBalancerId,
    description: seed.description ?? '',
    createdTime,
    type: 'instance'
  }
}

function completeBackend(
  lb: LoadBalancing,
  seed: BackendSeed,
  where: string,
  createdTime: string
): Backend {
  const groupId = seed.targetGroupIds[0]
  const group = groupId === undefined ? undefined : lb.groups.get(groupId)?.group
  if (groupId !== undefined && !group)
    throw new SeedError(`${where}.targetGroupIds[0]`, `no target group ${groupId}`)
  const loadBalancerId = seed.loadBalancerId ?? group?.loadBalancerId
  const loadBalancerType = seed.loadBalancerType ?? group?.loadBalancerType
  if (loadBalancerId === undefined || loadBalancerType === undefined)
    throw new SeedError(where, 'loadBalancerId and loadBalancerType are needed without a group')
  if (group && group.loadBalancerId !== loadBalancerId)
    throw new SeedError(`${where}.loadBalancerId`, `its group is on ${group.loadBalancerId}`)
  if (group && group.loadBalancerType !== loadBalancerType)
    throw new SeedError(`${where}.loadBalancerType`, `its group is ${group.loadBalancerType}`)
  const protocol = seed.protocol ?? (loadBalancerType === 'alb' ? 'Http' : 'Tcp')
  if (!PROTOCOLS[loadBalancerType].includes(protocol))
    throw new SeedError(
      `${where}.protocol`,
      `${loadBalancerType} takes ${PROTOCOLS[loadBalancerType].join(', ')}`
    )
  if (seed.connectionDrainingSeconds !== undefined && loadBalancerType !== 'nlb')
    throw new SeedError(`${where}.connectionDrainingSeconds`, 'only nlb backends have it')
  return {
    backendId: seed.backendId,
    backendName: seed.backendName ?? seed.backendId,
    loadBalancerId,
    loadBalancerType,
    protocol,
    port: seed.port,
    algorithm: 'RoundRobin',
    targetGroupIds: [...seed.targetGroupIds],
    agIds: [],
    description: '',
    ...(loadBalancerType === 'nlb' && {
      connectionDrainingSeconds: seed.connectionDrainingSeconds ?? 300
    }),
    healthCheck: { ...defaultHealthCheck(protocol), ...seed.healthCheck },
    createdTime
  }
}

function defaultHealthCheck(protocol: string): HealthCheck {
  const common = {
    healthyThresholdCount: 3,
    unhealthyThresholdCount: 3,
    checkTimeoutSeconds: 3,
    intervalSeconds: 5,
    port: 0
  }
  return protocol === 'Http'
    ? { protocol: 'Http', ...common, httpVersion: 'HTTP1.0', httpPath: '/', httpCode: ['2xx'] }
    : { protocol: 'Tcp', ...common }
}
