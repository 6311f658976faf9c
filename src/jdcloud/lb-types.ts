// Wire shapes of the JD Cloud load balancer API v1 (service lb), field names exactly as they
// travel (jdcloud-sdk-go services/lb/models/*.go). Reads are loose: every field optional.

export type LoadBalancerType = 'alb' | 'nlb' | 'dnlb'

export const LOAD_BALANCER_TYPES: readonly LoadBalancerType[] = ['alb', 'nlb', 'dnlb']

export interface TargetGroup {
  targetGroupId: string
  targetGroupName?: string
  loadBalancerId?: string
  loadBalancerType?: string
}

/** A registered target: a pod (`container`, instanceId = podId), an `ip`, or a `vm`. */
export interface Target {
  targetId: string
  targetGroupId?: string
  type?: string
  instanceId?: string
  port?: number
  weight?: number
  privateIpAddress?: string
  ipAddress?: string
}

/** What registerTargets takes for one target. */
export interface TargetSpec {
  type: string
  instanceId?: string
  ipAddress?: string
  port?: number
  weight?: number
}

/**
 * What updateTargets takes for one target (models/TargetUpdateSpec.go): its ID, and the port or
 * weight to change. Weight 0 takes an alb target out of traffic while it stays registered
 * (models/TargetSpec.go: "0表示不参与流量转发，仅alb支持权重为0的target").
 */
export interface TargetUpdateSpec {
  targetId: string
  port?: number
  weight?: number
}

export interface Backend {
  backendId: string
  backendName?: string
  loadBalancerId?: string
  loadBalancerType?: string
  port?: number
  targetGroupIds?: string[] | null
  /** nlb only: how long a removed target keeps its connections, 0–3600 s. */
  connectionDrainingSeconds?: number
}

/** One target as one backend's health check sees it. There is no targetId: match on instance or IP and port. */
export interface TargetHealth {
  targetGroupId?: string
  instanceId?: string
  type?: string
  port?: number
  weight?: number
  status?: string
  ipAddress?: string
  unhealthReason?: { reason?: string; detail?: string } | null
}
