// Zero-downtime rollouts behind a JD Cloud load balancer, against the emulator's lb API: per pod
// deregister → drain → stop → rebuild → start → ready → register (same type, port, weight) →
// healthy on every backend → the next pod; never the last healthy target out.
import { DEFAULT_TIMINGS, podSeed } from '../../emulator/index.js'
import type { Seed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEW = 'registry.example.com/shop/web:1.1'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

function service(pods = 2, extra: Partial<Seed> = {}): Seed {
  const ids = Array.from({ length: pods }, (_, i) => `pod-lb${i + 1}`)
  return {
    pods: ids.map((podId, i) => podSeed({ podId, name: `web-${i + 1}` })),
    loadBalancing: {
      targetGroups: [
        { targetGroupId: 'tg-web', loadBalancerId: 'alb-web', loadBalancerType: 'alb' }
      ],
      backends: [{ backendId: 'backend-web', port: 80, targetGroupIds: ['tg-web'] }],
      targets: ids.map((instanceId, i) => ({
        targetGroupId: 'tg-web',
        type: 'container',
        instanceId,
        port: 8080,
        weight: 20 + i
      }))
    },
    ...extra
  }
}

/** The calls of the run about pods and targets, in order: `api pod/group`. */
function story(cloud: EmulatedCloud): string[] {
  return cloud.emulator
    .mutatingCalls()
    .map(call => `${call.api} ${call.podId ?? call.targetGroupId ?? ''}`)
}

test('alb, two pods, one at a time: weight 0, drained, updated, healthy, the same weight back, next', async () => {
  cloud = await startEmulatedCloud(service())
  const targetIds = cloud.emulator.lb.targets('tg-web').map(t => t.targetId)
  const { report, outputs } = await cloud.run({
    pods: 'pod-lb1\npod-lb2',
    image: NEW,
    'target-groups': 'tg-web',
    drain: '10s'
  })
  expect(report.result).toBe('succeeded')
  expect(story(cloud)).toEqual([
    'updateTargets tg-web',
    'stopPod pod-lb1',
    'rebuildPod pod-lb1',
    'startPod pod-lb1',
    'updateTargets tg-web',
    'updateTargets tg-web',
    'stopPod pod-lb2',
    'rebuildPod pod-lb2',
    'startPod pod-lb2',
    'updateTargets tg-web'
  ])
  const weights = cloud.emulator
    .mutatingCalls()
    .filter(call => call.api === 'updateTargets')
    .map(call => (call.body as { targetUpdateSpecs: unknown[] }).targetUpdateSpecs)
  expect(weights).toEqual([
    [{ targetId: targetIds[0], weight: 0 }],
    [{ targetId: targetIds[0], weight: 20 }],
    [{ targetId: targetIds[1], weight: 0 }],
    [{ targetId: targetIds[1], weight: 21 }]
  ])
  // Registered throughout: the same targets, the same IDs.
  expect(
    cloud.emulator.lb.targets('tg-web').map(t => [t.targetId, t.instanceId, t.port, t.weight])
  ).toEqual([
    [targetIds[0], 'pod-lb1', 8080, 20],
    [targetIds[1], 'pod-lb2', 8080, 21]
  ])
  expect(cloud.emulator.lb.longestWithoutHealthyTarget('tg-web')).toBe(0)
  expect(cloud.emulator.lb.fewestHealthyTargets('tg-web')).toBe(1)
  // The drain is honoured: the stop comes 10 s after the weight went to 0; the weight comes back
  // only once the backend calls the pod healthy (after the emulator's lbHealthyMs).
  const calls = cloud.emulator.mutatingCalls()
  const out = calls[0]?.at as number
  const stopped = calls[1]?.at as number
  expect(stopped - out).toBeGreaterThanOrEqual(10_000)
  const started = calls[3]?.at as number
  const back = calls[4]?.at as number
  expect(back - started).toBeGreaterThanOrEqual(DEFAULT_TIMINGS.lbHealthyMs)
  const [row] = JSON.parse(outputs.pods as string) as Array<{ targets: unknown[] }>
  expect(row?.targets).toEqual([
    { targetGroupId: 'tg-web', port: 8080, weight: 20, health: 'healthy' }
  ])
})

test('an nlb backend’s connectionDrainingSeconds wins when longer than drain; an ip target is the pod by its IP', async () => {
  const seed = service(2)
  cloud = await startEmulatedCloud({
    ...seed,
    loadBalancing: {
      targetGroups: [{ targetGroupId: 'tg-tcp', loadBalancerId: 'nlb-1', loadBalancerType: 'nlb' }],
      backends: [
        {
          backendId: 'backend-tcp',
          port: 443,
          targetGroupIds: ['tg-tcp'],
          connectionDrainingSeconds: 45
        }
      ],
      targets: [
        {
          targetGroupId: 'tg-tcp',
          type: 'container',
          instanceId: 'pod-lb1',
          port: 443,
          weight: 10
        },
        { targetGroupId: 'tg-tcp', type: 'ip', ipAddress: '10.0.0.5', port: 443, weight: 10 }
      ]
    }
  })
  const ip = cloud.emulator.pod('pod-lb2').privateIpAddress
  expect(ip).toBe('10.0.0.5')
  const { report } = await cloud.run({
    pods: 'pod-lb1,pod-lb2',
    image: NEW,
    'target-groups': 'tg-tcp',
    drain: '5s'
  })
  expect(report.result).toBe('succeeded')
  // nlb takes no weight 0: out by deregistration, back by registration.
  expect(
    story(cloud).filter(line => !line.startsWith('stop') && !line.startsWith('rebuild'))
  ).toEqual([
    'deRegisterTargets tg-tcp',
    'startPod pod-lb1',
    'registerTargets tg-tcp',
    'deRegisterTargets tg-tcp',
    'startPod pod-lb2',
    'registerTargets tg-tcp'
  ])
  const calls = cloud.emulator.calls
  const deregistered = calls.find(c => c.api === 'deRegisterTargets')?.at as number
  const stopped = calls.find(c => c.api === 'stopPod')?.at as number
  expect(stopped - deregistered).toBeGreaterThanOrEqual(45_000)
  expect(
    cloud.emulator.lb.targets('tg-tcp').map(t => [t.type, t.instanceId ?? t.ipAddress])
  ).toEqual([
    ['container', 'pod-lb1'],
    ['ip', '10.0.0.5']
  ])
  expect(cloud.emulator.lb.longestWithoutHealthyTarget('tg-tcp')).toBe(0)
  expect(report.pods.map(pod => pod.balancer?.drainSeconds)).toEqual([45, 45])
})

test('a one-pod service is not updated behind its balancer: said before any change', async () => {
  cloud = await startEmulatedCloud(service(1))
  const { report } = await cloud.run({ pods: 'pod-lb1', image: NEW, 'target-groups': 'tg-web' })
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(
    /target-groups: tg-web is served by pod-lb1 \(web-1\) alone: it cannot be updated without downtime/
  )
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('a batch that holds every target of a group is refused before any change', async () => {
  cloud = await startEmulatedCloud(service(2))
  const { report } = await cloud.run({
    pods: 'pod-lb1,pod-lb2',
    image: NEW,
    'target-groups': 'tg-web',
    'max-parallel': '2'
  })
  expect(report.error).toMatch(
    /tg-web has no target outside the batch .*: updating them together would leave it without a healthy target/
  )
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('a listed group that does not exist, and a pod with no target in the groups: input errors, no change', async () => {
  cloud = await startEmulatedCloud({
    ...service(2),
    pods: [...(service(2).pods ?? []), podSeed({ podId: 'pod-alone', name: 'alone' })]
  })
  const missing = await cloud.run({
    pods: 'pod-lb1',
    image: NEW,
    'target-groups': 'tg-web,tg-nope'
  })
  expect(missing.report.error).toMatch(
    /target-groups\[1\]: tg-nope is no target group of region cn-north-1/
  )
  const stray = await cloud.run({ pods: 'pod-alone', image: NEW, 'target-groups': 'tg-web' })
  expect(stray.report.error).toMatch(/pods: pod-alone \(alone\) has no target in tg-web/)
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('dry run: the targets that would be drained and restored, and their health now; no call to change anything', async () => {
  cloud = await startEmulatedCloud(service(2))
  const { report, summary } = await cloud.run({
    pods: 'pod-lb1',
    image: NEW,
    'target-groups': 'tg-web',
    'dry-run': 'true'
  })
  expect(report.result).toBe('planned')
  expect(report.pods[0]?.message).toMatch(
    /would set its weight in tg-web to 0 \(container pod-lb1, port 8080, weight 20; now healthy\), drain 30 s, and give the weight back once healthy/
  )
  expect(summary).toContain('Load balancer')
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('the other target is unhealthy: the batch waits, and at the timeout nothing was taken out', async () => {
  cloud = await startEmulatedCloud(service(2))
  cloud.emulator.someoneElse.stopPod('pod-lb2')
  const { report } = await cloud.run({
    pods: 'pod-lb1',
    image: NEW,
    'target-groups': 'tg-web',
    timeout: '1m'
  })
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(
    /the next batch \(pod-lb1\) would leave tg-web without a healthy target, and no other target became healthy in time: nothing more was changed/
  )
  expect(cloud.emulator.mutatingCalls()).toEqual([])
  expect(report.pods.map(pod => pod.outcome)).toEqual(['not-started'])
})

test('restart behind the balancer: out, drained, stopped, started, back in, healthy — one at a time', async () => {
  cloud = await startEmulatedCloud(service(3))
  const { report } = await cloud.run({
    operation: 'restart',
    pods: 'pod-lb1,pod-lb2,pod-lb3',
    'target-groups': 'tg-web',
    drain: '0'
  })
  expect(report.result).toBe('succeeded')
  expect(story(cloud).slice(0, 4)).toEqual([
    'updateTargets tg-web',
    'stopPod pod-lb1',
    'startPod pod-lb1',
    'updateTargets tg-web'
  ])
  expect(story(cloud)).toHaveLength(12)
  expect(cloud.emulator.lb.fewestHealthyTargets('tg-web')).toBe(2)
  expect(report.pods.every(pod => (pod.balancer?.secondsToHealthy ?? -1) >= 0)).toBe(true)
})
