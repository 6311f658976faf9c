// The fault matrix of issue 5, part two: faults that end the deploy, and someone else, one row
// per fault. Each row runs the whole action in-process against the emulator (one VirtualClock
// for both, so minutes of pod transitions and back-offs pass in milliseconds) with the fault
// injected, then checks the final state — the pod's image and phase in the emulator, which
// mutating calls landed and how many times each was sent — and a result whose message names what
// happened. Part one is fault-matrix-ridden-out.test.ts, part three fault-matrix-secrets.test.ts.
import { podSeed } from '../../emulator/index.js'
import type { ApiName, Seed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { ActionRun } from '../../__fixtures__/action-runner.js'
import {
  CRASHING,
  DEPLOY,
  NEW,
  OLD,
  POD,
  arm,
  closedPort,
  expectRunResult,
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
      cloud.emulator.someoneElse.stopPod(POD)
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
      setup: cloud => arm(cloud, () => [status('describePods', 503, 5)], 'startPod'),
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
        /^describePods: NETWORK_ERROR: the connection to http:\/\/127\.0\.0\.1:\d+\/v1\/regions\/cn-north-1\/pods failed \(ECONNREFUSED\)\. The pod API did not answer: check the endpoint input and the runner network\.$/,
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
    'someone else stops the pod while the action waits for readiness: failed at once, rolled back',
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
    'someone else stops the pod before the action does: no stopPod, the deploy goes on',
    {
      setup: cloud => {
        const unsubscribe = cloud.emulator.onCall('describePods', () => {
          unsubscribe()
          cloud.emulator.someoneElse.stopPod(POD)
        })
      },
      result: 'succeeded',
      landed: DEPLOY.slice(1),
      final: { image: NEW, phase: 'running' },
      sent: [['stopPod', 0]]
    }
  ],
  [
    'someone else stops the pod between the action’s read and its stopPod: the refusal is taken as done',
    {
      setup: cloud => {
        // The second describePods is the read the stop decision rests on (the first resolves).
        let reads = 0
        const unsubscribe = cloud.emulator.onCall('describePods', () => {
          if (++reads < 2) return
          unsubscribe()
          cloud.emulator.someoneElse.stopPod(POD)
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
    'someone else rebuilds the pod onto another image mid-deploy: failed, naming it, rolled back',
    {
      setup: cloud => {
        const unsubscribe = cloud.emulator.onCall('rebuildPod', () => {
          unsubscribe()
          cloud.clock.advance(5000)
          cloud.emulator.someoneElse.rebuildPod(POD, [
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
            cloud.emulator.someoneElse.deletePod(POD)
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
          if (pod?.podStatus?.phase === 'stopped') cloud.emulator.someoneElse.deletePod(POD)
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
        expect(run.summary).toMatch(/last \d+ log lines of web:\n\n<pre>/)
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

describe('faults that end the deploy, and someone else', () => {
  test.each(outcomes)('%s', async (_, row) => {
    cloud = await startEmulatedCloud({ pods: web(), ...row.seed })
    before = cloud.specs(POD)
    await row.setup?.(cloud)
    const inputs = typeof row.inputs === 'function' ? await row.inputs(cloud) : row.inputs
    const run = await cloud.run({ pods: POD, image: NEW, ...inputs })
    expectRunResult(run, row.result, row.error)
    expect(landed(cloud.emulator)).toEqual(row.landed)
    if (row.final === 'gone') expect(cloud.emulator.pods().map(pod => pod.podId)).not.toContain(POD)
    else {
      const { image, phase } = row.final
      expect(podState(cloud)).toEqual({ image, phase, ready: phase === 'running' })
      // A pod put back runs exactly its previous containers, not just the previous image.
      if (image === OLD) expect(cloud.specs(POD)).toEqual(before)
    }
    for (const [api, times] of row.sent ?? []) expect([api, sent(cloud, api)]).toEqual([api, times])
    if (row.totalCalls !== undefined) expect(cloud.emulator.calls).toHaveLength(row.totalCalls)
    row.check?.(run, cloud)
  })

  test('a pod changed and then deleted is not reported as "no pod was changed"', async () => {
    cloud = await startEmulatedCloud({ pods: web() })
    cloud.emulator.onCall('describePods', () => {
      const pod = cloud.emulator.pods().find(candidate => candidate.podId === POD)
      if (pod?.containers?.[0]?.image === NEW && pod.podStatus?.phase === 'running')
        cloud.emulator.someoneElse.deletePod(POD)
    })
    const run = await cloud.run({ pods: POD, image: NEW })
    expect(landed(cloud.emulator)).toEqual(DEPLOY)
    expect(run.report.error).toMatch(/no longer exists/)
    expect(run.report.error).not.toMatch(/No pod was changed/)
  })
})
