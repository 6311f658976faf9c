// The balancer's corners: a group behind two listeners (healthy means healthy on both), a group
// no listener uses, a registration the balancer refuses, and the lb API answering the wrong shape.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { podSeed } from '../../emulator/index.js'
import type { Seed } from '../../emulator/index.js'
import { LbClient } from '../../src/jdcloud/lb-client.js'
import { JdcloudError } from '../../src/jdcloud/errors.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

const NEW = 'registry.example.com/shop/web:1.1'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

function service(
  backends: Array<Record<string, unknown>>,
  loadBalancerType: 'alb' | 'nlb' = 'alb'
): Seed {
  const ids = ['pod-e1', 'pod-e2']
  return {
    pods: ids.map(podId => podSeed({ podId })),
    loadBalancing: {
      targetGroups: [{ targetGroupId: 'tg-two', loadBalancerId: 'lb-2', loadBalancerType }],
      backends: backends.map((backend, i) => ({
        backendId: `backend-${i}`,
        port: 80 + i,
        targetGroupIds: ['tg-two'],
        ...backend
      })),
      targets: ids.map(instanceId => ({
        targetGroupId: 'tg-two',
        type: 'container',
        instanceId,
        port: 80
      }))
    }
  }
}

test('two listeners: back in traffic only once both say healthy, the slower one deciding', async () => {
  cloud = await startEmulatedCloud(service([{}, { lbHealthyMs: 9000 }]))
  const { report } = await cloud.run({
    pods: 'pod-e1',
    image: NEW,
    'target-groups': 'tg-two',
    drain: '0'
  })
  expect(report.result).toBe('succeeded')
  expect(report.pods[0]?.balancer?.secondsToHealthy).toBeGreaterThanOrEqual(9)
  expect(cloud.emulator.lb.longestWithoutHealthyTarget('tg-two')).toBe(0)
})

test('a group no listener sends traffic to: nothing to wait for on health', async () => {
  cloud = await startEmulatedCloud({ ...service([]) })
  const { report } = await cloud.run({
    pods: 'pod-e1,pod-e2',
    image: NEW,
    'target-groups': 'tg-two'
  })
  expect(report.result).toBe('succeeded')
  expect(cloud.emulator.callsTo('describeTargetHealth')).toHaveLength(0)
})

test('nlb: a registration refused: the pod fails, naming group, pod, port and weight, and is put back after its rollback', async () => {
  cloud = await startEmulatedCloud(service([{ connectionDrainingSeconds: 0 }], 'nlb'))
  cloud.emulator.inject({
    api: 'registerTargets',
    kind: 'status',
    status: 400,
    errorStatus: 'INVALID_ARGUMENT',
    message: 'target limit reached'
  })
  const { report } = await cloud.run({
    pods: 'pod-e1',
    image: NEW,
    'target-groups': 'tg-two',
    drain: '0'
  })
  expect(report.result).toBe('rolled-back')
  expect(report.pods[0]?.message).toMatch(
    /pod-e1 could not be put back in tg-two: registerTargets: HTTP 400 INVALID_ARGUMENT: target limit reached.*Register it by hand: container pod-e1, port 80, weight 10/
  )
  expect(
    cloud.emulator.lb
      .targets('tg-two')
      .map(t => t.instanceId)
      .sort()
  ).toEqual(['pod-e1', 'pod-e2'])
})

test('alb: the weight refused when given back: the pod fails, naming the target and its weight, and gets it after its rollback', async () => {
  cloud = await startEmulatedCloud(service([{}]))
  const [first] = cloud.emulator.lb.targets('tg-two')
  const unsubscribe = cloud.emulator.onCall('startPod', () => {
    unsubscribe()
    cloud.emulator.inject({
      api: 'updateTargets',
      kind: 'status',
      status: 400,
      errorStatus: 'INVALID_ARGUMENT',
      message: 'target is busy'
    })
  })
  const { report } = await cloud.run({
    pods: 'pod-e1',
    image: NEW,
    'target-groups': 'tg-two',
    drain: '0'
  })
  expect(report.result).toBe('rolled-back')
  expect(report.pods[0]?.message).toMatch(
    new RegExp(
      `pod-e1 could not be put back in tg-two: updateTargets: HTTP 400 INVALID_ARGUMENT: target is busy.*Give it its weight back by hand \\(updateTargets in tg-two\\): ${first?.targetId} weight 10`
    )
  )
  // Registered throughout, with the same ID, and its weight back in the end.
  expect(cloud.emulator.lb.targets('tg-two').map(t => [t.targetId, t.weight])).toEqual(
    cloud.emulator.lb.targets('tg-two').map(t => [t.targetId, 10])
  )
  expect(cloud.emulator.lb.targets('tg-two')[0]?.targetId).toBe(first?.targetId)
  expect(cloud.emulator.callsTo('registerTargets')).toHaveLength(0)
  expect(cloud.emulator.lb.longestWithoutHealthyTarget('tg-two')).toBe(0)
})

test('lb answers of the wrong shape are malformed, not misread', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ requestId: 'r1', result: { targets: 'not a list', totalCount: 1 } }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const lb = new LbClient({
    endpoint: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    region: 'cn-north-1',
    credentials: { accessKey: 'a', secretKey: 's' },
    clock: new VirtualClock()
  })
  try {
    const error = (await lb.describeTargets('tg-x', {}).catch(e => e)) as JdcloudError
    expect(error).toBeInstanceOf(JdcloudError)
    expect(error.message).toMatch(
      /describeTargets: HTTP 200 MALFORMED_RESPONSE: targets is not a list/
    )
  } finally {
    await lb.close(100)
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  }
})
