// registerTargets, deRegisterTargets and updateTargets: the rules of the SDK models, a new
// targetId per registration, answers with only a requestId, whole requests refused or applied,
// and the contract's refusals before any rule.
import { PodEmulator } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { apiError, lbApi } from './api.js'
import { lbRegion } from './lb-region.js'

let emu: PodEmulator
let api: ReturnType<typeof lbApi>

beforeEach(async () => {
  emu = await PodEmulator.start({ clock: new VirtualClock(), seed: lbRegion() })
  api = lbApi(emu)
})
afterEach(() => emu.close())

const ids = (targetGroupId: string): string[] => emu.lb.targets(targetGroupId).map(t => t.targetId)

describe('registerTargets', () => {
  test('a deregistered pod comes back as a new target with a new targetId', async () => {
    const dropped = await api.deRegisterTargets('tg-web', ['target-a'])
    expect(dropped.json).toEqual({ requestId: expect.any(String) })
    expect(ids('tg-web')).toEqual(['target-b'])

    const added = await api.registerTargets('tg-web', [
      { type: 'container', instanceId: 'pod-a', port: 80, weight: 10 }
    ])
    expect(added.status).toBe(200)
    expect(added.json).toEqual({ requestId: expect.any(String) })
    const [again] = emu.lb.targets('tg-web').filter(t => t.instanceId === 'pod-a')
    expect(again).toMatchObject({ type: 'container', port: 80, weight: 10 })
    expect(again?.targetId).toMatch(/^target-[0-9a-z]{8}$/)
    expect(again?.targetId).not.toBe('target-a')
  })

  test('defaults: port 0 (the backend port), weight 10; several specs at once', async () => {
    await api.registerTargets('tg-web', [
      { type: 'container', instanceId: 'pod-c' },
      { type: 'ip', ipAddress: emu.pod('pod-d').privateIpAddress, port: 8080, weight: 0 }
    ])
    expect(emu.lb.targets('tg-web').slice(2)).toEqual([
      expect.objectContaining({ instanceId: 'pod-c', port: 0, weight: 10 }),
      expect.objectContaining({
        type: 'ip',
        ipAddress: emu.pod('pod-d').privateIpAddress,
        port: 8080,
        weight: 0
      })
    ])
    expect(emu.lb.targets('tg-web')[3]).not.toHaveProperty('instanceId')
  })

  test('null for unset fields is accepted, as the Go and Python SDKs send it', async () => {
    const reply = await api.registerTargets('tg-web', [
      { type: 'container', instanceId: 'pod-c', port: null, weight: null, ipAddress: null }
    ])
    expect(reply.status).toBe(200)
  })

  test.each([
    [
      'weight 0 on nlb',
      'tg-tcp',
      { type: 'container', instanceId: 'pod-d', weight: 0 },
      'targetSpecs[0].weight: 0 is only allowed on alb, this target group is nlb'
    ],
    [
      'a pod that does not exist',
      'tg-web',
      { type: 'container', instanceId: 'pod-gone' },
      'targetSpecs[0].instanceId: pod pod-gone does not exist'
    ],
    [
      'a pod registered with the default type (vm)',
      'tg-web',
      { instanceId: 'pod-c' },
      /pod-c is not a vm \(type defaults to vm; a pod is type container\)/
    ],
    [
      'the same pod and port twice',
      'tg-web',
      { type: 'container', instanceId: 'pod-a', port: 80 },
      'targetSpecs[0]: pod-a port 80 is already registered in target group tg-web'
    ],
    [
      'a second port of the same pod on dnlb',
      'tg-dist',
      { type: 'container', instanceId: 'pod-c', port: 81 },
      /one port per instance or IP/,
      [{ type: 'container', instanceId: 'pod-c', port: 80 }]
    ],
    ['an ip target without an IP', 'tg-web', { type: 'ip' }, /ipAddress: type ip needs an IPv4/],
    [
      'an IP on a container target',
      'tg-web',
      { type: 'container', instanceId: 'pod-c', ipAddress: '10.0.0.9' },
      'targetSpecs[0].ipAddress: only for type ip'
    ],
    [
      'a port out of range',
      'tg-web',
      { type: 'container', instanceId: 'pod-c', port: 70000 },
      /port: must be 0-65535/
    ],
    [
      'a weight out of range',
      'tg-web',
      { type: 'container', instanceId: 'pod-c', weight: 101 },
      /weight: must be 0-100/
    ],
    [
      'an unknown type',
      'tg-web',
      { type: 'pod', instanceId: 'pod-c' },
      /type: must be vm, container or ip/
    ]
  ])(
    'INVALID_ARGUMENT for %s, nothing registered',
    async (_, group, spec, message, before = []) => {
      if (before.length > 0) expect((await api.registerTargets(group, before)).status).toBe(200)
      const count = ids(group).length
      const reply = await api.registerTargets(group, [spec])
      expect(reply.json).toEqual(apiError(400, 'INVALID_ARGUMENT', message))
      expect(ids(group)).toHaveLength(count)
    }
  )

  test('one bad spec refuses the whole request', async () => {
    const reply = await api.registerTargets('tg-web', [
      { type: 'container', instanceId: 'pod-c' },
      { type: 'container', instanceId: 'pod-c' }
    ])
    expect(reply.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /targetSpecs\[1\]: pod-c port 0/))
    expect(ids('tg-web')).toEqual(['target-a', 'target-b'])
  })

  test('the contract refuses an unknown field or a wrong type before any rule', async () => {
    const unknown = await api.registerTargets('tg-web', [
      { type: 'container', instanceId: 'pod-c', podId: 'pod-c' }
    ])
    expect(unknown.json).toEqual(
      apiError(400, 'INVALID_ARGUMENT', 'targetSpecs[0].podId: unknown field')
    )
    const typed = await api.registerTargets('tg-web', [
      { type: 'container', instanceId: 'pod-c', port: '80' }
    ])
    expect(typed.json).toEqual(
      apiError(400, 'INVALID_ARGUMENT', 'targetSpecs[0].port: must be an integer')
    )
    expect(emu.mutatingCalls()).toEqual([])
  })

  test('an unknown group: 404, checked after the body', async () => {
    const reply = await api.registerTargets('tg-nope', [{ type: 'container', instanceId: 'pod-c' }])
    expect(reply.json).toEqual(apiError(404, 'NOT_FOUND', 'targetGroup tg-nope not found'))
  })
})

