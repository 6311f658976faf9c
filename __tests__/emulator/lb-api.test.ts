// The lb API on its own port: signatures scoped to lb, the SDKs' paths, the three lists with
// their paging, filters and alb default, the envelope, the record of calls, and faults.
import { PodEmulator } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { signed } from '../../__fixtures__/signed-request.js'
import { apiError, filters, lbApi } from './api.js'
import { lbRegion } from './lb-region.js'

let emu: PodEmulator
let api: ReturnType<typeof lbApi>

beforeEach(async () => {
  emu = await PodEmulator.start({ clock: new VirtualClock(), seed: lbRegion() })
  api = lbApi(emu)
})
afterEach(() => emu.close())

const lbTarget = () => ({
  url: emu.lbUrl,
  region: emu.region,
  credentials: emu.credentials,
  clock: emu.clock
})

describe('its own server, its own signature scope', () => {
  test('the lb API listens on a port of its own', () => {
    expect(emu.lbUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(emu.lbUrl).not.toBe(emu.url)
  })

  test('an lb-scoped signature is accepted; a pod-scoped one is refused', async () => {
    expect((await api.describeTargetGroups()).status).toBe(200)
    const podScoped = await signed(lbTarget(), 'GET', '/targetGroups/')
    expect(podScoped.status).toBe(401)
    expect(podScoped.json).toEqual(
      apiError(401, 'ACCESS_ERROR', 'invalid service pod in the credential scope')
    )
  })

  test('the pod API refuses an lb-scoped signature, and serves no lb path', async () => {
    const lbScoped = await signed(emu, 'GET', '/pods', { service: 'lb' })
    expect(lbScoped.json).toEqual(
      apiError(401, 'ACCESS_ERROR', 'invalid service lb in the credential scope')
    )
    const lbPath = await signed(emu, 'GET', '/targetGroups/')
    expect(lbPath.status).toBe(404)
  })

  test('paths as the SDKs write them: trailing slash on the lists, %3A or a literal colon', async () => {
    const noSlash = await signed(lbTarget(), 'GET', '/targetGroups', { service: 'lb' })
    expect(noSlash.json).toEqual(
      apiError(404, 'NOT_FOUND', 'no API answers GET /v1/regions/cn-north-1/targetGroups')
    )
    const literal = await signed(lbTarget(), 'GET', '/targetGroups/tg-web:describeTargets', {
      service: 'lb',
      literalColon: true
    })
    expect(literal.status).toBe(200)
    const wrongMethod = await signed(lbTarget(), 'GET', '/targetGroups/tg-web:registerTargets', {
      service: 'lb'
    })
    expect(wrongMethod.status).toBe(404)
  })
})

describe('describeTargetGroups', () => {
  test('without a type filter: alb groups only', async () => {
    const reply = await api.describeTargetGroups()
    expect(reply.json).toEqual({
      requestId: expect.any(String),
      result: {
        targetGroups: [
          {
            targetGroupId: 'tg-web',
            targetGroupName: 'web',
            loadBalancerId: 'alb-shop',
            loadBalancerType: 'alb',
            loadBalancerName: 'alb-shop',
            description: '',
            createdTime: expect.any(String),
            type: 'instance'
          }
        ],
        totalCount: 1
      }
    })
  })

  test('by ID without the type filter an nlb group is not found; with it, it is', async () => {
    const byId = await api.describeTargetGroups(filters(['targetGroupIds', 'tg-tcp', 'tg-web']))
    expect(
      byId.json.result.targetGroups.map((g: { targetGroupId: string }) => g.targetGroupId)
    ).toEqual(['tg-web'])
    for (const [type, id] of [
      ['nlb', 'tg-tcp'],
      ['dnlb', 'tg-dist']
    ] as const) {
      const typed = await api.describeTargetGroups(
        filters(['targetGroupIds', id], ['loadBalancerType', type])
      )
      expect(typed.json.result).toMatchObject({
        targetGroups: [{ targetGroupId: id }],
        totalCount: 1
      })
    }
  })

  test('names, load balancer, a bad type, too many values for a one-value filter', async () => {
    const byName = await api.describeTargetGroups(
      filters(['targetGroupNames', 'tcp'], ['loadBalancerType', 'nlb'])
    )
    expect(byName.json.result.totalCount).toBe(1)
    const otherLb = await api.describeTargetGroups(filters(['loadBalancerId', 'alb-other']))
    expect(otherLb.json.result).toEqual({ targetGroups: [], totalCount: 0 })
    const badType = await api.describeTargetGroups(filters(['loadBalancerType', 'elb']))
    expect(badType.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /loadBalancerType.*elb/))
    const twoLbs = await api.describeTargetGroups(filters(['loadBalancerId', 'a', 'b']))
    expect(twoLbs.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /loadBalancerId takes one value/))
    const unknown = await api.describeTargetGroups(filters(['vpcId', 'vpc-1']))
    expect(unknown.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /vpcId is not a documented/))
  })

  test('paging: pageSize 10-100, pageNumber from 1, past the end the last page', async () => {
    emu.seed({
      loadBalancing: {
        targetGroups: Array.from({ length: 24 }, (_, i) => ({
          targetGroupId: `tg-x${String(i).padStart(2, '0')}`,
          loadBalancerId: 'alb-many',
          loadBalancerType: 'alb' as const
        }))
      }
    })
    const many = filters(['loadBalancerId', 'alb-many'])
    const first = await api.describeTargetGroups(many)
    expect(first.json.result.targetGroups).toHaveLength(20)
    expect(first.json.result.totalCount).toBe(24)
    const third = await api.describeTargetGroups([...many, ['pageNumber', 3], ['pageSize', 10]])
    expect(
      third.json.result.targetGroups.map((g: { targetGroupId: string }) => g.targetGroupId)
    ).toEqual(['tg-x20', 'tg-x21', 'tg-x22', 'tg-x23'])
    const pastTheEnd = await api.describeTargetGroups([
      ...many,
      ['pageNumber', 9],
      ['pageSize', 10]
    ])
    expect(pastTheEnd.json.result.targetGroups).toEqual(third.json.result.targetGroups)
    for (const pageSize of [9, 101]) {
      const bad = await api.describeTargetGroups([['pageSize', pageSize]])
      expect(bad.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /pageSize must be .* 10 to 100/))
    }
  })
})

