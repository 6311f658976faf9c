// seed.loadBalancing: its shape, what refers to what, and the API's own target rules, each
// failure a SeedError naming the field; the demo seed's load balancer.
import { readFileSync } from 'node:fs'
import { PodEmulator, parseSeed, podSeed, SeedError } from '../../emulator/index.js'
import type { LoadBalancingSeed } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

const group = { targetGroupId: 'tg-1', loadBalancerId: 'lb-1', loadBalancerType: 'alb' }
const nlbGroup = { targetGroupId: 'tg-n', loadBalancerId: 'lb-n', loadBalancerType: 'nlb' }

describe('the shape, checked by parseSeed', () => {
  test.each([
    [{ targetGroup: [] }, 'seed.loadBalancing.targetGroup: unknown field'],
    [
      { targetGroups: [{ ...group, loadBalancerType: 'elb' }] },
      /targetGroups\[0\]\.loadBalancerType: must be one of alb, nlb, dnlb/
    ],
    [
      { targetGroups: [{ ...group, targetGroupId: '' }] },
      /targetGroups\[0\]\.targetGroupId: must be a non-empty string/
    ],
    [
      { backends: [{ backendId: 'be-1', targetGroupIds: ['a', 'b'], port: 80 }] },
      /backends\[0\]\.targetGroupIds: a backend points at one target group at most/
    ],
    [{ backends: [{ backendId: 'be-1', targetGroupIds: [] }] }, /backends\[0\]\.port: required/],
    [
      {
        backends: [{ backendId: 'be-1', targetGroupIds: [], port: 80, healthCheck: { path: '/' } }]
      },
      /healthCheck\.path: unknown field/
    ],
    [
      { targets: [{ targetGroupId: 'tg-1', type: 'pod', instanceId: 'pod-a' }] },
      /targets\[0\]\.type: must be one of vm, container, ip/
    ],
    [
      { targets: [{ targetGroupId: 'tg-1', type: 'container', weight: 200 }] },
      /targets\[0\]\.weight: must be an integer from 0 to 100/
    ]
  ])('%j', (loadBalancing, message) => {
    expect(() => parseSeed({ loadBalancing })).toThrow(SeedError)
    expect(() => parseSeed({ loadBalancing })).toThrow(message)
  })
})

describe('references and rules, checked when applied', () => {
  const start = (loadBalancing: unknown) =>
    PodEmulator.start({
      clock: new VirtualClock(),
      seed: {
        pods: [podSeed({ podId: 'pod-a' })],
        loadBalancing: loadBalancing as LoadBalancingSeed
      }
    })

  test.each([
    [
      { targetGroups: [group, group] },
      'seed.loadBalancing.targetGroups[1].targetGroupId: tg-1 is seeded twice'
    ],
    [
      { backends: [{ backendId: 'be-1', port: 80, targetGroupIds: ['tg-x'] }] },
      'seed.loadBalancing.backends[0].targetGroupIds[0]: no target group tg-x'
    ],
    [
      { backends: [{ backendId: 'be-1', port: 80, targetGroupIds: [] }] },
      /backends\[0\]: loadBalancerId and loadBalancerType are needed without a group/
    ],
    [
      {
        targetGroups: [group],
        backends: [
          { backendId: 'be-1', port: 80, targetGroupIds: ['tg-1'], loadBalancerType: 'nlb' }
        ]
      },
      /backends\[0\]\.loadBalancerType: its group is alb/
    ],
    [
      {
        targetGroups: [group],
        backends: [
          { backendId: 'be-1', port: 80, targetGroupIds: ['tg-1'], connectionDrainingSeconds: 10 }
        ]
      },
      /connectionDrainingSeconds: only nlb backends have it/
    ],
    [
      {
        targetGroups: [nlbGroup],
        backends: [{ backendId: 'be-1', port: 80, targetGroupIds: ['tg-n'], protocol: 'Http' }]
      },
      /protocol: nlb takes Tcp, Udp/
    ],
    [
      { targets: [{ targetGroupId: 'tg-1', type: 'container', instanceId: 'pod-a' }] },
      'seed.loadBalancing.targets[0].targetGroupId: no target group tg-1'
    ],
    [
      {
        targetGroups: [group],
        targets: [{ targetGroupId: 'tg-1', type: 'container', instanceId: 'pod-z' }]
      },
      'seed.loadBalancing.targets[0]: instanceId: pod pod-z does not exist'
    ],
    [
      {
        targetGroups: [nlbGroup],
        targets: [{ targetGroupId: 'tg-n', type: 'container', instanceId: 'pod-a', weight: 0 }]
      },
      /targets\[0\]: weight: 0 is only allowed on alb/
    ],
    [
      {
        targetGroups: [group],
        targets: [
          { targetGroupId: 'tg-1', type: 'container', instanceId: 'pod-a', targetId: 't-1' },
          {
            targetGroupId: 'tg-1',
            type: 'container',
            instanceId: 'pod-a',
            port: 81,
            targetId: 't-1'
          }
        ]
      },
      'seed.loadBalancing.targets[1].targetId: t-1 is seeded twice'
    ]
  ])('%j', async (loadBalancing, message) => {
    await expect(start(loadBalancing)).rejects.toThrow(SeedError)
    await expect(start(loadBalancing)).rejects.toThrow(message)
  })
})

test('the demo seed: tg-shopweb behind an alb Http backend on port 80, both pods healthy', async () => {
  const seed = parseSeed(
    JSON.parse(readFileSync(new URL('../../emulator/seeds/demo.json', import.meta.url), 'utf8'))
  )
  const emu = await PodEmulator.start({ clock: new VirtualClock(), seed })
  try {
    const [backend] = emu.lb.backends()
    expect(backend).toMatchObject({ protocol: 'Http', port: 80, targetGroupIds: ['tg-shopweb'] })
    expect(emu.lb.targets('tg-shopweb')).toEqual([
      expect.objectContaining({
        type: 'container',
        instanceId: 'pod-demo01',
        port: 80,
        weight: 10
      }),
      expect.objectContaining({ type: 'container', instanceId: 'pod-demo02', port: 80, weight: 10 })
    ])
    expect(emu.lb.health(backend?.backendId ?? '').map(h => h.status)).toEqual([
      'healthy',
      'healthy'
    ])
  } finally {
    await emu.close()
  }
})
