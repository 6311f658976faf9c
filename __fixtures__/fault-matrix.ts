// The fault matrix of issue 5, shared by __tests__/hardening/fault-matrix-*.test.ts: the pod
// every row deploys, the faults' shorthands, and what the rows read back from the emulator.
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { DEFAULT_IMAGE, podSeed } from '../emulator/index.js'
import type { ApiName, Fault, PodEmulator } from '../emulator/index.js'
import type { EmulatedCloud } from './emulated-cloud.js'
import type { ActionRun } from './action-runner.js'

export const OLD = DEFAULT_IMAGE
export const NEW = 'registry.example.com/shop/web:1.1'
export const CRASHING = 'registry.example.com/shop/web:crashing'
export const POD = 'pod-web01'
export const DEPLOY = [`stopPod ${POD}`, `rebuildPod ${POD}`, `startPod ${POD}`]
/** Per-attempt budget for the rows that need one; the `slow` faults answer after 400 ms. */
export const REQUEST_TIMEOUT_MS = 250
export const SLOW_MS = 400

export const web = () => [podSeed({ podId: POD, name: 'web-1' })]

/** Mutating calls that changed the emulator's state, as `api target` lines, in order. */
export function landed(emulator: PodEmulator): string[] {
  return emulator.calls
    .filter(call => call.applied)
    .map(call => `${call.api} ${call.podId ?? call.secretName ?? ''}`.trim())
}

/** How many times the action sent `api`. */
export const sent = (cloud: EmulatedCloud, api: ApiName): number =>
  cloud.emulator.callsTo(api).length
/** How many calls to `api` a fault answered. */
export const faulted = (cloud: EmulatedCloud, api: ApiName): number =>
  cloud.emulator.callsTo(api).filter(call => call.fault !== undefined).length

/** The pod as the emulator has it now: image, phase, and whether every container is ready. */
export function podState(
  cloud: EmulatedCloud,
  podId = POD
): { image?: string; phase?: string; ready: boolean } {
  const pod = cloud.emulator.pod(podId)
  return {
    image: pod.containers?.[0]?.image,
    phase: pod.podStatus?.phase,
    ready: (pod.containers ?? []).every(container => container.containerStatus?.ready === true)
  }
}

/** Injects the faults now, or once the first call to `armAfter` has been answered. */
export function arm(
  cloud: EmulatedCloud,
  faults: (cloud: EmulatedCloud) => Fault[],
  armAfter?: ApiName
): void {
  const inject = (): void => faults(cloud).forEach(fault => cloud.emulator.inject(fault))
  if (!armAfter) return inject()
  const unsubscribe = cloud.emulator.onCall(armAfter, () => {
    unsubscribe()
    inject()
  })
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

export function expectFailedRun(run: ActionRun, result: 'failed' | 'rolled-back'): void {
  expect(run.report.result).toBe(result)
  expect(run.outputs.result).toBe(result)
  expect(run.exitCode).toBe(1)
  expect(run.log).toMatch(/^::error::/m)
  expect(run.log).not.toMatch(/^\s+at /m)
}

/** The run ended as a row says: succeeded with no error, or failed with an error that matches. */
export function expectRunResult(
  run: ActionRun,
  result: 'succeeded' | 'failed' | 'rolled-back',
  error?: RegExp
): void {
  if (result === 'succeeded') {
    expect(run.report.error).toBeUndefined()
    expect(run.report.result).toBe('succeeded')
    expect(run.exitCode).toBeUndefined()
    return
  }
  expectFailedRun(run, result)
  expect(run.report.error).toMatch(error as RegExp)
}

export const status = (
  api: ApiName,
  code: number,
  times = 1,
  extra: Partial<Fault> = {}
): Fault => ({
  api,
  kind: 'status',
  status: code,
  times,
  ...extra
})
export const kind = (
  api: ApiName,
  faultKind: Fault['kind'],
  extra: Partial<Fault> = {}
): Fault => ({
  api,
  kind: faultKind,
  ...extra
})
