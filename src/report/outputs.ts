/**
 * The step outputs. `pods` has the same shape for every operation. The runner takes at most 1 MB
 * an output: each pod is written on its own (no single string of the whole fleet is ever built,
 * so no size of fleet can make the writing itself fail), per-pod request ids shrink to the last
 * one, and pods are left out — with a note saying so — before the limit is reached.
 */
import type { PodReport, RunReport } from './model.js'
import { durationSeconds } from './model.js'

const MAX_OUTPUT_BYTES = 900 * 1024
/** A message longer than this is cut: it is one line of a table, not a log. */
const MAX_MESSAGE_CHARS = 2000

export function outputsOf(report: RunReport): { outputs: Record<string, string>; cut?: string } {
  const pods = podsOutput(report.pods)
  const outputs: Record<string, string> = {
    result: report.result,
    pods: pods.json,
    'request-ids': fitJsonList(report.requestIds),
    'duration-seconds': String(durationSeconds(report))
  }
  if (report.secret) {
    outputs['secret-name'] = report.secret.name
    outputs['previous-secret-name'] = report.secret.previousName ?? ''
    outputs['deleted-secrets'] = fitJsonList(report.secret.deleted)
  }
  const cut =
    pods.written < report.pods.length
      ? `The pods output lists ${pods.written} of ${report.pods.length} pods: the rest would pass GitHub's 1 MB limit for an output (the summary has every row).`
      : undefined
  return cut ? { outputs, cut } : { outputs }
}

export function podsOutput(pods: readonly PodReport[]): { json: string; written: number } {
  let entries = pods.map(pod => JSON.stringify(shape(pod, false)))
  if (sizeOf(entries) > MAX_OUTPUT_BYTES)
    entries = pods.map(pod => JSON.stringify(shape(pod, true)))
  const kept: string[] = []
  let size = 2
  for (const entry of entries) {
    const bytes = Buffer.byteLength(entry) + 1
    if (size + bytes > MAX_OUTPUT_BYTES) break
    kept.push(entry)
    size += bytes
  }
  return { json: `[${kept.join(',')}]`, written: kept.length }
}

function shape(pod: PodReport, lastRequestIdOnly: boolean) {
  return {
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
      triedImage: container.triedImage ?? null,
      ready: container.ready,
      restartCount: container.restartCount
    })),
    secondsToReady: pod.secondsToReady,
    targets: pod.balancer?.targets ?? [],
    verify: pod.verify ?? null,
    requestIds: lastRequestIdOnly ? pod.requestIds.slice(-1) : pod.requestIds,
    outcome: pod.outcome,
    message:
      pod.message === undefined
        ? null
        : pod.message.length > MAX_MESSAGE_CHARS
          ? `${pod.message.slice(0, MAX_MESSAGE_CHARS)}…`
          : pod.message
  }
}

function sizeOf(entries: readonly string[]): number {
  let size = 2
  for (const entry of entries) size += Buffer.byteLength(entry) + 1
  return size
}

/** A JSON list of ids, the newest kept when they would not all fit. */
function fitJsonList(values: readonly string[]): string {
  const kept: string[] = []
  let size = 2
  for (let i = values.length - 1; i >= 0; i--) {
    const bytes = Buffer.byteLength(JSON.stringify(values[i])) + 1
    if (size + bytes > MAX_OUTPUT_BYTES) break
    kept.unshift(values[i] as string)
    size += bytes
  }
  return JSON.stringify(kept)
}
