// The wire contract (contract/, written from JD Cloud's official SDKs) against both sides: every
// request the client builds conforms to it, and the emulator accepts exactly what it allows — a
// wrong wire name is refused as the cloud would refuse it, not silently ignored.
import { requestProblems } from '../../contract/conformance.js'
import { podCalls, podModels } from '../../contract/pod-api.js'
import { PodEmulator, podSeed } from '../../emulator/index.js'
import type { RecordedCall } from '../../emulator/index.js'
import { PodClient, podTransport } from '../../src/jdcloud/pod-client.js'
import { SecretClient } from '../../src/jdcloud/secret-client.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { signed } from '../../__fixtures__/signed-request.js'
import { secretBody } from '../emulator/api.js'

const POD_SERVICE = { models: podModels, calls: podCalls }
/** The one call of the table the emulator does not serve: the action never makes it. */
const NOT_SERVED = new Set(['describePodsStatus'])

let clock: VirtualClock
let emu: PodEmulator
beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({
    clock,
    seed: {
      pods: [podSeed({ podId: 'pod-a', phase: 'stopped' }), podSeed({ podId: 'pod-b' })],
      secrets: [{ name: 'regcred-1', data: { server: 'cmVn', username: 'dQ==', password: 'cA==' } }]
    }
  })
})
afterEach(() => emu.close())

/** A recorded call as the contract reads it: path below the region, raw query, body text. */
function asWire(call: RecordedCall) {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(call.query))
    for (const one of Array.isArray(value) ? value : [value]) query.append(name, one)
  return {
    method: call.method,
    path: decodeURIComponent(call.path).replace(/^\/v1\/regions\/[^/]+/, ''),
    query: query.toString(),
    body: call.body === undefined ? '' : JSON.stringify(call.body)
  }
}

test('every request the client builds conforms to the contract', async () => {
  const transport = podTransport({
    endpoint: new URL(emu.url),
    region: emu.region,
    credentials: emu.credentials,
    clock
  })
  const client = new PodClient(transport)
  const secrets = new SecretClient(transport)
  const specs = [{ name: 'web', image: 'registry.example.com/shop/web:2.0' }]
  await client.describePod('pod-a')
  await client.describePods({
    filters: [
      { name: 'podId', values: ['pod-a', 'pod-b'] },
      { name: 'name', values: ['pod'] },
      { name: 'phase', values: ['running', 'stopped'] }
    ],
    tags: [{ key: 'team' }, { key: 'app', values: ['shop', 'api'] }],
    pageNumber: 1,
    pageSize: 10
  })
  await client.describeAllPods({ filters: [{ name: 'name', values: ['pod'] }] })
  await client.describePodsByIds(['pod-a', 'pod-b'])
  await client.rebuildPod('pod-a', specs, () => false)
  clock.advance(10_000)
  await client.startPod('pod-a')
  await client.stopPod('pod-b')
  await client.getContainerLogs('pod-b', 'web', {
    tailLines: 5,
    limitBytes: 4096,
    sinceSeconds: 60
  })
  await secrets.createSecret('regcred-2', {
    server: 's',
    username: 'u',
    password: 'p',
    email: 'e@x'
  })
  await secrets.describeSecrets({ filters: [{ name: 'name', values: ['regcred'] }], pageSize: 10 })
  await secrets.describeAllSecrets()
  await secrets.describeSecret('regcred-2')
  await secrets.deleteSecret('regcred-2')
  await secrets.describeQuota('secret')
  await client.close()

  const made = new Set(emu.calls.map(call => call.api))
  expect([...made].sort()).toEqual(
    podCalls
      .map(call => call.name)
      .filter(name => !NOT_SERVED.has(name) && name !== 'describeContainer')
      .sort()
  )
  for (const call of emu.calls) {
    expect([call.api, requestProblems(POD_SERVICE, asWire(call))]).toEqual([call.api, []])
    expect([call.api, call.status]).toEqual([call.api, 200])
  }
  const rebuild = emu.callsTo('rebuildPod')[0]?.body as {
    containers: Array<Record<string, unknown>>
  }
  expect(rebuild.containers[0]).toMatchObject({ name: 'web' })
  expect(rebuild.containers[0]).not.toHaveProperty('containerName')
})

