/**
 * The step outputs. `pods` has the same shape for every operation; an output stays well below
 * the runner's 1 MB limit by dropping per-pod request ids, then pods, before it would grow past it.
 */
import type { PodReport, RunReport } from './model.js'
import { durationSeconds } from './model.js'

const MAX_OUTPUT_BYTES = 900 * 1024

export function outputsOf(report: RunReport): Record<string, string> {
  const outputs: Record<string, string> = {
    result: report.result,
    pods: podsOutput(report.pods),
    'request-ids': fitJsonList(report.requestIds),
    'duration-seconds': String(durationSeconds(report))
  }
  if (report.secret) {
    outputs['secret-name'] = report.secret.name
    outputs['previous-secret-name'] = report.secret.previousName ?? ''
    outputs['deleted-secrets'] = JSON.stringify(report.secret.deleted)
  }
  return outputs
}

export function podsOutput(pods: readonly PodReport[]): string {
  const shaped = pods.map(pod => ({
    podId: pod.podId,
    name: pod.name,
    phase: pod.phase,
    privateIp: pod.privateIp ?? null,
    elasticIp: pod.elasticIp ?? null,
    containers: pod.containers.map(container => ({
      name: container.name,
      init: container.init,
      image: container.image,
      previousImage: container.previousImage ?? null,
      ready: container.ready,
      restartCount: container.restartCount
    })),
    secondsToReady: pod.secondsToReady,
    requestIds: pod.requestIds,
    outcome: pod.outcome,
    message: pod.message ?? null
  }))
  let json = JSON.stringify(shaped)
  if (Buffer.byteLength(json) <= MAX_OUTPUT_BYTES) return json
  json = JSON.stringify(shaped.map(pod => ({ ...pod, requestIds: pod.requestIds.slice(-1) })))
  let count = shaped.length
  while (Buffer.byteLength(json) > MAX_OUTPUT_BYTES && count > 0) {
    count = Math.floor(count / 2)
    json = JSON.stringify(
      shaped.slice(0, count).map(pod => ({ ...pod, requestIds: pod.requestIds.slice(-1) }))
    )
  }
  return json
}

function fitJsonList(values: readonly string[]): string {
  let list = [...values]
  let json = JSON.stringify(list)
  while (Buffer.byteLength(json) > MAX_OUTPUT_BYTES) {
    list = list.slice(-Math.floor(list.length / 2))
    json = JSON.stringify(list)
  }
  return json
}
