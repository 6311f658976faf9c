/**
 * operation: status — no mutating call at all. One describePods sweep resolves and reads the
 * pods; each is healthy when it runs with every container ready. Unhealthy pods are diagnosed
 * (container states and log tails) and, with fail-on-unhealthy, fail the step.
 */
import { podReport } from '../rollout/pod-report.js'
import { diagnose, diagnosisLines } from '../rollout/diagnosis.js'
import { assessPod, progressLine } from '../rollout/health.js'
import { targetPods } from './context.js'
import type { OperationContext, OperationOutcome } from './context.js'
import type { StatusSettings } from './settings.js'

export async function status(
  ctx: OperationContext,
  settings: StatusSettings
): Promise<OperationOutcome> {
  const { pods: client, log, cancellation } = ctx
  const pods = await targetPods(ctx, settings.targets, 'Status of')
  // Each pod's report names the describePods request that read it (the call event names the pods
  // of its answer), then the calls about that pod alone (its logs, when it is diagnosed).
  const requestIdsOf = (podId: string): string[] => ctx.ledger.aboutOrListing(podId)
  const reports = await Promise.all(
    pods.map(async pod => {
      const health = assessPod(pod)
      log.info(`[${pod.podId}] ${pod.name ?? ''}: ${progressLine(health)}`)
      if (health.ready) return podReport(pod, 'healthy', { requestIds: requestIdsOf(pod.podId) })
      const diagnosis = await diagnose(client, pod, settings.logLines, {
        signal: cancellation.signal
      })
      if (diagnosis.length > 0)
        log.group(`Diagnosis of ${pod.podId}`, diagnosisLines(pod.podId, diagnosis))
      return podReport(pod, 'unhealthy', {
        message: health.failing ?? progressLine(health),
        diagnosis,
        requestIds: requestIdsOf(pod.podId)
      })
    })
  )
  const unhealthy = reports.filter(report => report.outcome === 'unhealthy')
  const summary = `${reports.length - unhealthy.length} of ${reports.length} pods running with every container ready`
  log.info(summary)
  if (unhealthy.length === 0) return { result: 'succeeded', pods: reports, notes: [summary] }
  const error = `${unhealthy.length} pod${unhealthy.length === 1 ? ' is' : 's are'} not healthy: ${unhealthy
    .map(report => `${report.podId} (${report.message})`)
    .join('; ')}`
  if (!settings.failOnUnhealthy)
    return {
      result: 'succeeded',
      pods: reports,
      notes: [summary, `${error} (fail-on-unhealthy is off)`]
    }
  return { result: 'failed', pods: reports, notes: [summary], error }
}