describe('describeBackends and describeTargets', () => {
  test('backends: alb by default, nlb with its draining time, the documented filters', async () => {
    const alb = await api.describeBackends()
    expect(alb.json.result.backends.map((b: { backendId: string }) => b.backendId)).toEqual([
      'be-http',
      'be-idle'
    ])
    expect(alb.json.result.backends[0]).toMatchObject({
      backendName: 'http',
      loadBalancerId: 'alb-shop',
      protocol: 'Http',
      port: 80,
      targetGroupIds: ['tg-web'],
      healthCheck: { protocol: 'Http', port: 0, httpPath: '/' }
    })
    expect(alb.json.result.backends[0]).not.toHaveProperty('connectionDrainingSeconds')
    const nlb = await api.describeBackends(filters(['loadBalancerType', 'nlb']))
    expect(nlb.json.result.backends).toEqual([
      expect.objectContaining({
        backendId: 'be-tcp',
        protocol: 'Tcp',
        connectionDrainingSeconds: 30
      })
    ])
    const byName = await api.describeBackends(
      filters(['backendNames', 'idle'], ['protocol', 'Http'])
    )
    expect(byName.json.result.totalCount).toBe(1)
    const byAg = await api.describeBackends(filters(['agId', 'ag-1']))
    expect(byAg.json.result.totalCount).toBe(0)
  })

  test('targets of a group, with the pod IP, filtered and paged', async () => {
    const all = await api.describeTargets('tg-web')
    expect(all.json.result).toEqual({
      targets: [
        {
          targetId: 'target-a',
          targetGroupId: 'tg-web',
          type: 'container',
          instanceId: 'pod-a',
          port: 80,
          weight: 10,
          privateIpAddress: emu.pod('pod-a').privateIpAddress,
          ipAddress: emu.pod('pod-a').privateIpAddress
        },
        expect.objectContaining({ targetId: 'target-b', instanceId: 'pod-b' })
      ],
      totalCount: 2
    })
    const ip = emu.pod('pod-b').privateIpAddress ?? ''
    for (const query of [
      filters(['targetIds', 'target-b', 'target-zz']),
      filters(['instanceId', 'pod-b']),
      filters(['ipAddress', ip], ['type', 'container'], ['port', '80'])
    ]) {
      const reply = await api.describeTargets('tg-web', query)
      expect(reply.json.result.targets.map((t: { targetId: string }) => t.targetId)).toEqual([
        'target-b'
      ])
    }
    const none = await api.describeTargets('tg-web', filters(['type', 'ip']))
    expect(none.json.result.totalCount).toBe(0)
    const badType = await api.describeTargets('tg-web', filters(['type', 'pod']))
    expect(badType.status).toBe(400)
  })

  test('an unknown group or backend: 404 NOT_FOUND', async () => {
    expect((await api.describeTargets('tg-nope')).json).toEqual(
      apiError(404, 'NOT_FOUND', 'targetGroup tg-nope not found')
    )
    expect((await api.describeTargetHealth('be-nope')).json).toEqual(
      apiError(404, 'NOT_FOUND', 'backend be-nope not found')
    )
  })
})

