import type { Pod, RebuildContainerSpec } from '../jdcloud/types.js'
import { containerHealth, phaseOf } from './health.js'
import type { PodOutcome, PodReport } from '../report/model.js'

/** A pod as the outputs and the summary show it, from its latest description. */
export function podReport(
  pod: Pod,
  outcome: PodOutcome,
  extra: Partial<Omit<PodReport, 'podId' | 'name' | 'phase' | 'containers' | 'outcome'>> & {
    previous?: readonly RebuildContainerSpec[]
  } = {}
): PodReport {
  const { previous, ...rest } = extra
  const before = new Map((previous ?? []).map(spec => [spec.name, spec.image]))
  return {
    podId: pod.podId,
    name: pod.name ?? pod.podId,
    phase: phaseOf(pod),
    privateIp: pod.privateIpAddress || undefined,
    elasticIp: pod.elasticIp?.elasticIpAddress || undefined,
    containers: (pod.containers ?? []).map(container => {
      const health = containerHealth(container)
      const previousImage = before.get(container.name)
      return {
        name: container.name,
        init: health.init,
        image: container.image,
        ...(previousImage !== undefined && previousImage !== container.image
          ? { previousImage }
          : {}),
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
