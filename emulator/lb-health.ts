// How a backend's health checks see a target, computed from history rather than sampled, so that
// a virtual clock leaping ahead still gives exact answers:
// - a target turns healthy once both its registration and its pod's being in service (running,
//   every app container ready) have lasted `healthyMs`;
// - a pod that goes out of service is still reported healthy for `unhealthyMs` (the checks have
//   to fail a few times first), and a break shorter than that goes unnoticed;
// - a deregistered target is gone at once.
// A target *serves* while it is reported healthy and its pod really is in service: a stopped pod
// still reported healthy takes traffic it cannot answer.
import type { UnhealthReason } from './lb-wire.js'
import type { Span } from './spans.js'
import { bridgeGaps, intersect, union } from './spans.js'
import type { PodHealthNow } from './pod-region.js'

export interface TargetHistory {
  registeredAt: number
  deregisteredAt?: number
  /** Seeded targets had passed their checks before the emulator began. */
  seeded: boolean
  /** When its pod was in service (for a vm: always). */
  inService: readonly Span[]
}

export interface HealthTimings {
  healthyMs: number
  unhealthyMs: number
}

/** When the backend reports the target healthy. */
export function reportedHealthy(target: TargetHistory, timings: HealthTimings): Span[] {
  const { healthyMs, unhealthyMs } = timings
  const registered: Span = [target.registeredAt, target.deregisteredAt ?? Infinity]
  const healthy: Span[] = []
  for (const [from, to] of bridgeGaps(target.inService, unhealthyMs)) {
    // A seeded target's registration is older than anything the emulator knows.
    const healthyFrom = target.seeded
      ? from + healthyMs
      : Math.max(target.registeredAt, from) + healthyMs
    if (healthyFrom < to) healthy.push([healthyFrom, to + unhealthyMs])
  }
  return intersect(union(healthy), [registered])
}

/** When the target took traffic and could answer it. */
export function serving(target: TargetHistory, timings: HealthTimings): Span[] {
  return intersect(reportedHealthy(target, timings), target.inService)
}

/**
 * Why a target reported unhealthy is so, from what its checks find now; undefined when they
 * pass but have not passed for long enough yet.
 */
export function unhealthReason(
  found: PodHealthNow,
  address: string | undefined
): UnhealthReason | undefined {
  switch (found) {
    case 'absent':
      return { reason: 'CONNECT_TIMEOUT', detail: `no answer from ${address ?? 'the target'}` }
    case 'not-running':
      return { reason: 'CONNECT_FAILED', detail: 'connection refused' }
    case 'not-ready':
      return { reason: 'HTTP_CODE_MISMATCH', detail: 'readiness: 503' }
    case 'ready':
      return undefined
  }
}
