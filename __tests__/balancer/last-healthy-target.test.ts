// Issue 18, 1: no take-out leaves a group without a healthy target carrying traffic, forward or
// back. pod-2 cannot start, not even on its old containers (startPod answers 403); pod-1 is
// already on the new release and healthy. Rolling pod-1 back would take out the group's last
// healthy target, so it stays on the new release, serving, and says why; the run fails.
import { podSeed } from '../../emulator/index.js'
import type { Seed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEW = 'registry.example.com/shop/web:1.1'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

function service(loadBalancerType: 'alb' | 'nlb'): Seed {
  const ids = ['pod-h1', 'pod-h2']
  return {
    pods: ids.map((podId, i) => podSeed({ podId, name: `web-${i + 1}` })),
    loadBalancing: {
      targetGroups: [{ targetGroupId: 'tg-x', loadBalancerId: 'lb-x', loadBalancerType }],
      backends: [
        {
          backendId: 'backend-x',
          port: 80,
          targetGroupIds: ['tg-x'],
          ...(loadBalancerType === 'nlb' ? { connectionDrainingSeconds: 5 } : {})
        }
      ],
      targets: ids.map(instanceId => ({
        targetGroupId: 'tg-x',
        type: 'container',
        instanceId,
        port: 80
      }))
    }
  }
}

test.each(['alb', 'nlb'] as const)(
  '%s: the rollback leaves pod-1 on the new release, serving, rather than take out the last healthy target',
  async type => {
    cloud = await startEmulatedCloud(service(type))
    cloud.emulator.inject({
      api: 'startPod',
      podId: 'pod-h2',
      kind: 'status',
      status: 403,
      times: Infinity
    })
    const { report, outputs, summary } = await cloud.run({
      pods: 'pod-h1,pod-h2',
      image: NEW,
      'target-groups': 'tg-x',
      drain: '2s'
    })
    expect(cloud.emulator.lb.longestWithoutHealthyTarget('tg-x')).toBe(0)
    expect(report.result).toBe('failed')
    const [first, second] = report.pods
    expect(second?.outcome).toBe('rollback-failed')
    expect(first?.outcome).toBe('not-rolled-back')
    expect(first?.message).toMatch(
      /^left on the new release so that tg-x keeps a healthy target; taking pod-h1 out would leave tg-x without a healthy target carrying traffic: every other target of it is out of traffic or not listed \(pod-h2 failed\)$/
    )
    // Still on the new release, running, and in traffic: never taken out again.
    const pod = cloud.emulator.pod('pod-h1')
    expect(pod.containers?.[0]?.image).toBe(NEW)
    expect(pod.podStatus?.phase).toBe('running')
    expect(
      cloud.emulator
        .mutatingCalls()
        .filter(call => call.podId === 'pod-h1')
        .map(call => call.api)
    ).toEqual(['stopPod', 'rebuildPod', 'startPod'])
    expect(report.error).toMatch(/pod-h1 was NOT ROLLED BACK: left on the new release so that tg-x/)
    const rows = JSON.parse(outputs.pods as string) as Array<{ outcome: string; message: string }>
    expect(rows[0]).toMatchObject({ outcome: 'not-rolled-back' })
    expect(rows[0]?.message).toMatch(/so that tg-x keeps a healthy target/)
    expect(outputs.result).toBe('failed')
    expect(summary).toMatch(
      /was not rolled back:\*\* left on the new release so that tg-x keeps a healthy target/
    )
    expect(summary).toContain('so that tg-x keeps a healthy target')
    // pod-2 is put back in the end anyway: the balancer's own check keeps it out while broken.
    expect(cloud.emulator.lb.targets('tg-x').map(t => [t.instanceId, t.weight])).toEqual([
      ['pod-h1', 10],
      ['pod-h2', 10]
    ])
  }
)
