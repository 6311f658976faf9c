// The fault matrix, balancer rows: faults on the lb calls of a deploy behind an alb (out of
// traffic by updateTargets weight 0, back by the weight it had) and an nlb (deregistration).
// Each row runs the whole action in-process against the emulator and checks what landed, how
// often each call was sent, the weights the group ends with, and that the group never went
// without a healthy target carrying traffic.
import { podSeed } from '../../emulator/index.js'
import type { ApiName, Fault, Seed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import {
  NEW,
  OLD,
  POD,
  arm,
  expectRunResult,
  kind,
  sent,
  status
} from '../../__fixtures__/fault-matrix.js'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

const OTHER = 'pod-web02'

function service(loadBalancerType: 'alb' | 'nlb'): Seed {
  return {
    pods: [podSeed({ podId: POD, name: 'web-1' }), podSeed({ podId: OTHER, name: 'web-2' })],
    loadBalancing: {
      targetGroups: [{ targetGroupId: 'tg-fm', loadBalancerId: 'lb-fm', loadBalancerType }],
      backends: [
        {
          backendId: 'backend-fm',
          port: 80,
          targetGroupIds: ['tg-fm'],
          ...(loadBalancerType === 'nlb' ? { connectionDrainingSeconds: 0 } : {})
        }
      ],
      targets: [POD, OTHER].map(instanceId => ({
        targetGroupId: 'tg-fm',
        type: 'container',
        instanceId,
        port: 80,
        weight: 40
      }))
    }
  }
}

interface Row {
  type?: 'alb' | 'nlb'
  faults: Fault[]
  /** Inject once the first call to this API has been answered. */
  armAfter?: ApiName
  result: 'succeeded' | 'failed' | 'rolled-back'
  error?: RegExp
  image: string
  /** The pod calls that landed, in order. */
  podCalls: string[]
  sent: Array<[ApiName, number]>
  /** The weight could not be given back (the row's fault never ends). */
  weightsLost?: boolean
}

const rows: Array<[string, Row]> = [
  [
    'updateTargets throttled (429 with Retry-After) then 503: retried, and the deploy goes through',
    {
      faults: [status('updateTargets', 429, 1, { retryAfter: '1' }), status('updateTargets', 503)],
      result: 'succeeded',
      image: NEW,
      podCalls: ['stopPod', 'rebuildPod', 'startPod'],
      sent: [['updateTargets', 4]]
    }
  ],
  [
    'updateTargets forbidden (403) at the take-out: the pod is never touched, and its weight is given back anyway',
    {
      faults: [status('updateTargets', 403, 1)],
      result: 'failed',
      error:
        /^it could not be taken out of tg-fm: updateTargets: HTTP 403 HTTP_FORBIDDEN: access denied.*grant it the load balancer permissions listed in docs\/load-balancers\.md/,
      image: OLD,
      podCalls: [],
      // Refused, then given its weight back anyway: a refusal may not say what landed.
      sent: [['updateTargets', 2]]
    }
  ],
  [
    'the answer to the weight-0 updateTargets is lost (reset after it applied): re-checked, not sent again',
    {
      faults: [kind('updateTargets', 'reset', { when: 'after' })],
      result: 'succeeded',
      image: NEW,
      podCalls: ['stopPod', 'rebuildPod', 'startPod'],
      sent: [['updateTargets', 2]]
    }
  ],
  [
    'updateTargets forbidden (403) for good once the pod is updated: rolled back, the weight given back fails and says how to give it by hand',
    {
      faults: [status('updateTargets', 403, Infinity)],
      armAfter: 'startPod',
      result: 'rolled-back',
      error:
        /pod-web01 could not be put back in tg-fm: updateTargets: HTTP 403.*Give it its weight back by hand \(updateTargets in tg-fm\): target-\w+ weight 40/,
      image: OLD,
      podCalls: ['stopPod', 'rebuildPod', 'startPod', 'stopPod', 'rebuildPod', 'startPod'],
      sent: [['registerTargets', 0]],
      weightsLost: true
    }
  ],
  [
    'nlb: deRegisterTargets throttled, then registerTargets 503: both retried, the deploy goes through',
    {
      type: 'nlb',
      faults: [status('deRegisterTargets', 429, 1), status('registerTargets', 503)],
      result: 'succeeded',
      image: NEW,
      podCalls: ['stopPod', 'rebuildPod', 'startPod'],
      sent: [
        ['deRegisterTargets', 2],
        ['registerTargets', 2],
        ['updateTargets', 0]
      ]
    }
  ]
]

test.each(rows)('%s', async (_name, row) => {
  cloud = await startEmulatedCloud(service(row.type ?? 'alb'))
  arm(cloud, () => row.faults, row.armAfter)
  const run = await cloud.run({ pods: POD, image: NEW, 'target-groups': 'tg-fm', drain: '1s' })
  expectRunResult(run, row.result, row.error)
  expect(cloud.emulator.pod(POD).containers?.[0]?.image).toBe(row.image)
  expect(
    cloud.emulator
      .mutatingCalls()
      .filter(call => call.podId === POD)
      .map(call => call.api)
  ).toEqual(row.podCalls)
  for (const [api, times] of row.sent) expect([api, sent(cloud, api)]).toEqual([api, times])
  expect(cloud.emulator.lb.longestWithoutHealthyTarget('tg-fm')).toBe(0)
  // Whatever happened, both targets end registered with the weight they had.
  expect(
    cloud.emulator.lb
      .targets('tg-fm')
      .map(t => [t.instanceId, t.weight])
      .sort()
  ).toEqual(
    row.weightsLost
      ? expect.anything()
      : [
          [POD, 40],
          [OTHER, 40]
        ]
  )
})
