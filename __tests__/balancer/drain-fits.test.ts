// Issue 18, 9: drains fit the timeout. A pod's drain happens inside its timeout, so a drain that
// cannot fit — the input's, or an nlb backend's own connectionDrainingSeconds — is refused
// before any change, naming the drain and the timeout.
import { podSeed } from '../../emulator/index.js'
import type { Seed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEW = 'registry.example.com/shop/web:1.1'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

function service(loadBalancerType: 'alb' | 'nlb', connectionDrainingSeconds?: number): Seed {
  const ids = ['pod-d1', 'pod-d2']
  return {
    pods: ids.map(podId => podSeed({ podId })),
    loadBalancing: {
      targetGroups: [{ targetGroupId: 'tg-d', loadBalancerId: 'lb-d', loadBalancerType }],
      backends: [
        {
          backendId: 'backend-d',
          port: 80,
          targetGroupIds: ['tg-d'],
          ...(connectionDrainingSeconds === undefined ? {} : { connectionDrainingSeconds })
        }
      ],
      targets: ids.map(instanceId => ({
        targetGroupId: 'tg-d',
        type: 'container',
        instanceId,
        port: 80
      }))
    }
  }
}

test('drain: 40s with timeout: 30s is refused before any call, naming both', async () => {
  cloud = await startEmulatedCloud(service('alb'))
  const { report } = await cloud.run({
    pods: 'pod-d1',
    image: NEW,
    'target-groups': 'tg-d',
    drain: '40s',
    timeout: '30s'
  })
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(
    /drain: 40s does not fit in timeout 30s: a pod's update, its drain included, must end within timeout. Lower drain below 30s, or raise timeout above 40s/
  )
  expect(cloud.emulator.calls).toEqual([])
})

test('an nlb backend that drains for 40 s, with timeout: 30s: refused before any change, naming the backend', async () => {
  cloud = await startEmulatedCloud(service('nlb', 40))
  const { report } = await cloud.run({
    pods: 'pod-d1',
    image: NEW,
    'target-groups': 'tg-d',
    drain: '5s',
    timeout: '30s'
  })
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(
    /target-groups: tg-d: backend backend-d \(nlb\) keeps a removed target's connections for 40 s \(connectionDrainingSeconds\), which does not fit in timeout 30 s.*Raise timeout above 40 s, or lower the backend's connectionDrainingSeconds below 30 s/
  )
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('a drain that fits is waited out whole, and the pod then updated within its timeout', async () => {
  cloud = await startEmulatedCloud(service('nlb', 20))
  const { report } = await cloud.run({
    pods: 'pod-d1',
    image: NEW,
    'target-groups': 'tg-d',
    drain: '5s',
    timeout: '1m'
  })
  expect(report.result).toBe('succeeded')
  expect(report.pods[0]?.balancer?.drainSeconds).toBe(20)
})
