import { PodEmulator } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { apiError, base64, podApi, secretBody } from './api.js'

let clock: VirtualClock
let emu: PodEmulator
let api: ReturnType<typeof podApi>

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({ clock, secretQuota: 30 })
  api = podApi(emu)
})
afterEach(() => emu.close())

test('createSecret stores it with createdAt from the clock; reads return the data as stored', async () => {
  const created = await api.createSecret(secretBody('regcred-20261122100000'))
  expect(created.json.result).toEqual({ secretName: 'regcred-20261122100000' })
  const expected = {
    name: 'regcred-20261122100000',
    type: 'docker-registry',
    createdAt: '2026-11-22T10:00:00.000Z',
    data: secretBody('x').data
  }
  expect((await api.describeSecret('regcred-20261122100000')).json.result.secret).toEqual(expected)
  expect(emu.secrets()).toEqual([expected])
  expect(emu.mutatingCalls()).toEqual([
    expect.objectContaining({ api: 'createSecret', secretName: 'regcred-20261122100000' })
  ])
})

test('names are unique: 409 ALREADY_EXISTS', async () => {
  await api.createSecret(secretBody('regcred-a'))
  expect((await api.createSecret(secretBody('regcred-a'))).json).toEqual(
    apiError(409, 'ALREADY_EXISTS', 'secret regcred-a already exists')
  )
})

test.each([
  ['Upper', 'name'],
  ['1starts-with-digit', 'name'],
  ['ends-with-dash-', 'name'],
  ['under_score', 'name'],
  ['a'.repeat(64), 'name']
])('the name rule refuses %s', async (name, field) => {
  const reply = await api.createSecret(secretBody(name))
  expect(reply.json).toEqual(apiError(400, 'INVALID_ARGUMENT', new RegExp(field)))
})

test('accepts names of 1 and 63 characters', async () => {
  expect((await api.createSecret(secretBody('a'))).status).toBe(200)
  expect((await api.createSecret(secretBody('a'.repeat(63)))).status).toBe(200)
})

test('every value must be strict base64 without line breaks, naming the key', async () => {
  const plain = secretBody('regcred-a')
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ ...plain.data, password: 'not base64!' }, /data\.password/],
    [{ ...plain.data, username: `${base64('a'.repeat(60))}\n` }, /data\.username/],
    [{ ...plain.data, server: 'abc' }, /data\.server/],
    [{ ...plain.data, email: 'x@y' }, /data\.email/]
  ]
  for (const [data, message] of cases)
    expect((await api.createSecret({ ...plain, data })).json).toEqual(
      apiError(400, 'INVALID_ARGUMENT', message)
    )
  expect(emu.secrets()).toEqual([])
})

test('server, username and password are required; data keys and sizes are checked', async () => {
  const { data, ...rest } = secretBody('regcred-a')
  const { password: _password, ...noPassword } = data
  expect((await api.createSecret({ ...rest, data: noPassword })).json.error.message).toMatch(
    /data\.password: required/
  )
  expect(
    (await api.createSecret({ ...rest, data: { ...data, 'bad key': 'YQ==' } })).json.error.message
  ).toMatch(/data\.bad key: unknown field/)
  expect(
    (await api.createSecret({ ...rest, data: { ...data, password: base64('x'.repeat(3100)) } }))
      .json.error.message
  ).toMatch(/4 KB/)
})

test('only docker-registry secrets', async () => {
  const reply = await api.createSecret({ ...secretBody('regcred-a'), secretType: 'opaque' })
  expect(reply.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /secretType/))
})

test('beyond the quota: 429 QUOTA_EXCEEDED; describeQuota shows limit and used', async () => {
  emu.seed({
    secrets: Array.from({ length: 29 }, (_, i) => ({
      name: `seeded-${i}`,
      data: secretBody('any').data
    }))
  })
  expect((await api.createSecret(secretBody('s-30'))).status).toBe(200)
  const refused = await api.createSecret(secretBody('s-31'))
  expect(refused.status).toBe(429)
  expect(refused.json).toEqual(apiError(429, 'QUOTA_EXCEEDED', /quota/))
  expect((await api.describeQuota('secret')).json.result).toEqual({
    quota: { resourceType: 'secret', limit: 30, used: 30 }
  })
  await api.deleteSecret('seeded-0')
  expect((await api.createSecret(secretBody('s-31'))).status).toBe(200)
})

test('describeQuota for pods and containers; an unknown type is 400', async () => {
  emu.addPod({
    podId: 'pod-a',
    containers: [
      { name: 'a', image: 'x' },
      { name: 'b', image: 'y' }
    ]
  })
  expect((await api.describeQuota('pod')).json.result.quota).toMatchObject({ used: 1 })
  expect((await api.describeQuota('container')).json.result.quota).toMatchObject({ used: 2 })
  expect((await api.describeQuota('disk')).status).toBe(400)
})

test('deleteSecret: gone afterwards; 404 when missing', async () => {
  await api.createSecret(secretBody('regcred-a'))
  expect((await api.deleteSecret('regcred-a')).json).toEqual({ requestId: expect.any(String) })
  expect((await api.describeSecret('regcred-a')).json).toEqual(
    apiError(404, 'NOT_FOUND', 'secret regcred-a not found')
  )
  expect((await api.deleteSecret('regcred-a')).status).toBe(404)
  // The name is free again.
  expect((await api.createSecret(secretBody('regcred-a'))).status).toBe(200)
})

test('describeSecrets: fuzzy name filter and paging', async () => {
  for (let i = 0; i < 25; i++)
    await api.createSecret(secretBody(`app-${String(i).padStart(2, '0')}`))
  await api.createSecret(secretBody('other'))
  const first = await api.describeSecrets([
    ['filters.1.name', 'name'],
    ['filters.1.values.1', 'APP-'],
    ['pageSize', 10]
  ])
  expect(first.json.result.totalCount).toBe(25)
  expect(first.json.result.secrets.map((s: { name: string }) => s.name)).toEqual(
    Array.from({ length: 10 }, (_, i) => `app-${String(i).padStart(2, '0')}`)
  )
  const third = await api.describeSecrets([
    ['filters.1.name', 'name'],
    ['filters.1.values.1', 'app-'],
    ['pageSize', 10],
    ['pageNumber', 3]
  ])
  expect(third.json.result.secrets).toHaveLength(5)
  expect((await api.describeSecrets([['pageSize', 5]])).status).toBe(400)
})