/** The smallest request each call of the table allows, with its path parameters filled in. */
function minimal(call: (typeof podCalls)[number]): {
  path: string
  query: Array<[string, string]>
  body?: unknown
} {
  const path = call.path
    .replace('{podId}', call.name === 'startPod' || call.name === 'rebuildPod' ? 'pod-a' : 'pod-b')
    .replace('{containerName}', 'web')
    .replace('{name}', 'regcred-1')
  const query = call.query
    .filter(param => param.required)
    .map(param => [param.name, 'secret'] as [string, string])
  if (call.name === 'rebuildPod')
    return { path, query, body: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }
  if (call.name === 'createSecret') return { path, query, body: secretBody('regcred-9') }
  return { path, query, ...(call.method === 'POST' ? { body: {} } : {}) }
}

const served = podCalls.filter(call => !NOT_SERVED.has(call.name))

test.each(served.map(call => [call.name, call] as const))(
  '%s: the smallest request the contract allows is accepted',
  async (_name, call) => {
    const { path, query, body } = minimal(call)
    const reply = await signed(emu, call.method, path, {
      query,
      ...(body !== undefined ? { body } : {})
    })
    expect([reply.status, reply.json]).toEqual([
      200,
      expect.objectContaining({ requestId: expect.any(String) })
    ])
  }
)

test.each(served.map(call => [call.name, call] as const))(
  '%s: an unknown query parameter is refused with 400 naming it',
  async (_name, call) => {
    const { path, query, body } = minimal(call)
    const reply = await signed(emu, call.method, path, {
      query: [...query, ['pageNumbr', '1']],
      ...(body !== undefined ? { body } : {})
    })
    expect(reply.status).toBe(400)
    expect(reply.json.error).toMatchObject({
      status: 'INVALID_ARGUMENT',
      message: expect.stringContaining('pageNumbr: unknown query parameter')
    })
  }
)

test.each(served.filter(call => call.method === 'POST').map(call => [call.name, call] as const))(
  '%s: an unknown body field is refused with 400 naming it',
  async (_name, call) => {
    const { path, query, body } = minimal(call)
    const reply = await signed(emu, call.method, path, {
      query,
      body: { ...(body as object), dryRun: true }
    })
    expect(reply.status).toBe(400)
    expect(reply.json.error.message).toContain('dryRun: unknown field')
  }
)

test('rebuildPod: the 2018 key containerName is refused, name is required, at any depth', async () => {
  const send = (containers: unknown) =>
    signed(emu, 'POST', '/pods/pod-a:rebuild', { body: { containers } })
  const old = await send([{ containerName: 'web', image: 'nginx:1.27' }])
  expect(old.status).toBe(400)
  expect(old.json.error.message).toMatch(/containers\[0\]\.containerName: unknown field/)
  expect(old.json.error.message).toMatch(/containers\[0\]\.name: required/)
  const deep = await send([
    {
      name: 'web',
      image: 'nginx:1.27',
      readinessProbe: { httpGet: { port: 80, path: '/', httpHeaders: [] } }
    }
  ])
  expect(deep.json.error.message).toMatch(
    /containers\[0\]\.readinessProbe\.httpGet\.httpHeaders: unknown field/
  )
  const noPath = await send([
    { name: 'web', image: 'x:1', readinessProbe: { httpGet: { port: 80 } } }
  ])
  expect(noPath.json.error.message).toMatch(/httpGet\.path: required/)
  // An empty list has the right shape; the rule that it must not be empty refuses it.
  const empty = await send([])
  expect([empty.status, empty.json.error.message]).toEqual([
    400,
    expect.stringMatching(/at least one container/)
  ])
})

test('rebuildPod as the Go and Python SDKs send it: path parameters and nulls in the body', async () => {
  const reply = await signed(emu, 'POST', '/pods/pod-a:rebuild', {
    body: {
      regionId: emu.region,
      podId: 'pod-a',
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          command: null,
          args: null,
          env: [{ name: 'A', value: null }],
          secret: null,
          tty: null,
          workingDir: null,
          livenessProbe: null,
          readinessProbe: null,
          volumeMounts: null
        }
      ]
    }
  })
  expect(reply.status).toBe(200)
  expect(emu.pod('pod-a').containers?.[0]?.image).toBe('nginx:1.27')
})

test('GET and DELETE carry no body', async () => {
  const reply = await signed(emu, 'DELETE', '/secrets/regcred-1', { body: { force: true } })
  expect(reply.status).toBe(400)
  expect(reply.json.error.message).toContain('deleteSecret: takes no body')
  const get = await signed(emu, 'GET', '/pods/pod-a', { body: { verbose: true } })
  expect(get.json.error.message).toContain('describePod: takes no body')
})
