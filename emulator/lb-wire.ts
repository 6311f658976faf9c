// The load balancer's wire shapes as the emulator answers them, written from JD Cloud's official
// SDK models (jdcloud-api/jdcloud-sdk-go services/lb/models/*.go) — never imported from the
// action's src/. contract/lb-models.ts checks every answer built from them.

export type LoadBalancerType = 'alb' | 'nlb' | 'dnlb'
export type TargetType = 'vm' | 'container' | 'ip'

export const LOAD_BALANCER_TYPES: readonly LoadBalancerType[] = ['alb', 'nlb', 'dnlb']
export const TARGET_TYPES: readonly TargetType[] = ['vm', 'container', 'ip']

/** models/TargetGroup.go (without the retired `targets`). */
export interface TargetGroup {
  targetGroupId: string
  targetGroupName: string
  loadBalancerId: string
  loadBalancerType: LoadBalancerType
  loadBalancerName: string
  description: string
  createdTime: string
  type: string
}

/** models/Target.go */
export interface Target {
  targetId: string
  targetGroupId: string
  type: TargetType
  instanceId?: string
  port: number
  weight: number
  privateIpAddress?: string
  ipAddress?: string
}

/** models/HealthCheck.go */
export interface HealthCheck {
  protocol?: string
  healthyThresholdCount?: number
  unhealthyThresholdCount?: number
  checkTimeoutSeconds?: number
  intervalSeconds?: number
  port?: number
  httpVersion?: string
  httpDomain?: string
  httpPath?: string
  httpCode?: string[]
}

/** models/Backend.go, the fields the emulator fills. */
export interface Backend {
  backendId: string
  backendName: string
  loadBalancerId: string
  loadBalancerType: LoadBalancerType
  protocol: string
  port: number
  algorithm: string
  targetGroupIds: string[]
  agIds: string[]
  description: string
  connectionDrainingSeconds?: number
  healthCheck: HealthCheck
  createdTime: string
}

/** models/UnhealthReason.go */
export interface UnhealthReason {
  reason: string
  detail: string
}

/** models/TargetHealth.go */
export interface TargetHealth {
  targetGroupId: string
  instanceId?: string
  type: TargetType
  port: number
  weight: number
  status: 'healthy' | 'unhealthy'
  ipAddress?: string
  unhealthReason?: UnhealthReason
}

/** models/TargetSpec.go: what registerTargets takes (type defaults to vm). */
export interface TargetSpec {
  type?: TargetType
  instanceId?: string
  ipAddress?: string
  port?: number
  weight?: number
}

/** models/TargetUpdateSpec.go */
export interface TargetUpdateSpec {
  targetId: string
  port?: number
  weight?: number
}
