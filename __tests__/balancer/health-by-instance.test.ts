// Issue 18, 3: health by instance, not by port. TargetHealth.port is the health check's port
// (jdcloud-sdk-go services/lb/models/TargetHealth.go), so a backend that checks another port
// than the traffic port reports rows whose port is no target's. A row is the target's by group,
// type and instance (ip: address); an instance registered twice is healthy only when every one
// of its rows is.
import { podSeed } from '../../emulator/index.js'
import type { Seed } from '../../emulator/index.js'
import type { TargetHealth } from '../../src/jdcloud/lb-types.js'
import { hasHealthyOutside, statusOf } from '../../src/rollout/balancer-health.js'
import type { Group, Registration } from '../../src/rollout/balancer-setup.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEW = 'registry.example.com/shop/web:1.1'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

function service(loadBalancerType: 'alb' | 'nlb'): Seed {
  const ids = ['pod-hc1', 'pod-hc2']
  return {
    pods: ids.map((podId, i) => podSeed({ podId, name: `web-${i + 1}` })),
    loadBalancing: {
      targetGroups: [{ targetGroupId: 'tg-hc', loadBalancerId: 'lb-hc', loadBalancerType }],
      backends: [
        {
          backendId: 'backend-hc',
          port: 80,
          targetGroupIds: ['tg-hc'],
          healthCheck: { protocol: 'Tcp', port: 9090 },
          ...(loadBalancerType === 'nlb' ? { connectionDrainingSeconds: 0 } : {})
        }
      ],
      targets: ids.map(instanceId => ({
        targetGroupId: 'tg-hc',
        type: 'container',
        instanceId,
        port: 8080
      }))
    }
  }
}

test.each(['alb', 'nlb'] as const)(
  '%s: a backend that health-checks port 9090 of targets serving on 8080: healthy in seconds',
  async type => {
    cloud = await startEmulatedCloud(service(type))
    // As the API does: the rows carry the health check's port.
    expect(cloud.emulator.lb.health('backend-hc').map(row => row.port)).toEqual([9090, 9090])
    const { report } = await cloud.run({
      pods: 'pod-hc1,pod-hc2',
      image: NEW,
      'target-groups': 'tg-hc',
      drain: '0',
      timeout: '2m'
    })
    expect(report.result).toBe('succeeded')
    for (const pod of report.pods) {
      expect(pod.balancer?.secondsToHealthy).toBeLessThan(10)
      expect(pod.balancer?.targets).toEqual([
        { targetGroupId: 'tg-hc', port: 8080, weight: 10, health: 'healthy' }
      ])
    }
    expect(cloud.emulator.lb.longestWithoutHealthyTarget('tg-hc')).toBe(0)
  }
)

describe('rows of one instance registered twice in one group', () => {
  const group: Group = {
    id: 'tg-2',
    group: { targetGroupId: 'tg-2' },
    type: 'alb',
    backends: [{ backendId: 'b-1', targetGroupIds: ['tg-2'] }],
    targets: [],
    leaves: 'by-weight'
  }
  const registration = (port: number): Registration => ({
    group,
    out: false,
    spec: { type: 'container', instanceId: 'pod-a', port, weight: 10 }
  })
  const row = (status: string, extra: Partial<TargetHealth> = {}): TargetHealth => ({
    targetGroupId: 'tg-2',
    type: 'container',
    instanceId: 'pod-a',
    port: 9090,
    status,
    ...extra
  })
  const seen = (rows: TargetHealth[]) => new Map([['b-1', rows]])

  test('healthy only when every row is, whatever port the rows give', () => {
    expect(
      statusOf(registration(8080), seen([row('healthy'), row('healthy')]), group.backends)
    ).toBe('healthy')
    expect(
      statusOf(
        registration(8081),
        seen([
          row('healthy'),
          row('unhealthy', { unhealthReason: { reason: 'CONNECT_FAILED', detail: 'refused' } })
        ]),
        group.backends
      )
    ).toBe('unhealthy on b-1: CONNECT_FAILED: refused')
  })

  test('rows of another group, type or instance are not the target’s', () => {
    for (const other of [
      row('healthy', { targetGroupId: 'tg-other' }),
      row('healthy', { type: 'vm' }),
      row('healthy', { instanceId: 'pod-b' })
    ])
      expect(statusOf(registration(8080), seen([other]), group.backends)).toBe('not listed by b-1')
  })

  test('a group keeps a healthy target outside only if that instance carries traffic and every row is healthy', () => {
    const others = (rows: TargetHealth[]) =>
      hasHealthyOutside(group, seen(rows), entry => entry.instanceId === 'pod-a')
    const b = { instanceId: 'pod-b' }
    expect(others([row('healthy'), row('healthy', b)])).toBe(true)
    expect(others([row('healthy'), row('healthy', b), row('unhealthy', b)])).toBe(false)
    expect(others([row('healthy'), row('healthy', { ...b, weight: 0 })])).toBe(false)
    expect(others([row('healthy')])).toBe(false)
  })
})
