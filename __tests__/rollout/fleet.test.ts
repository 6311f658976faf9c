// The fleet engine alone, with moves that touch nothing: batches, max-parallel, the first failure
// ending the rollout, cancellation before a batch, and the outcome wording written once.
import { RequestLedger } from '../../src/jdcloud/call-ledger.js'
import type { PodClient } from '../../src/jdcloud/pod-client.js'
import type { Pod } from '../../src/jdcloud/types.js'
import type { Log } from '../../src/log.js'
import { Cancellation } from '../../src/rollout/cancellation.js'
import type { RolloutContext, RolloutOptions } from '../../src/rollout/context.js'
import { rollFleet } from '../../src/rollout/fleet.js'
import type { PodMove } from '../../src/rollout/fleet.js'
import { podReport } from '../../src/rollout/pod-report.js'
import type { PodWatcher } from '../../src/rollout/watcher.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

const lines: string[] = []
const log: Log = {
  info: line => lines.push(line),
  warning: line => lines.push(line),
  debug: () => undefined,
  group: () => undefined
}

function context(): RolloutContext {
  return {
    // The closing re-read of the pods fails here: the reports keep what the moves said.
    pods: { describePodsByIds: () => Promise.reject(new Error('offline')) } as unknown as PodClient,
    watcher: {} as PodWatcher,
    clock: new VirtualClock(),
    log,
    cancellation: new Cancellation(),
    ledger: new RequestLedger()
  }
}

const options: RolloutOptions = {
  timeoutMs: 60_000,
  failFastMs: 0,
  wait: true,
  maxParallel: 3,
  logLines: 0
}

const item = (n: number): { pod: Pod } => ({
  pod: { podId: `pod-f${n}`, podStatus: { phase: 'stopped' }, containers: [] }
})

test('never runs more than maxParallel at once, and finishes a batch before the next', async () => {
  let inFlight = 0
  let peak = 0
  const order: string[] = []
  const move: PodMove<{ pod: Pod }> = async ({ pod }) => {
    inFlight++
    peak = Math.max(peak, inFlight)
    order.push(`start ${pod.podId}`)
    await new Promise(resolve => setImmediate(resolve))
    order.push(`end ${pod.podId}`)
    inFlight--
    return podReport(pod, 'updated')
  }
  const outcome = await rollFleet(context(), [1, 2, 3, 4, 5, 6, 7].map(item), options, move)
  expect(peak).toBe(3)
  expect(outcome.result).toBe('succeeded')
  expect(outcome.pods.map(pod => [pod.podId, pod.outcome])).toEqual(
    [1, 2, 3, 4, 5, 6, 7].map(n => [`pod-f${n}`, 'updated'])
  )
  expect(order.indexOf('start pod-f4')).toBeGreaterThan(order.indexOf('end pod-f3'))
})

test('the first failure stops the rollout after its batch; the rest stay untouched', async () => {
  const ran: string[] = []
  const ctx = context()
  const move: PodMove<{ pod: Pod }> = async ({ pod }) => {
    ran.push(pod.podId)
    if (pod.podId === 'pod-f3') throw new Error('pod-f3 broke')
    return podReport(pod, 'updated')
  }
  const outcome = await rollFleet(
    ctx,
    [1, 2, 3, 4, 5].map(item),
    { ...options, maxParallel: 2 },
    move
  )
  expect(ran).toEqual(['pod-f1', 'pod-f2', 'pod-f3', 'pod-f4'])
  expect(outcome.result).toBe('failed')
  expect(outcome.error).toBe('pod-f3 broke')
  expect(outcome.pods.map(pod => [pod.podId, pod.outcome, pod.message ?? ''])).toEqual([
    ['pod-f1', 'updated', ''],
    ['pod-f2', 'updated', ''],
    ['pod-f3', 'failed', 'pod-f3 broke'],
    ['pod-f4', 'updated', ''],
    ['pod-f5', 'not-started', 'not touched: the rollout stopped at the first failure']
  ])
})

test('a cancellation before a batch leaves it and the rest untouched, and says so', async () => {
  const ctx = context()
  const move: PodMove<{ pod: Pod }> = async ({ pod }) => {
    ctx.cancellation.cancel('test')
    return podReport(pod, 'updated')
  }
  const outcome = await rollFleet(ctx, [1, 2, 3].map(item), { ...options, maxParallel: 1 }, move)
  expect(outcome.result).toBe('cancelled')
  expect(outcome.error).toBe('The run was cancelled; each pod’s row says where it was left.')
  expect(outcome.pods.map(pod => [pod.podId, pod.message ?? ''])).toEqual([
    ['pod-f1', ''],
    ['pod-f2', 'not touched: the run was cancelled first'],
    ['pod-f3', 'not touched: the run was cancelled first']
  ])
})

test('with rollback off, a failure says the failed pods were left as they are', async () => {
  const move: PodMove<{ pod: Pod }> = async () => {
    throw new Error('broke')
  }
  const outcome = await rollFleet(context(), [item(1)], { ...options, rollback: 'off' }, move)
  expect(outcome).toMatchObject({
    result: 'failed',
    error: 'broke',
    notes: ['rollback is off: the failed pods were left as they are.']
  })
})