describe('deRegisterTargets and updateTargets', () => {
  test('an unknown target refuses the whole request', async () => {
    const reply = await api.deRegisterTargets('tg-web', ['target-a', 'target-zz'])
    expect(reply.json).toEqual(
      apiError(404, 'NOT_FOUND', 'target target-zz not found in target group tg-web')
    )
    expect(ids('tg-web')).toEqual(['target-a', 'target-b'])
    const elsewhere = await api.deRegisterTargets('tg-tcp', ['target-a'])
    expect(elsewhere.status).toBe(404)
  })

  test('the body names targetIds; the path says deregisterTargets', async () => {
    const reply = await api.deRegisterTargets('tg-web', [])
    expect(reply.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /at least one/))
    expect(emu.calls.at(-1)?.path).toBe(
      '/v1/regions/cn-north-1/targetGroups/tg-web%3AderegisterTargets'
    )
  })

  test('updateTargets changes port and weight, and keeps the targetId', async () => {
    const reply = await api.updateTargets('tg-web', [{ targetId: 'target-a', weight: 0 }])
    expect(reply.json).toEqual({ requestId: expect.any(String) })
    expect(emu.lb.targets('tg-web')[0]).toMatchObject({ targetId: 'target-a', port: 80, weight: 0 })

    const clash = await api.updateTargets('tg-web', [{ targetId: 'target-a', port: 80 }])
    expect(clash.status).toBe(200)
    const nlbZero = await api.updateTargets('tg-tcp', [{ targetId: 'target-c', weight: 0 }])
    expect(nlbZero.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /only allowed on alb/))
    const unknown = await api.updateTargets('tg-web', [{ targetId: 'target-zz', weight: 5 }])
    expect(unknown.status).toBe(404)
  })
})

describe('someone else on the console', () => {
  test('someone else registers, updates and deregisters with the same rules', () => {
    const [id] = emu.someoneElse.registerTargets('tg-web', [
      { type: 'container', instanceId: 'pod-c' }
    ])
    expect(ids('tg-web')).toEqual(['target-a', 'target-b', id])
    emu.someoneElse.updateTargets('tg-web', [{ targetId: id ?? '', weight: 50 }])
    expect(emu.lb.targets('tg-web')[2]?.weight).toBe(50)
    emu.someoneElse.deregisterTargets('tg-web', ['target-a', id ?? ''])
    expect(ids('tg-web')).toEqual(['target-b'])
    expect(() =>
      emu.someoneElse.registerTargets('tg-web', [
        { type: 'container', instanceId: 'pod-b', port: 80 }
      ])
    ).toThrow(/already registered/)
    expect(emu.calls).toEqual([])
  })
})
