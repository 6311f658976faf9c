// A target listing that shifts between two pages (issue 18 point 2): a group of 101 targets, one
// removed by someone else right after page 1 is read, and the lb API answering the page past the
// end with the last page again. The rollout reads again until the listing holds still, registers
// each target once, and refuses before any change when the listing never settles.
import { podSeed } from '../../emulator/index.js'
import type { Seed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEW = 'registry.example.com/shop/web:1.1'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

/**
 * pod-ls1 and pod-ls2 first, then 99 IP targets: 101, two pages of 100. An nlb: there the pod
 * leaves traffic by deregistration and comes back by registration (an alb keeps it registered).
 */
function crowdedGroup(): Seed {
  const pods = ['pod-ls1', 'pod-ls2']
  return {
    pods: pods.map((podId, i) => podSeed({ podId, name: `web-${i + 1}` })),
    loadBalancing: {
      targetGroups: [
        { targetGroupId: 'tg-web', loadBalancerId: 'nlb-web', loadBalancerType: 'nlb' }
      ],
      backends: [{ backendId: 'backend-web', port: 80, targetGroupIds: ['tg-web'] }],
      targets: [
        ...pods.map(instanceId => ({
          targetGroupId: 'tg-web',
          type: 'container' as const,
          instanceId,
          port: 80,
          weight: 10
        })),
        ...Array.from({ length: 99 }, (_, i) => ({
          targetGroupId: 'tg-web',
          type: 'ip' as const,
          ipAddress: `10.9.${Math.floor(i / 200)}.${(i % 200) + 1}`,
          port: 80,
          weight: 10
        }))
      ]
    }
  }
}
const deploy = { pods: 'pod-ls1', image: NEW, 'target-groups': 'tg-web', drain: '1s' }
const ipTarget = (cloud: EmulatedCloud, nth: number): string =>
  cloud.emulator.lb.targets('tg-web').filter(target => target.type === 'ip')[nth]
    ?.targetId as string

test('one target removed after page 1 is read: the pod is registered once, and only once', async () => {
  cloud = await startEmulatedCloud(crowdedGroup())
  cloud.emulator.betweenPages('describeTargets', 1, e =>
    e.someoneElse.deregisterTargets('tg-web', [ipTarget(cloud, 0)])
  )
  const { report } = await cloud.run(deploy)
  expect(report.result).toBe('succeeded')
  const mine = cloud.emulator.lb.targets('tg-web').filter(t => t.instanceId === 'pod-ls1')
  expect(mine).toHaveLength(1)
  const registrations = cloud.emulator.callsTo('registerTargets')
  expect(registrations.map(call => call.status)).toEqual([200])
  expect((registrations[0]?.body as { targetSpecs: unknown[] }).targetSpecs).toEqual([
    { type: 'container' as const, instanceId: 'pod-ls1', port: 80, weight: 10 }
  ])
  expect(cloud.emulator.callsTo('deRegisterTargets')[0]?.body).toEqual({
    targetIds: [expect.any(String)]
  })
})

test('a listing that never holds still is refused before anything changes', async () => {
  cloud = await startEmulatedCloud(crowdedGroup())
  // Someone keeps re-registering the first IP target: it moves to the end, the total holds.
  cloud.emulator.betweenPages(
    'describeTargets',
    1,
    e => {
      const first = e.lb.targets('tg-web').find(target => target.type === 'ip')
      e.someoneElse.deregisterTargets('tg-web', [first?.targetId as string])
      e.someoneElse.registerTargets('tg-web', [
        { type: 'ip', ipAddress: first?.ipAddress as string, port: 80, weight: 10 }
      ])
    },
    Infinity
  )
  const { report } = await cloud.run(deploy)
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(
    /the targets of tg-web kept changing while they were listed \(4 reads: page 1 changed while later pages were read/
  )
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})
