// The fault matrix of issue 5, part one: faults the deploy rides out, one row per fault. Each row
// runs the whole action in-process against the emulator (one VirtualClock for both, so minutes of
// pod transitions and back-offs pass in milliseconds) with the fault injected, then checks the
// final state — the pod's image and phase in the emulator, which mutating calls landed and how
// many times each was sent — and the result. Only the `slow` rows take real time (~0.4 s each).
// Part two is fault-matrix-outcomes.test.ts, part three fault-matrix-secrets.test.ts; what they
// share is in __fixtures__/fault-matrix.ts.
import type { ApiName, Fault } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import {
  DEPLOY,
  NEW,
  POD,
  REQUEST_TIMEOUT_MS,
  SLOW_MS,
  arm,
  faulted,
  kind,
  landed,
  podState,
  sent,
  status,
  web
} from '../../__fixtures__/fault-matrix.js'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

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
    arm(cloud, row.faults, row.armAfter)
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
    expect(podState(cloud)).toEqual({ image: NEW, phase, ready: phase === 'running' })
    expect(faulted(cloud, row.api)).toBe(row.answered)
    if (row.sentTimes !== undefined) expect(sent(cloud, row.api)).toBe(row.sentTimes)
    if (row.minGapMs !== undefined) {
      // From the first faulted answer to the call that followed it.
      const calls = cloud.emulator.callsTo(row.api)
      const first = calls.findIndex(call => call.fault !== undefined)
      const gap = (calls[first + 1]?.at as number) - (calls[first]?.at as number)
      expect(gap).toBeGreaterThanOrEqual(row.minGapMs)
    }
  })
})
