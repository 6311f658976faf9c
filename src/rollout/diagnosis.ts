/**
 * Why a pod failed, container by container: the waiting or terminated reason and message, the
 * restart count, and the tail of its log — gathered before anything is rolled back, because a
 * rollback replaces the very containers whose logs explain the failure.
 */
import type { PodClient } from '../jdcloud/pod-client.js'
import type { CallOptions } from '../jdcloud/call.js'
import type { RolloutContext } from './context.js'
import { RolloutError } from './errors.js'
import { stateSummary } from '../report/model.js'
import { capText, oneLine } from '../text.js'
import { JdcloudError } from '../jdcloud/errors.js'
import type { Pod } from '../jdcloud/types.js'
import type { ContainerDiagnosis } from '../report/model.js'
import { containerHealth } from './health.js'

/** getContainerLogs returns at most 4 KB. */
const LOG_LIMIT_BYTES = 4096
/** A server may send more than it was asked for: the log tail shown is cut here, whatever came. */
const MAX_LOG_CHARS = 4 * LOG_LIMIT_BYTES
/** A container's reason or message longer than this is cut before anything reads it. */
const MAX_STATE_CHARS = 2000
/** Explaining a failure must not take longer than the rollout it explains could wait. */
const DIAGNOSIS_BOUND_MS = 30_000

export async function diagnose(
  client: PodClient,
  pod: Pod,
  logLines: number,
  options: CallOptions = {}
): Promise<ContainerDiagnosis[]> {
  // A completed init container is not ready by nature: nothing to explain there.
  const failing = (pod.containers ?? [])
    .map(containerHealth)
    .filter(container => !container.ready && !container.completed)
  return Promise.all(
    failing.map(async container => {
      const diagnosis: ContainerDiagnosis = {
        container: container.name,
        image: container.image,
        state: container.state,
        reason: container.reason && capText(container.reason, MAX_STATE_CHARS),
        message: container.message && capText(container.message, MAX_STATE_CHARS),
        exitCode: container.exitCode,
        restartCount: container.restartCount,
        lastTermination: container.lastTermination
      }
      if (logLines === 0) return { ...diagnosis, logsUnavailable: 'log-lines is 0' }
      try {
        const { content } = await client.getContainerLogs(
          pod.podId,
          container.name,
          { tailLines: logLines, limitBytes: LOG_LIMIT_BYTES },
          options
        )
        return content.trim() === ''
          ? { ...diagnosis, logsUnavailable: 'the container has written no log lines' }
          : { ...diagnosis, logs: capText(content, MAX_LOG_CHARS) }
      } catch (error) {
        const why = error instanceof JdcloudError ? error.detailMessage : String(error)
        return { ...diagnosis, logsUnavailable: `no logs: ${why}` }
      }
    })
  )
}

/** The diagnosis as log lines. Log content is prefixed so that no line of it can act as a workflow command. */
export function diagnosisLines(podId: string, diagnoses: readonly ContainerDiagnosis[]): string[] {
  const lines: string[] = []
  for (const d of diagnoses) {
    lines.push(
      `${podId} / ${d.container} (${d.image}): ${stateSummary(d)}; ${d.restartCount} restarts`
    )
    if (d.message) lines.push(`  message: ${oneLine(d.message)}`)
    if (d.lastTermination) lines.push(`  last termination: ${d.lastTermination}`)
    if (d.logs) {
      lines.push('  last log lines:')
      for (const line of d.logs.replace(/\n$/, '').split('\n')) lines.push(`  | ${line}`)
    } else if (d.logsUnavailable) lines.push(`  ${d.logsUnavailable}`)
  }
  return lines
}

/**
 * After a pod failed: log the failure, read the pod as it is now and diagnose its containers.
 * Never throws — a failure report must not fail in turn.
 */
export async function inspectFailure(
  ctx: Pick<RolloutContext, 'pods' | 'log' | 'cancellation' | 'clock'>,
  podId: string,
  error: unknown,
  logLines: number,
  fallback: Pod
): Promise<{ pod: Pod; message: string; diagnosis: ContainerDiagnosis[] }> {
  const message = error instanceof Error ? error.message : String(error)
  // A log line, not an annotation: the run's one ::error (its verdict) carries the failure.
  ctx.log.info(`[${podId}] failed: ${message}`)
  // What the watcher last saw is at most a sweep old: reading every failed pod again would
  // break the describe budget exactly when a whole batch fails at once.
  const options = {
    signal: ctx.cancellation.signal,
    deadline: ctx.clock.now() + DIAGNOSIS_BOUND_MS
  }
  let pod = error instanceof RolloutError ? error.lastSeen : undefined
  if (!pod)
    try {
      pod = (await ctx.pods.describePod(podId, options)).pod
    } catch {
      pod = fallback
    }
  const diagnosis = await diagnose(ctx.pods, pod, logLines, options).catch(() => [])
  if (diagnosis.length > 0) ctx.log.group(`Diagnosis of ${podId}`, diagnosisLines(podId, diagnosis))
  return { pod, message, diagnosis }
}
