// Put back what was taken out, whatever happens: after a failure and its rollback, with rollback
// off, after a failed rollback, after cancellation (in the grace period, before anything else);
// a pod the balancer does not call healthy fails and is rolled back.
import { EventEmitter } from 'node:events'
import { podSeed } from '../../emulator/index.js'
import type { Seed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const OLD = 'registry.example.com/shop/web:1.0'
const NEW = 'registry.example.com/shop/web:1.1'
const BROKEN = 'registry.example.com/shop/web:broken'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

function service(
  backend: Record<string, unknown> = {},
  loadBalancerType: 'alb' | 'nlb' = 'alb'
): Seed {
  return {
    pods: ['pod-pb1', 'pod-pb2'].map((podId, i) => podSeed({ podId, name: `web-${i + 1}` })),
    images: { [BROKEN]: 'never-pulls' },
    loadBalancing: {
      targetGroups: [{ targetGroupId: 'tg-web', loadBalancerId: 'lb-web', loadBalancerType }],
      backends: [{ backendId: 'backend-web', port: 80, targetGroupIds: ['tg-web'], ...backend }],
      targets: ['pod-pb1', 'pod-pb2'].map(instanceId => ({
        targetGroupId: 'tg-web',
        type: 'container',
        instanceId,
        port: 80,
        weight: 10
      }))
    }
  }
}

const registered = (cloud: EmulatedCloud): string[] =>
  cloud.emulator.lb
    .targets('tg-web')
    .map(target => target.instanceId as string)
    .sort()
const deploy = {
  pods: 'pod-pb1,pod-pb2',
  'target-groups': 'tg-web',
  drain: '2s',
  'fail-fast': '5s'
}

test('a failed pod is rolled back, then put back once its previous containers are ready', async () => {
  cloud = await startEmulatedCloud(service())
  const { report } = await cloud.run({ ...deploy, image: BROKEN })
  expect(report.result).toBe('rolled-back')
  expect(registered(cloud)).toEqual(['pod-pb1', 'pod-pb2'])
  expect(cloud.emulator.pod('pod-pb1').containers?.[0]?.image).toBe(OLD)
  expect(cloud.emulator.lb.health('backend-web').map(h => h.status)).toEqual(['healthy', 'healthy'])
  expect(cloud.emulator.lb.longestWithoutHealthyTarget('tg-web')).toBe(0)
  expect(report.pods[0]?.balancer?.targets[0]?.health).toBe('healthy')
})

test('rollback off: the failed pod is put back anyway, and the summary says so', async () => {
  cloud = await startEmulatedCloud(service())
  const { report, summary } = await cloud.run({ ...deploy, image: BROKEN, rollback: 'false' })
  expect(report.result).toBe('failed')
  expect(registered(cloud)).toEqual(['pod-pb1', 'pod-pb2'])
  expect(report.pods[0]?.balancer?.note).toMatch(
    /put back after it failed, without waiting for health/
  )
  expect(summary).toContain('put back after it failed')
})

test('a rollback that fails: the pod is put back anyway, so a person need not find its target', async () => {
  cloud = await startEmulatedCloud(service())
  cloud.emulator.onCall('rebuildPod', () => {
    if (cloud.emulator.callsTo('rebuildPod').length === 2)
      cloud.emulator.setImage(OLD, 'never-pulls')
  })
  const { report } = await cloud.run({ ...deploy, image: BROKEN })
  expect(report.pods[0]?.outcome).toBe('rollback-failed')
  expect(registered(cloud)).toEqual(['pod-pb1', 'pod-pb2'])
  expect(report.pods[0]?.balancer?.note).toMatch(/put back after it failed/)
})

test('cancelled after the stop: put back first, then started again, within the grace period', async () => {
  cloud = await startEmulatedCloud(service())
  const signals = new EventEmitter()
  cloud.emulator.onCall('stopPod', () => setImmediate(() => signals.emit('SIGINT', 'SIGINT')))
  const { report } = await cloud.run({ ...deploy, image: NEW }, { signals })
  expect(report.result).toBe('cancelled')
  const story = cloud.emulator.mutatingCalls().map(call => call.api)
  expect(story).toEqual(['updateTargets', 'stopPod', 'updateTargets', 'startPod'])
  expect(registered(cloud)).toEqual(['pod-pb1', 'pod-pb2'])
  expect(cloud.emulator.lb.targets('tg-web').map(t => t.weight)).toEqual([10, 10])
})

test('a pod the balancer never calls healthy fails with its reason and is rolled back', async () => {
  // This backend takes an hour to call a target healthy: far beyond the pod's timeout.
  cloud = await startEmulatedCloud(service({ lbHealthyMs: 3_600_000 }))
  const { report } = await cloud.run({ ...deploy, image: NEW, timeout: '2m' })
  expect(report.result).toBe('rolled-back')
  expect(report.pods[0]?.message).toMatch(/pod-pb1 is not healthy on the load balancer in time/)
  expect(cloud.emulator.pod('pod-pb1').containers?.[0]?.image).toBe(OLD)
  expect(registered(cloud)).toEqual(['pod-pb1', 'pod-pb2'])
})

test.each([
  ['describeTargetGroups', 'alb'],
  ['describeBackends', 'alb'],
  ['describeTargets', 'nlb'],
  ['describeTargetHealth', 'alb'],
  ['updateTargets', 'alb'],
  ['registerTargets', 'nlb'],
  ['deRegisterTargets', 'nlb']
] as const)(
  'throttling and a transient fault on %s (%s): retried, and the rollout goes through',
  async (api, type) => {
    cloud = await startEmulatedCloud(
      service(type === 'nlb' ? { connectionDrainingSeconds: 0 } : {}, type)
    )
    cloud.emulator.inject({ api, kind: 'status', status: 429, retryAfter: '1' })
    cloud.emulator.inject({ api, kind: 'status', status: 503 })
    const { report } = await cloud.run({ ...deploy, image: NEW })
    expect(report.result).toBe('succeeded')
    expect(cloud.emulator.callsTo(api).filter(call => call.status >= 400)).toHaveLength(2)
    expect(registered(cloud)).toEqual(['pod-pb1', 'pod-pb2'])
    expect(cloud.emulator.lb.longestWithoutHealthyTarget('tg-web')).toBe(0)
  }
)