describe('recorded calls and faults', () => {
  test('lb calls are recorded with their service, API name, group and backend', async () => {
    await api.describeTargetHealth('be-http')
    await api.deRegisterTargets('tg-web', ['target-a'])
    expect(emu.calls).toEqual([
      expect.objectContaining({
        service: 'lb',
        api: 'describeTargetHealth',
        backendId: 'be-http',
        status: 200,
        applied: false
      }),
      expect.objectContaining({
        service: 'lb',
        api: 'deRegisterTargets',
        targetGroupId: 'tg-web',
        body: { targetIds: ['target-a'] },
        status: 200,
        applied: true
      })
    ])
    expect(emu.mutatingCalls().map(call => call.api)).toEqual(['deRegisterTargets'])
    expect(emu.callsTo('describeTargetHealth')).toHaveLength(1)
  })

  test('a status fault on describeTargetHealth, for one backend only', async () => {
    emu.inject({ api: 'describeTargetHealth', backendId: 'be-tcp', kind: 'status', status: 503 })
    expect((await api.describeTargetHealth('be-http')).status).toBe(200)
    const faulted = await api.describeTargetHealth('be-tcp')
    expect(faulted.json).toEqual(apiError(503, 'UNAVAILABLE'))
    expect((await api.describeTargetHealth('be-tcp')).status).toBe(200)
  })

  test("a fault before a change leaves it undone; when: 'after' applies it first", async () => {
    emu.inject({ api: 'deRegisterTargets', kind: 'status', status: 500 })
    expect((await api.deRegisterTargets('tg-web', ['target-a'])).status).toBe(500)
    expect(emu.lb.targets('tg-web')).toHaveLength(2)

    emu.inject({ api: 'deRegisterTargets', targetGroupId: 'tg-web', kind: 'reset', when: 'after' })
    await expect(api.deRegisterTargets('tg-web', ['target-a'])).rejects.toThrow()
    expect(emu.lb.targets('tg-web').map(t => t.targetId)).toEqual(['target-b'])
    expect(emu.callsTo('deRegisterTargets').map(c => [c.fault, c.applied])).toEqual([
      ['status', false],
      ['reset', true]
    ])
  })

  test("'*' faults reach lb calls too, and a truncated read keeps its real answer", async () => {
    emu.inject({ api: '*', kind: 'truncated' })
    const reply = await api.describeTargets('tg-web')
    expect(reply.status).toBe(200)
    expect(reply.json).toBeUndefined()
    expect(reply.text).toMatch(/^\{"requestId":"\w+","result":\{"targets":\[/)
  })
})
