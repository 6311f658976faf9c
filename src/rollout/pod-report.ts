import type { Pod, RebuildContainerSpec } from '../jdcloud/types.js'
import type { PodOutcome, PodReport } from '../report/model.js'
import type { RolloutContext } from './context.js'
import { containerHealth, phaseOf } from './health.js'

/** A pod as the outputs and the summary show it, from its latest description. */
export function podReport(
  pod: Pod,
  outcome: PodOutcome,
  extra: Partial<Omit<PodReport, 'podId' | 'name' | 'phase' | 'containers' | 'outcome'>> & {
    /** The containers before the run. */
    previous?: readonly RebuildContainerSpec[]
    /** The containers the run tried to put on the pod. */
    tried?: readonly RebuildContainerSpec[]
  } = {}
): PodReport {
  const { previous, tried, ...rest } = extra
  const before = new Map((previous ?? []).map(spec => [spec.name, spec.image]))
  const attempted = new Map((tried ?? []).map(spec => [spec.name, spec.image]))
  return {
    podId: pod.podId,
    name: pod.name ?? pod.podId,
    phase: phaseOf(pod),
    privateIp: pod.privateIpAddress || undefined,
    elasticIp: pod.elasticIp?.elasticIpAddress || undefined,
    containers: (pod.containers ?? []).map(container => {
      const health = containerHealth(container)
      const previousImage = before.get(container.name)
      // Not on the image the run tried (it failed first, or was rolled back): say which it was.
      const triedImage = attempted.get(container.name)
      const notOnTried = triedImage !== undefined && triedImage !== container.image
      return {
        name: container.name,
        init: health.init,
        image: container.image,
        ...(previousImage !== undefined && (previousImage !== container.image || notOnTried)
          ? { previousImage }
          : {}),
        ...(notOnTried && triedImage !== previousImage ? { triedImage } : {}),
        ready: health.ready,
        restartCount: health.restartCount
      }
    }),
    secondsToReady: null,
    requestIds: [],
    outcome,
    ...rest
  }
}

/** How long the closing re-read of the pods may take: the outputs must not wait on a stuck API. */
const REFRESH_BOUND_MS = 2000

/**
 * The reports with each pod's facts (phase, containers, readiness) read once more at the end,
 * in one call, so that the outputs never show a pod as it was before a rollback or a
 * cancellation moved it. What cannot be read in time keeps what was last seen.
 */
export async function refreshReports(
  ctx: Pick<RolloutContext, 'pods' | 'clock'>,
  reports: PodReport[]
): Promise<PodReport[]> {
  if (reports.length === 0) return reports
  let pods: Pod[]
  try {
    ;({ pods } = await ctx.pods.describePodsByIds(
      reports.map(report => report.podId),
      {
        signal: AbortSignal.timeout(REFRESH_BOUND_MS),
        deadline: ctx.clock.now() + REFRESH_BOUND_MS
      }
    ))
  } catch {
    return reports
  }
  const byId = new Map(pods.map(pod => [pod.podId, pod]))
  return reports.map(report => {
    const pod = byId.get(report.podId)
    if (!pod) return report
    const fresh = podReport(pod, report.outcome)
    const before = new Map(report.containers.map(c => [c.name, c]))
    return {
      ...report,
      phase: fresh.phase,
      privateIp: fresh.privateIp,
      elasticIp: fresh.elasticIp,
      containers: fresh.containers.map(container => {
        const { previousImage, triedImage } = before.get(container.name) ?? {}
        return {
          ...container,
          ...(previousImage !== undefined ? { previousImage } : {}),
          ...(triedImage !== undefined ? { triedImage } : {})
        }
      })
    }
  })
}
