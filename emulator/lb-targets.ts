// The rules of registerTargets and updateTargets, from the SDK model comments (TargetSpec.go,
// TargetUpdateSpec.go): type vm by default; instanceId for vm and container (a pod ID), ipAddress
// for ip and only for ip; port 0-65535 (0: the backend's port); weight 0-100, default 10, 0 only
// on alb; a dnlb group takes one port per instance or IP. A request is checked whole before any
// of it applies. The contract has already checked names and JSON types; these are the values.
import { invalidArgument, notFound } from './api-error.js'
import { TARGET_TYPES } from './lb-wire.js'
import type { LoadBalancerType, TargetSpec, TargetType, TargetUpdateSpec } from './lb-wire.js'

const DEFAULT_WEIGHT = 10
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/
/** JD Cloud VM IDs; the check catches a pod registered with the default type, vm. */
const VM_ID = /^i-[a-z0-9]+$/

/** A target as the rules leave it: defaults applied. */
export interface TargetIdentity {
  type: TargetType
  instanceId?: string
  ipAddress?: string
  port: number
  weight: number
}

/** A registered target: its ID and what it is. */
export type RegisteredTarget = TargetIdentity & { targetId: string }

export interface GroupRules {
  targetGroupId: string
  loadBalancerType: LoadBalancerType
  /** Its targets now. */
  targets: readonly RegisteredTarget[]
  podExists(podId: string): boolean
}

/** The targets `specs` would add, defaults applied; INVALID_ARGUMENT for the first bad one. */
export function newTargets(specs: readonly TargetSpec[], group: GroupRules): TargetIdentity[] {
  if (specs.length === 0) throw invalidArgument('targetSpecs: at least one target is needed')
  const taken = new Set(group.targets.map(target => identityKey(target, group)))
  return specs.map((spec, i) => {
    const where = `targetSpecs[${i}]`
    const target = checkSpec(spec, where, group)
    const key = identityKey(target, group)
    if (taken.has(key)) throw alreadyThere(where, target, group)
    taken.add(key)
    return target
  })
}

/** The targets after `specs` applied, in their order; NOT_FOUND for an unknown targetId. */
export function updatedTargets(
  specs: readonly TargetUpdateSpec[],
  group: GroupRules
): RegisteredTarget[] {
  if (specs.length === 0) throw invalidArgument('targetUpdateSpecs: at least one is needed')
  const after = new Map(group.targets.map(target => [target.targetId, { ...target }]))
  const seen = new Set<string>()
  specs.forEach((spec, i) => {
    const where = `targetUpdateSpecs[${i}]`
    const target = after.get(spec.targetId)
    if (!target)
      throw notFound(`target ${spec.targetId} not found in target group ${group.targetGroupId}`)
    if (seen.has(spec.targetId))
      throw invalidArgument(`${where}.targetId: ${spec.targetId} is updated twice`)
    seen.add(spec.targetId)
    if (spec.port != null) target.port = checkPort(spec.port, `${where}.port`)
    if (spec.weight != null)
      target.weight = checkWeight(spec.weight, `${where}.weight`, group.loadBalancerType)
  })
  const keys = new Set<string>()
  for (const target of after.values()) {
    const key = identityKey(target, group)
    if (keys.has(key)) throw alreadyThere('targetUpdateSpecs', target, group)
    keys.add(key)
  }
  return [...after.values()]
}

function checkSpec(spec: TargetSpec, where: string, group: GroupRules): TargetIdentity {
  const type = spec.type ?? 'vm'
  if (!TARGET_TYPES.includes(type))
    throw invalidArgument(`${where}.type: must be vm, container or ip, not ${String(type)}`)
  const port = checkPort(spec.port ?? 0, `${where}.port`)
  const weight = checkWeight(
    spec.weight ?? DEFAULT_WEIGHT,
    `${where}.weight`,
    group.loadBalancerType
  )
  if (type === 'ip') {
    if (spec.instanceId != null)
      throw invalidArgument(`${where}.instanceId: only for type vm or container`)
    const ipAddress = spec.ipAddress ?? ''
    if (!IPV4.test(ipAddress))
      throw invalidArgument(`${where}.ipAddress: type ip needs an IPv4 address, not "${ipAddress}"`)
    return { type, ipAddress, port, weight }
  }
  if (spec.ipAddress != null) throw invalidArgument(`${where}.ipAddress: only for type ip`)
  const instanceId = spec.instanceId ?? ''
  if (instanceId === '') throw invalidArgument(`${where}.instanceId: required for type ${type}`)
  if (type === 'container' && !group.podExists(instanceId))
    throw invalidArgument(`${where}.instanceId: pod ${instanceId} does not exist`)
  if (type === 'vm' && !VM_ID.test(instanceId))
    throw invalidArgument(
      `${where}.instanceId: ${instanceId} is not a vm (type defaults to vm; a pod is type container)`
    )
  return { type, instanceId, port, weight }
}

function checkPort(port: number, where: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalidArgument(`${where}: must be 0-65535 (0: the backend's port), not ${port}`)
  return port
}

function checkWeight(weight: number, where: string, type: LoadBalancerType): number {
  if (!Number.isInteger(weight) || weight < 0 || weight > 100)
    throw invalidArgument(`${where}: must be 0-100, not ${weight}`)
  if (weight === 0 && type !== 'alb')
    throw invalidArgument(`${where}: 0 is only allowed on alb, this target group is ${type}`)
  return weight
}

/** What makes two registrations the same target: a dnlb group ignores the port. */
function identityKey(target: TargetIdentity, group: GroupRules): string {
  const port = group.loadBalancerType === 'dnlb' ? '*' : String(target.port)
  return `${target.type} ${target.instanceId ?? target.ipAddress ?? ''} ${port}`
}

function alreadyThere(where: string, target: TargetIdentity, group: GroupRules) {
  const what = target.instanceId ?? target.ipAddress ?? ''
  return invalidArgument(
    group.loadBalancerType === 'dnlb'
      ? `${where}: ${what} is already in dnlb target group ${group.targetGroupId} (one port per instance or IP)`
      : `${where}: ${what} port ${target.port} is already registered in target group ${group.targetGroupId}`
  )
}
