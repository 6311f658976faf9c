import { PodEmulator, podSeed } from '../../emulator/index.js'
import type { Pod } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { apiError, podApi } from './api.js'

let emu: PodEmulator
let api: ReturnType<typeof podApi>

const ids = (n: number, prefix = 'pod-w'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`)

beforeAll(async () => {
  emu = await PodEmulator.start({
    clock: new VirtualClock(),
    seed: {
      pods: [
        ...ids(25).map((podId, i) =>
          podSeed({
            podId,
            name: `web-${i}`,
            tags: { app: 'web', tier: i < 5 ? 'canary' : 'main' }
          })
        ),
        podSeed({ podId: 'pod-db1', name: 'database-1', tags: { app: 'db' }, phase: 'stopped' }),
        { ...podSeed({ podId: 'pod-x1', name: 'worker' }), az: 'cn-north-1b', vpcId: 'vpc-2' }
      ]
    }
  })
  api = podApi(emu)
})
afterAll(() => emu.close())

async function list(
  query: Array<[string, string | number]>
): Promise<{ ids: string[]; total: number }> {
  const reply = await api.describePods(query)
  expect(reply.status).toBe(200)
  return {
    ids: reply.json.result.pods.map((pod: Pod) => pod.podId),
    total: reply.json.result.totalCount
  }
}

test('pages of 20 by default, ordered by podId, with totalCount', async () => {
  const first = await list([])
  expect(first.total).toBe(27)
  expect(first.ids).toEqual(['pod-db1', ...ids(19)])
  const second = await list([['pageNumber', 2]])
  expect(second.ids).toEqual([...ids(25).slice(19), 'pod-x1'])
  expect((await list([['pageNumber', 3]])).ids).toEqual([])
})

test('pageSize 10-100, more than one page', async () => {
  const pages = await Promise.all(
    [1, 2, 3].map(n =>
      list([
        ['pageSize', 10],
        ['pageNumber', n]
      ])
    )
  )
  expect(pages.map(p => p.ids.length)).toEqual([10, 10, 7])
  expect(new Set(pages.flatMap(p => p.ids)).size).toBe(27)
  for (const bad of [9, 101, 'x'])
    expect((await api.describePods([['pageSize', bad]])).json).toEqual(
      apiError(400, 'INVALID_ARGUMENT', /pageSize/)
    )
  expect((await api.describePods([['pageNumber', 0]])).status).toBe(400)
})

test('podId filter: exact, many values', async () => {
  const result = await list([
    ['filters.1.name', 'podId'],
    ['filters.1.values.1', 'pod-x1'],
    ['filters.1.values.2', 'pod-w003'],
    ['filters.1.values.3', 'pod-w'],
    ['filters.1.values.4', 'pod-gone']
  ])
  expect(result).toEqual({ ids: ['pod-w003', 'pod-x1'], total: 2 })
})

test('name filter: fuzzy, one value', async () => {
  expect(
    (
      await list([
        ['filters.1.name', 'name'],
        ['filters.1.values.1', 'WEB-1']
      ])
    ).ids
  ).toEqual(['pod-w001', ...ids(10).map((_, i) => `pod-w0${10 + i}`)])
  const two = await api.describePods([
    ['filters.1.name', 'name'],
    ['filters.1.values.1', 'a'],
    ['filters.1.values.2', 'b']
  ])
  expect(two.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /one value/))
})

test('privateIpAddress filter: fuzzy, one value (jdcloud-sdk-go DescribePods.go)', async () => {
  const ip = emu.pod('pod-x1').privateIpAddress as string
  const prefix = ip.split('.').slice(0, 3).join('.')
  const all = await list([
    ['pageSize', 100],
    ['filters.1.name', 'privateIpAddress'],
    ['filters.1.values.1', prefix]
  ])
  expect(all.ids.length).toBeGreaterThan(1)
  expect(all.ids).toContain('pod-x1')
  const two = await api.describePods([
    ['filters.1.name', 'privateIpAddress'],
    ['filters.1.values.1', ip],
    ['filters.1.values.2', '10.9.9.9']
  ])
  expect(two.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /takes one value/))
})

test('az, vpcId, subnetId and agId filters: exact, many values', async () => {
  const byVpc = await list([
    ['filters.1.name', 'vpcId'],
    ['filters.1.values.1', 'vpc-2'],
    ['filters.1.values.2', 'vpc-none']
  ])
  expect(byVpc.ids).toEqual(['pod-x1'])
  const byAz = await list([
    ['filters.1.name', 'az'],
    ['filters.1.values.1', 'cn-north-1']
  ])
  expect(byAz.ids).toEqual([]) // exact: cn-north-1 is not cn-north-1a
})

test('phase filter: exact, many, any case; filters combine', async () => {
  expect(
    (
      await list([
        ['filters.1.name', 'phase'],
        ['filters.1.values.1', 'Stopped']
      ])
    ).ids
  ).toEqual(['pod-db1'])
  const combined = await list([
    ['filters.1.name', 'phase'],
    ['filters.1.values.1', 'running'],
    ['filters.1.values.2', 'stopped'],
    ['filters.2.name', 'az'],
    ['filters.2.values.1', 'cn-north-1b']
  ])
  expect(combined.ids).toEqual(['pod-x1'])
  expect(
    (
      await list([
        ['filters.1.name', 'vpcId'],
        ['filters.1.values.1', 'vpc-2']
      ])
    ).ids
  ).toEqual(['pod-x1'])
})

test('filters.10 is read as the tenth filter, not merged into the first', async () => {
  const query: Array<[string, string]> = []
  for (let n = 1; n <= 9; n++)
    query.push(
      [`filters.${n}.name`, 'podId'],
      [`filters.${n}.values.1`, 'pod-x1'],
      [`filters.${n}.values.2`, 'pod-w000']
    )
  query.push(['filters.10.name', 'podId'], ['filters.10.values.1', 'pod-x1'])
  expect((await list(query)).ids).toEqual(['pod-x1'])
})

test('tags: key alone, or key with values', async () => {
  expect(
    (
      await list([
        ['tags.1.key', 'app'],
        ['tags.1.values.1', 'db']
      ])
    ).ids
  ).toEqual(['pod-db1'])
  const canary = await list([
    ['tags.1.key', 'tier'],
    ['tags.1.values.1', 'canary'],
    ['tags.2.key', 'app']
  ])
  expect(canary.ids).toEqual(ids(5))
  expect((await list([['tags.1.key', 'tier']])).total).toBe(25)
})

test('an unknown filter, or one without values, is 400 INVALID_ARGUMENT', async () => {
  expect(
    (
      await api.describePods([
        ['filters.1.name', 'color'],
        ['filters.1.values.1', 'red']
      ])
    ).json
  ).toEqual(apiError(400, 'INVALID_ARGUMENT', /color is not a documented filter/))
  expect((await api.describePods([['filters.1.name', 'podId']])).status).toBe(400)
})
