// The fault matrix of issue 5: one row per fault. Each row runs the whole action in-process
// against the emulator (one VirtualClock for both, so minutes of pod transitions and back-offs
// pass in milliseconds) with the fault injected, then checks the final state — the pods' images
// and phases in the emulator, which mutating calls landed and how many times each was sent — and
// a result whose message names what happened. Only the `slow` rows take real time (~0.4 s each).
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { DEFAULT_IMAGE, podSeed } from '../../emulator/index.js'
import type { ApiName, Fault, PodEmulator, Seed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { ActionRun } from '../../__fixtures__/action-runner.js'

const OLD = DEFAULT_IMAGE
const NEW = 'registry.example.com/shop/web:1.1'
const CRASHING = 'registry.example.com/shop/web:crashing'
const POD = 'pod-web01'
const DEPLOY = [`stopPod ${POD}`, `rebuildPod ${POD}`, `startPod ${POD}`]
/** Per-attempt budget for the rows that need one; the `slow` faults answer after 400 ms. */
const REQUEST_TIMEOUT_MS = 250
const SLOW_MS = 400

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

const web = () => [podSeed({ podId: POD, name: 'web-1' })]

/** Mutating calls that changed the emulator's state, as `api target` lines, in order. */
function landed(emulator: PodEmulator): string[] {
  return emulator.calls
    .filter(call => call.applied)
    .map(call => `${call.api} ${call.podId ?? call.secretName ?? ''}`.trim())
}

const sent = (api: ApiName): number => cloud.emulator.callsTo(api).length
const faulted = (api: ApiName): number =>
  cloud.emulator.callsTo(api).filter(call => call.fault !== undefined).length

/** The pod as the emulator has it now: image, phase, and whether every container is ready. */
function podState(podId = POD): { image?: string; phase?: string; ready: boolean } {
  const pod = cloud.emulator.pod(podId)
  return {
    image: pod.containers?.[0]?.image,
    phase: pod.podStatus?.phase,
    ready: (pod.containers ?? []).every(container => container.containerStatus?.ready === true)
  }
}

/** Injects the faults now, or once the first call to `armAfter` has been answered. */
function arm(faults: (cloud: EmulatedCloud) => Fault[], armAfter?: ApiName): void {
  const inject = (): void => faults(cloud).forEach(fault => cloud.emulator.inject(fault))
  if (!armAfter) return inject()
  const unsubscribe = cloud.emulator.onCall(armAfter, () => {
    unsubscribe()
    inject()
  })
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

function expectFailedRun(run: ActionRun, result: 'failed' | 'rolled-back'): void {
  expect(run.report.result).toBe(result)
  expect(run.outputs.result).toBe(result)
  expect(run.exitCode).toBe(1)
  expect(run.log).toMatch(/^::error::/m)
  expect(run.log).not.toMatch(/^\s+at /m)
}

// ---------------------------------------------------------------------------------------------
// Faults the action rides out: the deploy of pod-web01 onto NEW succeeds, every mutating call
// lands exactly once, and the faulted call was sent exactly as often as the row says.

interface RiddenOut {
  faults: (cloud: EmulatedCloud) => Fault[]
  /** Inject once the first call to this API has been answered (default: before the run). */
  armAfter?: ApiName
  inputs?: Record<string, string>
  /** The API the row is about. */
  api: ApiName
  /** How many calls to `api` the fault answered. */
  answered: number
  /** How many times the action sent `api` in all (mutating calls: failed attempts included). */
  sentTimes?: number
  /** The pod's phase at the end; running (and ready) unless the row says otherwise. */
  phase?: string
  /** Retry-After honoured: the least clock time from the faulted answer to the next call. */
  minGapMs?: number
  realTime?: boolean
}

const status = (api: ApiName, code: number, times = 1, extra: Partial<Fault> = {}): Fault => ({
  api,
  kind: 'status',
  status: code,
  times,
  ...extra
})
const kind = (api: ApiName, faultKind: Fault['kind'], extra: Partial<Fault> = {}): Fault => ({
  api,
  kind: faultKind,
  ...extra
})

const riddenOut: Array<[string, RiddenOut]> = [
  // 5xx bursts and 503s, on every API a deploy calls
  [
    'describePods resolving IDs: a burst of three 503s',
    { faults: () => [status('describePods', 503, 3)], api: 'describePods', answered: 3 }
  ],
  [
    'describePods resolving IDs: 500, 500, then a 502 HTML page from the gateway',
    {
      faults: () => [
        status('describePods', 500, 2),
        status('describePods', 502, 1, { gatewayBody: true })
      ],
      api: 'describePods',
      answered: 3
    }
  ],
  [
    'describePods resolving a name: two 504s from the gateway',
    {
      faults: () => [status('describePods', 504, 2, { gatewayBody: true })],
      inputs: { pods: 'web-1' },
      api: 'describePods',
      answered: 2
    }
  ],
  [
    'describePods sweeps while the pod stops: four 503s in a row (within the retry budget)',
    {
      faults: () => [status('describePods', 503, 4)],
      armAfter: 'stopPod',
      api: 'describePods',
      answered: 4
    }
  ],
  [
    'describePod reading the started pod (wait: false): three 503s',
    {
      faults: () => [status('describePod', 503, 3)],
      inputs: { wait: 'false' },
      phase: 'starting',
      api: 'describePod',
      answered: 3,
      sentTimes: 4
    }
  ],
  [
    'stopPod: two 503s before the server acted',
    {
      faults: () => [status('stopPod', 503, 2)],
      api: 'stopPod',
      answered: 2,
      sentTimes: 3
    }
  ],
  [
    'rebuildPod: two 500s before the server acted',
    {
      faults: () => [status('rebuildPod', 500, 2)],
      api: 'rebuildPod',
      answered: 2,
      sentTimes: 3
    }
  ],
  [
    'startPod: a 502 HTML page from the gateway',
    {
      faults: () => [status('startPod', 502, 1, { gatewayBody: true })],
      api: 'startPod',
      answered: 1,
      sentTimes: 2
    }
  ],
  [
    'startPod: four 503s, the last attempt of the budget succeeds',
    {
      faults: () => [status('startPod', 503, 4)],
      api: 'startPod',
      answered: 4,
      sentTimes: 5
    }
  ],
  // throttling
  [
    'describePods: 429 RATE_LIMIT three times, no Retry-After (backoff with jitter)',
    {
      faults: () => [status('describePods', 429, 3)],
      api: 'describePods',
      answered: 3,
      minGapMs: 1
    }
  ],
  [
    'stopPod: 429 RATE_LIMIT twice, no Retry-After',
    {
      faults: () => [status('stopPod', 429, 2)],
      api: 'stopPod',
      answered: 2,
      sentTimes: 3,
      minGapMs: 1
    }
  ],
  [
    'rebuildPod: 429 with Retry-After: 7 (seconds)',
    {
      faults: () => [status('rebuildPod', 429, 1, { retryAfter: '7' })],
      api: 'rebuildPod',
      answered: 1,
      sentTimes: 2,
      minGapMs: 7000
    }
  ],
  [
    'startPod: the gateway’s 429 HTTP_RATE_LIMIT_EXCEEDED (role:ak) with Retry-After: 3',
    {
      faults: () => [
        status('startPod', 429, 1, {
          errorStatus: 'HTTP_RATE_LIMIT_EXCEEDED',
          message: 'minute rate limit exceeded, role:ak',
          retryAfter: '3'
        })
      ],
      api: 'startPod',
      answered: 1,
      sentTimes: 2,
      minGapMs: 3000
    }
  ],
  [
    'describePods sweep: 429 with Retry-After as an HTTP date 5 s ahead',
    {
      faults: cloud => [
        status('describePods', 429, 1, {
          retryAfter: new Date(cloud.clock.now() + 5000).toUTCString()
        })
      ],
      armAfter: 'startPod',
      api: 'describePods',
      answered: 1,
      minGapMs: 4000
    }
  ],
  // connection resets: before the server applied the call (send again) and after (never again)
  [
    'stopPod: connection reset before the server applied it',
    { faults: () => [kind('stopPod', 'reset')], api: 'stopPod', answered: 1, sentTimes: 2 }
  ],
  [
    'stopPod: connection reset after the server applied it',
    {
      faults: () => [kind('stopPod', 'reset', { when: 'after' })],
      api: 'stopPod',
      answered: 1,
      sentTimes: 1
    }
  ],
  [
    'rebuildPod: connection reset before the server applied it',
    {
      faults: () => [kind('rebuildPod', 'reset')],
      api: 'rebuildPod',
      answered: 1,
      sentTimes: 2
    }
  ],
  [
    'rebuildPod: connection reset after the server applied it',
    {
      faults: () => [kind('rebuildPod', 'reset', { when: 'after' })],
      api: 'rebuildPod',
      answered: 1,
      sentTimes: 1
    }
  ],
  [
    'startPod: connection reset before the server applied it',
    {
      faults: () => [kind('startPod', 'reset')],
      api: 'startPod',
      answered: 1,
      sentTimes: 2
    }
  ],
  [
    'startPod: connection reset after the server applied it',
    {
      faults: () => [kind('startPod', 'reset', { when: 'after' })],
      api: 'startPod',
      answered: 1,
      sentTimes: 1
    }
  ],
  [
    'describePods sweep: connection reset',
    {
      faults: () => [kind('describePods', 'reset', { times: 2 })],
      armAfter: 'rebuildPod',
      api: 'describePods',
      answered: 2
    }
  ],
  // malformed and truncated JSON
  [
    'describePods resolving IDs: malformed JSON',
    {
      faults: () => [kind('describePods', 'malformed')],
      api: 'describePods',
      answered: 1
    }
  ],
  [
    'describePods sweep: truncated JSON (a complete response holding half the document)',
    {
      faults: () => [kind('describePods', 'truncated', { times: 2 })],
      armAfter: 'startPod',
      api: 'describePods',
      answered: 2
    }
  ],
  [
    'rebuildPod: truncated JSON before the server applied it',
    {
      faults: () => [kind('rebuildPod', 'truncated')],
      api: 'rebuildPod',
      answered: 1,
      sentTimes: 2
    }
  ],
  [
    'startPod: malformed JSON after the server applied it',
    {
      faults: () => [kind('startPod', 'malformed', { when: 'after' })],
      api: 'startPod',
      answered: 1,
      sentTimes: 1
    }
  ],
  [
    'stopPod: truncated JSON after the server applied it',
    {
      faults: () => [kind('stopPod', 'truncated', { when: 'after' })],
      api: 'stopPod',
      answered: 1,
      sentTimes: 1
    }
  ],
  // slower than the per-request timeout (real time)
  [
    `describePods sweep: an answer ${SLOW_MS} ms late, past a ${REQUEST_TIMEOUT_MS} ms request timeout`,
    {
      faults: () => [kind('describePods', 'slow', { delayMs: SLOW_MS })],
      armAfter: 'stopPod',
      api: 'describePods',
      answered: 1,
      realTime: true
    }
  ],
  [
    `stopPod: applied, but its answer comes ${SLOW_MS} ms late, past the request timeout`,
    {
      faults: () => [kind('stopPod', 'slow', { delayMs: SLOW_MS, when: 'after' })],
      api: 'stopPod',
      answered: 1,
      sentTimes: 1,
      realTime: true
    }
  ]
]

describe('faults the deploy rides out', () => {
  test.each(riddenOut)('%s', async (_, row) => {
    cloud = await startEmulatedCloud({ pods: web() })
    arm(row.faults, row.armAfter)
    const run = await cloud.run(
      { pods: POD, image: NEW, ...row.inputs },
      row.realTime ? { requestTimeoutMs: REQUEST_TIMEOUT_MS } : {}
    )
    expect(run.report.error).toBeUndefined()
    expect(run.report.result).toBe('succeeded')
    expect(run.outputs.result).toBe('succeeded')
    expect(run.exitCode).toBeUndefined()
    // Each mutating call landed exactly once, in order, and the pod runs the new image, ready.
    expect(landed(cloud.emulator)).toEqual(DEPLOY)
    const phase = row.phase ?? 'running'
    expect(podState()).toEqual({ image: NEW, phase, ready: phase === 'running' })
    expect(faulted(row.api)).toBe(row.answered)
    if (row.sentTimes !== undefined) expect(sent(row.api)).toBe(row.sentTimes)
    if (row.minGapMs !== undefined) {
      // From the first faulted answer to the call that followed it.
      const calls = cloud.emulator.callsTo(row.api)
      const first = calls.findIndex(call => call.fault !== undefined)
      const gap = (calls[first + 1]?.at as number) - (calls[first]?.at as number)
      expect(gap).toBeGreaterThanOrEqual(row.minGapMs)
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Faults that end the deploy — or that other people cause — each with the state it must leave.

interface Outcome {
  seed?: Partial<Seed>
  /** Faults and hooks, set up once the cloud exists. */
  setup?: (cloud: EmulatedCloud) => unknown
  inputs?: Record<string, string> | ((cloud: EmulatedCloud) => Promise<Record<string, string>>)
  result: 'succeeded' | 'failed' | 'rolled-back'
  error?: RegExp
  /** Mutating calls that changed state, in order (`api podId`). */
  landed: string[]
  /** pod-web01 at the end; `gone` when it was deleted. */
  final: { image: string; phase: string } | 'gone'
  /** How many times the action sent each of these APIs. */
  sent?: Array<[ApiName, number]>
  /** Every request the emulator saw, rejected ones included. */
  totalCalls?: number
  check?: (run: ActionRun, cloud: EmulatedCloud) => void
}

/** Every container of the pod as a rebuild spec, before the run: what a rollback must restore. */
let before: ReturnType<EmulatedCloud['specs']>

const stopWhenRunningNew = (cloud: EmulatedCloud): void => {
  cloud.emulator.onCall('describePods', () => {
    const pod = cloud.emulator.pod(POD)
    if (pod.containers?.[0]?.image === NEW && pod.podStatus?.phase === 'running')
      cloud.emulator.actor.stopPod(POD)
  })
}

const outcomes: Array<[string, Outcome]> = [
  // credentials and permissions: final at once, one request, no retry
  [
    'credentials refused (401: wrong secret key) fail at once with exactly one request',
    {
      inputs: { 'secret-key': 'not-the-secret-key' },
      result: 'failed',
      error:
        /^describePods: HTTP 401 ACCESS_ERROR: sign result is not same \(requestId \w+\)\. JD Cloud refused the credentials: check access-key and secret-key/,
      landed: [],
      final: { image: OLD, phase: 'running' },
      totalCalls: 1
    }
  ],
  [
    'an unknown access key (401) fails at once with exactly one request',
    {
      inputs: { 'access-key': 'AKID-nobody' },
      result: 'failed',
      error: /^describePods: HTTP 401 \w+: .*JD Cloud refused the credentials/,
      landed: [],
      final: { image: OLD, phase: 'running' },
      totalCalls: 1
    }
  ],
  [
    'forbidden (403) on describePods fails at once with exactly one request',
    {
      setup: cloud => cloud.emulator.inject(status('describePods', 403, Infinity)),
      result: 'failed',
      error:
        /^describePods: HTTP 403 HTTP_FORBIDDEN: access denied \(requestId \w+\)\. The access key may not call describePods/,
      landed: [],
      final: { image: OLD, phase: 'running' },
      totalCalls: 1
    }
  ],
  [
    'credentials revoked mid-deploy: 401 on stopPod is sent once, and the pod keeps running',
    {
      setup: cloud => cloud.emulator.inject(status('stopPod', 401, Infinity)),
      // The refusal says the stop did not land: nothing changed, so there is nothing to roll back.
      result: 'failed',
      error:
        /^stopPod: HTTP 401 ACCESS_ERROR: sign result is not same.*No pod was changed, so nothing was rolled back\.$/,
      landed: [],
      final: { image: OLD, phase: 'running' },
      sent: [['stopPod', 1]]
    }
  ],
  [
    'forbidden (403) on rebuildPod: sent once; the stopped pod is started again on its old containers',
    {
      setup: cloud => cloud.emulator.inject(status('rebuildPod', 403, Infinity)),
      result: 'rolled-back',
      error: /^rebuildPod: HTTP 403 HTTP_FORBIDDEN: access denied/,
      landed: [`stopPod ${POD}`, `startPod ${POD}`],
      final: { image: OLD, phase: 'running' },
      sent: [['rebuildPod', 1]]
    }
  ],
  // beyond the retry budget
  [
    'a Retry-After of an hour on startPod is not waited out: the pod is rolled back',
    {
      setup: cloud => cloud.emulator.inject(status('startPod', 429, 1, { retryAfter: '3600' })),
      result: 'rolled-back',
      error: /^startPod: HTTP 429 RATE_LIMIT: minute rate limit exceeded, role:api/,
      landed: [...DEPLOY.slice(0, 2), `rebuildPod ${POD}`, `startPod ${POD}`],
      final: { image: OLD, phase: 'running' },
      sent: [['startPod', 2]],
      check: run => expect(run.report.finishedAt - run.report.startedAt).toBeLessThan(3_600_000)
    }
  ],
  [
    'a persistent 503 on startPod beyond the retry budget: the rollout fails and the pod is rolled back',
    {
      setup: cloud => cloud.emulator.inject(status('startPod', 503, 5)),
      result: 'rolled-back',
      error:
        /^startPod: HTTP 503 UNAVAILABLE: service unavailable \(requestId \w+\)\. The previous containers were put back\.$/,
      landed: [...DEPLOY.slice(0, 2), `rebuildPod ${POD}`, `startPod ${POD}`],
      final: { image: OLD, phase: 'running' },
      // five attempts (the budget), then one more to start the restored containers
      sent: [['startPod', 6]]
    }
  ],
  [
    'describePods sweeps failing past the retry budget while waiting for readiness: rolled back',
    {
      setup: () => arm(() => [status('describePods', 503, 5)], 'startPod'),
      result: 'rolled-back',
      error: /^describePods: HTTP 503 UNAVAILABLE: service unavailable/,
      landed: [...DEPLOY, ...DEPLOY],
      final: { image: OLD, phase: 'running' }
    }
  ],
  [
    'the endpoint is down (connection refused): a clear message and no change',
    {
      inputs: async () => ({ endpoint: `http://127.0.0.1:${await closedPort()}` }),
      result: 'failed',
      error:
        /^describePods: NETWORK_ERROR: the connection failed \(ECONNREFUSED\)\. The pod API did not answer: check the endpoint input and the runner network\.$/,
      landed: [],
      final: { image: OLD, phase: 'running' },
      totalCalls: 0
    }
  ],
  // phase error
  [
    'phase error after the start (a pod-error image): a pod in error cannot be rolled back, and says so',
    {
      seed: { images: { [NEW]: 'pod-error' } },
      result: 'failed',
      error:
        /^pod-web01 is failing: pod phase is error.*THE ROLLBACK FAILED for pod-web01: the exact previous containers/,
      landed: DEPLOY,
      final: { image: NEW, phase: 'error' },
      check: run => {
        expect(run.report.pods[0]?.outcome).toBe('rollback-failed')
        expect(run.report.pods[0]?.restoreSpec).toEqual(before)
        expect(run.log).toContain('::group::Previous containers of pod-web01')
      }
    }
  ],
  [
    'phase error after the start with rollback off: failed, left as it is',
    {
      seed: { images: { [NEW]: 'pod-error' } },
      inputs: { rollback: 'false' },
      result: 'failed',
      error: /^pod-web01 is failing: pod phase is error/,
      landed: DEPLOY,
      final: { image: NEW, phase: 'error' },
      check: run =>
        expect(run.report.notes).toContain(
          'rollback is off: the failed pods were left as they are.'
        )
    }
  ],
  [
    'a pod already in phase error is not touched',
    {
      seed: { pods: [podSeed({ podId: POD, name: 'web-1', phase: 'error' })] },
      result: 'failed',
      error:
        /^pod-web01 is in phase error: JD Cloud stops only a running pod and rebuilds only a stopped one; repair or recreate it first\. No pod was changed, so nothing was rolled back\.$/,
      landed: [],
      final: { image: OLD, phase: 'error' }
    }
  ],
  // someone else acts on the pod
  [
    'another actor stops the pod while the action waits for readiness: failed at once, rolled back',
    {
      setup: stopWhenRunningNew,
      inputs: { 'fail-fast': '5s' },
      result: 'rolled-back',
      error: /^pod-web01 is failing: it was stopped by someone else while the action waited for it/,
      landed: [...DEPLOY, `rebuildPod ${POD}`, `startPod ${POD}`],
      final: { image: OLD, phase: 'running' }
    }
  ],
  [
    'another actor stops the pod before the action does: no stopPod, the deploy goes on',
    {
      setup: cloud => {
        const unsubscribe = cloud.emulator.onCall('describePods', () => {
          unsubscribe()
          cloud.emulator.actor.stopPod(POD)
        })
      },
      result: 'succeeded',
      landed: DEPLOY.slice(1),
      final: { image: NEW, phase: 'running' },
      sent: [['stopPod', 0]]
    }
  ],
  [
    'another actor stops the pod between the action’s read and its stopPod: the refusal is taken as done',
    {
      setup: cloud => {
        // The second describePods is the read the stop decision rests on (the first resolves).
        let reads = 0
        const unsubscribe = cloud.emulator.onCall('describePods', () => {
          if (++reads < 2) return
          unsubscribe()
          cloud.emulator.actor.stopPod(POD)
        })
      },
      result: 'succeeded',
      landed: DEPLOY.slice(1),
      final: { image: NEW, phase: 'running' },
      sent: [['stopPod', 1]],
      check: run =>
        expect(run.log).toMatch(/^\[pod-web01\] it settled stopped: nothing left to stop$/m)
    }
  ],
  [
    'another actor rebuilds the pod onto another image mid-deploy: failed, naming it, rolled back',
    {
      setup: cloud => {
        const unsubscribe = cloud.emulator.onCall('rebuildPod', () => {
          unsubscribe()
          cloud.clock.advance(5000)
          cloud.emulator.actor.rebuildPod(POD, [
            { name: 'web', image: 'registry.example.com/shop/web:9.9' }
          ])
        })
      },
      result: 'rolled-back',
      error:
        /^pod-web01 was rebuilt, but not as sent \(container web runs registry\.example\.com\/shop\/web:9\.9, not registry\.example\.com\/shop\/web:1\.1\): someone else changed the pod meanwhile/,
      landed: [...DEPLOY.slice(0, 2), `rebuildPod ${POD}`, `startPod ${POD}`],
      final: { image: OLD, phase: 'running' }
    }
  ],
  [
    'the pod is deleted while the action waits for readiness: failed, nothing to roll back',
    {
      setup: cloud =>
        cloud.emulator.onCall('describePods', () => {
          const pod = cloud.emulator.pods().find(candidate => candidate.podId === POD)
          if (pod?.containers?.[0]?.image === NEW && pod.podStatus?.phase === 'running')
            cloud.emulator.actor.deletePod(POD)
        }),
      result: 'failed',
      error:
        /^pod-web01 no longer exists \(deleted while the action waited for it to become ready\)\. The deleted pod has nothing to roll back, and no other pod was changed\.$/,
      landed: DEPLOY,
      final: 'gone',
      check: run =>
        expect(run.report.notes).toContain(
          'pod-web01 was deleted during the run: there is nothing to roll back.'
        )
    }
  ],
  [
    'the pod is deleted before the rebuild: rebuildPod answers 404 once, nothing to roll back',
    {
      setup: cloud =>
        cloud.emulator.onCall('describePods', () => {
          const pod = cloud.emulator.pods().find(candidate => candidate.podId === POD)
          if (pod?.podStatus?.phase === 'stopped') cloud.emulator.actor.deletePod(POD)
        }),
      result: 'failed',
      error:
        /^rebuildPod: HTTP 404 NOT_FOUND: pod pod-web01 not found \(requestId \w+\)\. The deleted pod has nothing to roll back, and no other pod was changed\.$/,
      landed: [`stopPod ${POD}`],
      final: 'gone',
      sent: [['rebuildPod', 1]]
    }
  ],
  // getContainerLogs during a failure diagnosis
  [
    'getContainerLogs answers 503 twice while a crash loop is diagnosed: the logs still come',
    {
      seed: { images: { [CRASHING]: 'crash-loop' } },
      setup: cloud => cloud.emulator.inject(status('getContainerLogs', 503, 2)),
      inputs: { image: CRASHING, 'fail-fast': '20s' },
      result: 'rolled-back',
      error: /^pod-web01 is failing: container web(: CrashLoopBackOff| keeps restarting)/,
      landed: [...DEPLOY, ...DEPLOY],
      final: { image: OLD, phase: 'running' },
      sent: [['getContainerLogs', 3]],
      check: run => {
        expect(run.report.pods[0]?.diagnosis?.[0]?.logs).toBeTruthy()
        expect(run.summary).toMatch(/<details><summary>last \d+ log lines of web<\/summary>/)
      }
    }
  ],
  [
    'getContainerLogs down for good during the diagnosis: the report says so, the rollback goes on',
    {
      seed: { images: { [CRASHING]: 'crash-loop' } },
      setup: cloud => cloud.emulator.inject(status('getContainerLogs', 503, Infinity)),
      inputs: { image: CRASHING, 'fail-fast': '20s' },
      result: 'rolled-back',
      error: /^pod-web01 is failing: container web(: CrashLoopBackOff| keeps restarting)/,
      landed: [...DEPLOY, ...DEPLOY],
      final: { image: OLD, phase: 'running' },
      sent: [['getContainerLogs', 5]],
      check: run => {
        expect(run.report.pods[0]?.diagnosis?.[0]?.logsUnavailable).toBe(
          'no logs: service unavailable'
        )
        expect(run.summary).toContain('no logs: service unavailable')
      }
    }
  ],
  [
    'getContainerLogs answers malformed JSON during the diagnosis: read again',
    {
      seed: { images: { [CRASHING]: 'crash-loop' } },
      setup: cloud => cloud.emulator.inject(kind('getContainerLogs', 'malformed')),
      inputs: { image: CRASHING, 'fail-fast': '20s' },
      result: 'rolled-back',
      error: /^pod-web01 is failing: container web(: CrashLoopBackOff| keeps restarting)/,
      landed: [...DEPLOY, ...DEPLOY],
      final: { image: OLD, phase: 'running' },
      sent: [['getContainerLogs', 2]],
      check: run => expect(run.report.pods[0]?.diagnosis?.[0]?.logs).toBeTruthy()
    }
  ]
]

describe('faults that end the deploy, and other actors', () => {
  test.each(outcomes)('%s', async (_, row) => {
    cloud = await startEmulatedCloud({ pods: web(), ...row.seed })
    before = cloud.specs(POD)
    await row.setup?.(cloud)
    const inputs = typeof row.inputs === 'function' ? await row.inputs(cloud) : row.inputs
    const run = await cloud.run({ pods: POD, image: NEW, ...inputs })
    if (row.result === 'succeeded') {
      expect(run.report.error).toBeUndefined()
      expect(run.report.result).toBe('succeeded')
      expect(run.exitCode).toBeUndefined()
    } else {
      expectFailedRun(run, row.result)
      expect(run.report.error).toMatch(row.error as RegExp)
    }
    expect(landed(cloud.emulator)).toEqual(row.landed)
    if (row.final === 'gone') expect(cloud.emulator.pods().map(pod => pod.podId)).not.toContain(POD)
    else {
      const { image, phase } = row.final
      expect(podState()).toEqual({ image, phase, ready: phase === 'running' })
      // A pod put back runs exactly its previous containers, not just the previous image.
      if (image === OLD) expect(cloud.specs(POD)).toEqual(before)
    }
    for (const [api, times] of row.sent ?? []) expect([api, sent(api)]).toEqual([api, times])
    if (row.totalCalls !== undefined) expect(cloud.emulator.calls).toHaveLength(row.totalCalls)
    row.check?.(run, cloud)
  })

  test('a pod changed and then deleted is not reported as "no pod was changed"', async () => {
    cloud = await startEmulatedCloud({ pods: web() })
    cloud.emulator.onCall('describePods', () => {
      const pod = cloud.emulator.pods().find(candidate => candidate.podId === POD)
      if (pod?.containers?.[0]?.image === NEW && pod.podStatus?.phase === 'running')
        cloud.emulator.actor.deletePod(POD)
    })
    const run = await cloud.run({ pods: POD, image: NEW })
    expect(landed(cloud.emulator)).toEqual(DEPLOY)
    expect(run.report.error).toMatch(/no longer exists/)
    expect(run.report.error).not.toMatch(/No pod was changed/)
  })
})

// ---------------------------------------------------------------------------------------------
// The secret APIs, through operation rotate-secret: regcred has two versions; a pod outside the
// rotation uses the newer one. A rotation creates regcred-20261122100000 (the VirtualClock's
// now) and, with keep-secrets 1, deletes the older unused version.

const REGISTRY = 'registry.example.com'
const b64 = (text: string): string => Buffer.from(text).toString('base64')
const V2026 = 'regcred-20260101000000'
const V2025 = 'regcred-20250601000000'
const CREATED = 'regcred-20261122100000'
const secretVersion = (name: string) => ({
  name,
  data: { server: b64(REGISTRY), username: b64('deployer'), password: b64('old-password') }
})
const ROTATION = [`createSecret ${CREATED}`, `deleteSecret ${V2025}`]

interface SecretRow {
  faults: Fault[]
  inputs?: Record<string, string>
  result: 'succeeded' | 'failed'
  error?: RegExp
  landed: string[]
  /** The secrets at the end, sorted. */
  secrets: string[]
  sent: Array<[ApiName, number]>
  check?: (run: ActionRun) => void
}

/** The end of a rotation that got through its faults: created, pruned, nothing else. */
const ROTATED = {
  result: 'succeeded',
  landed: ROTATION,
  secrets: [V2026, CREATED]
} satisfies Partial<SecretRow>

const secretRows: Array<[string, SecretRow]> = [
  [
    'createSecret: two 503s before the server acted',
    {
      faults: [status('createSecret', 503, 2)],
      ...ROTATED,
      sent: [['createSecret', 3]]
    }
  ],
  [
    'createSecret: connection reset before the server applied it',
    {
      faults: [kind('createSecret', 'reset')],
      ...ROTATED,
      sent: [['createSecret', 2]]
    }
  ],
  [
    'createSecret: connection reset after the server applied it (never created twice)',
    {
      faults: [kind('createSecret', 'reset', { when: 'after' })],
      ...ROTATED,
      sent: [['createSecret', 1]],
      check: run => expect(run.outputs['secret-name']).toBe(CREATED)
    }
  ],
  [
    'createSecret: 429 RATE_LIMIT with Retry-After: 2 (throttling: waited out)',
    {
      faults: [status('createSecret', 429, 1, { retryAfter: '2' })],
      ...ROTATED,
      sent: [['createSecret', 2]]
    }
  ],
  [
    'createSecret: 429 QUOTA_EXCEEDED is final — not sent again; the error names the quota',
    {
      faults: [status('createSecret', 429, 1, { errorStatus: 'QUOTA_EXCEEDED' })],
      inputs: { 'keep-secrets': '5' },
      result: 'failed',
      error:
        /^The secret quota is full \(2 of 100 used\) and no version of regcred can go \(each is kept by keep-secrets or used by a pod\).*Nothing was changed\.$/,
      landed: [],
      secrets: [V2025, V2026],
      sent: [
        ['createSecret', 1],
        ['describeQuota', 1]
      ]
    }
  ],
  [
    'describeSecrets: three 503s while finding the previous version',
    {
      faults: [status('describeSecrets', 503, 3)],
      ...ROTATED,
      sent: [['describeSecrets', 5]],
      check: run => expect(run.outputs['previous-secret-name']).toBe(V2026)
    }
  ],
  [
    'describeSecrets: truncated JSON',
    {
      faults: [kind('describeSecrets', 'truncated')],
      ...ROTATED,
      sent: [['describeSecrets', 3]]
    }
  ],
  [
    'deleteSecret: two 503s before the server acted',
    {
      faults: [status('deleteSecret', 503, 2)],
      ...ROTATED,
      sent: [['deleteSecret', 3]]
    }
  ],
  [
    'deleteSecret: connection reset before the server applied it',
    {
      faults: [kind('deleteSecret', 'reset')],
      ...ROTATED,
      sent: [['deleteSecret', 2]]
    }
  ],
  [
    'deleteSecret: connection reset after the server applied it (not sent again)',
    {
      faults: [kind('deleteSecret', 'reset', { when: 'after' })],
      ...ROTATED,
      sent: [['deleteSecret', 1]],
      check: run => expect(JSON.parse(run.outputs['deleted-secrets'] as string)).toEqual([V2025])
    }
  ],
  [
    'deleteSecret down for good: the rotation stands, the old version is kept and reported',
    {
      faults: [status('deleteSecret', 503, Infinity)],
      result: 'succeeded',
      landed: [`createSecret ${CREATED}`],
      secrets: [V2025, V2026, CREATED],
      sent: [['deleteSecret', 5]],
      check: run => {
        expect(JSON.parse(run.outputs['deleted-secrets'] as string)).toEqual([])
        expect(run.log).toMatch(
          /^::warning::Could not delete regcred-20250601000000: deleteSecret: HTTP 503/m
        )
        expect(run.summary).toMatch(
          /regcred-20250601000000` \| .* \| delete-failed \| deleteSecret: HTTP 503/
        )
      }
    }
  ],
  [
    'describeQuota: two 503s while explaining a full quota',
    {
      faults: [
        status('createSecret', 429, 1, { errorStatus: 'QUOTA_EXCEEDED' }),
        status('describeQuota', 503, 2)
      ],
      inputs: { 'keep-secrets': '5' },
      result: 'failed',
      error: /^The secret quota is full \(2 of 100 used\)/,
      landed: [],
      secrets: [V2025, V2026],
      sent: [
        ['createSecret', 1],
        ['describeQuota', 3]
      ]
    }
  ]
]

async function runSecretRow(row: SecretRow): Promise<void> {
  cloud = await startEmulatedCloud({
    secrets: [secretVersion(V2026), secretVersion(V2025)],
    pods: [
      podSeed({
        podId: 'pod-batch',
        name: 'batch',
        containers: [{ secret: V2026, image: `${REGISTRY}/shop/batch:1.0` }]
      })
    ]
  })
  for (const fault of row.faults) cloud.emulator.inject(fault)
  const run = await cloud.run({
    operation: 'rotate-secret',
    'secret-name': 'regcred',
    'registry-server': REGISTRY,
    'registry-username': 'deployer',
    'registry-password': 'n3w-Pa55word!',
    'keep-secrets': '1',
    ...row.inputs
  })
  if (row.result === 'succeeded') {
    expect(run.report.error).toBeUndefined()
    expect(run.report.result).toBe('succeeded')
    expect(run.exitCode).toBeUndefined()
  } else {
    expectFailedRun(run, row.result)
    expect(run.report.error).toMatch(row.error as RegExp)
  }
  expect(landed(cloud.emulator)).toEqual(row.landed)
  expect(
    cloud.emulator
      .secrets()
      .map(secret => secret.name)
      .sort()
  ).toEqual(row.secrets)
  for (const [api, times] of row.sent) expect([api, sent(api)]).toEqual([api, times])
  // The pod outside the rotation is never touched.
  expect(cloud.emulator.pod('pod-batch').containers?.[0]?.secret).toBe(V2026)
  row.check?.(run)
}

describe('faults on the secret APIs (rotate-secret)', () => {
  test.each(secretRows)('%s', (_, row) => runSecretRow(row))

  test('describeQuota down for good while explaining a full quota: the error still says the quota is full', () =>
    runSecretRow({
      faults: [
        status('createSecret', 429, 1, { errorStatus: 'QUOTA_EXCEEDED' }),
        status('describeQuota', 503, Infinity)
      ],
      inputs: { 'keep-secrets': '5' },
      result: 'failed',
      error: /^The secret quota is full\b.*no version of regcred can go/,
      landed: [],
      secrets: [V2025, V2026],
      sent: [
        ['createSecret', 1],
        ['describeQuota', 5]
      ]
    }))
})
