// The Balancer on a scripted lb API (no network): what it answers for pods it does not know, and
// that taking out and putting back are each done once however often they are asked for.
import type { LbClient } from '../../src/jdcloud/lb-client.js'
import type { TargetHealth } from '../../src/jdcloud/lb-types.js'
import type { Pod } from '../../src/jdcloud/types.js'
import { Balancer } from '../../src/rollout/balancer.js'
import { Cancellation } from '../../src/rollout/cancellation.js'
import { Sweeper } from '../../src/rollout/sweeper.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

const pods: Pod[] = ['pod-u1', 'pod-u2'].map(podId => ({
  podId,
  privateIpAddress: `10.1.0.${podId.slice(-1)}`
}))
const calls: string[] = []
const healthy = (instanceId: string): TargetHealth => ({
  type: 'container',
  instanceId,
  port: 80,
  status: 'healthy'
})

const lb = {
  describeTargetGroups: async (_ids: string[], type: string) =>
    type === 'alb' ? [{ targetGroupId: 'tg-u', loadBalancerId: 'alb-u' }] : [],
  describeBackends: async () => [{ backendId: 'b-u', targetGroupIds: ['tg-u'] }],
  describeTargets: async () => [
    { targetId: 't-1', type: 'container', instanceId: 'pod-u1', port: 80 },
    { targetId: 't-2', type: 'ip', ipAddress: '10.1.0.2', port: 80, weight: 30 }
  ],
  describeTargetHealth: async () => [
    healthy('pod-u1'),
    { ...healthy(''), type: 'ip', ipAddress: '10.1.0.2' }
  ],
  deregisterTargets: async (group: string, ids: string[]) => {
    calls.push(`deregister ${group} ${ids.join(',')}`)
    return { requestId: 'r' }
  },
  updateTargets: async (group: string, specs: Array<{ targetId: string; weight: number }>) => {
    calls.push(`update ${group} ${specs.map(spec => `${spec.targetId}=${spec.weight}`).join(',')}`)
    return { requestId: 'r' }
  },
  registerTargets: async () => {
    calls.push('register')
    return { requestId: 'r' }
  }
} as unknown as LbClient

async function balancer(drainMs = 0): Promise<Balancer> {
  const clock = new VirtualClock()
  const health = new Sweeper<string, TargetHealth[]>(
    async backends =>
      new Map(
        backends.map(b => [
          b,
          [healthy('pod-u1'), { ...healthy(''), type: 'ip', ipAddress: '10.1.0.2' }]
        ])
      ),
    backends => backends.length,
    clock
  )
  const log = {
    info: () => undefined,
    warning: () => undefined,
    debug: () => undefined,
    group: () => undefined
  }
  return Balancer.prepare(
    { lb, health, clock, log, cancellation: new Cancellation(), region: 'cn-north-1' },
    { targetGroups: ['tg-u'], drainMs, timeoutMs: 60_000 },
    pods,
    [[pods[0] as Pod], [pods[1] as Pod]],
    new AbortController().signal
  )
}

beforeEach(() => calls.splice(0))

test('an ip target is its pod by private IP, with its weight; a pod it does not know has no report', async () => {
  const b = await balancer()
  expect(b.report('pod-u2')?.targets).toEqual([
    { targetGroupId: 'tg-u', port: 80, weight: 30, health: 'healthy' }
  ])
  expect(b.report('pod-nope')).toBeUndefined()
  expect(b.planLines('pod-nope')).toEqual([])
  expect(b.isOut('pod-nope')).toBe(false)
  await b.beforeBatch(['pod-nope'], Number.POSITIVE_INFINITY) // serves no group: nothing to wait for
})

test('taken out once, put back once, however often asked', async () => {
  const b = await balancer()
  await b.takeOut('pod-u1', Number.POSITIVE_INFINITY, 'forward')
  await b.takeOut('pod-u1', Number.POSITIVE_INFINITY, 'forward')
  expect(b.isOut('pod-u1')).toBe(true)
  expect(b.report('pod-u1')?.targets[0]?.health).toBe('weight 0')
  await b.putBack('pod-u1', {
    deadline: Number.POSITIVE_INFINITY,
    awaitHealthy: false,
    mode: 'restore'
  })
  await b.putBack('pod-u1', {
    deadline: Number.POSITIVE_INFINITY,
    awaitHealthy: false,
    mode: 'restore'
  })
  // An alb target stays registered: out by weight 0, back by its own weight, once each.
  expect(calls).toEqual(['update tg-u t-1=0', 'update tg-u t-1=10'])
  expect(b.isOut('pod-u1')).toBe(false)
})

test('a drain that would outlast the deadline is refused before the take-out, in a rollback too', async () => {
  const b = await balancer(30_000)
  const clock = new VirtualClock()
  for (const mode of ['forward', 'restore'] as const) {
    const error = (await b.takeOut('pod-u1', clock.now() + 20_000, mode).catch(e => e)) as Error
    expect(error.message).toMatch(
      /drain of 30 s does not fit in the 20 s left of its timeout; it was not taken out of traffic/
    )
  }
  expect(b.isOut('pod-u1')).toBe(false)
  expect(calls).toEqual([])
})
