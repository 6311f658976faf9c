// Answers the emulator never gives but a real network path can: proxies that reply with HTML,
// error bodies missing fields, empty results, repeated headers, JSON of the wrong shape. A
// scripted stand-in server plays each answer in turn and records what the client sent.
import { createServer } from 'node:http'
import type { OutgoingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PodClient, podTransport } from '../../src/jdcloud/pod-client.js'
import { SecretClient } from '../../src/jdcloud/secret-client.js'
import { JdcloudError } from '../../src/jdcloud/errors.js'
import { podRunsSpecs } from '../../src/pod-spec/echo.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

interface Answer {
  status?: number
  headers?: OutgoingHttpHeaders
  body: string | object
}

let server: Server
let answers: Answer[] = []
let sent: Array<{ method: string; url: string }> = []
let sensitive: string[] = []
let client: PodClient
let secrets: SecretClient

beforeAll(async () => {
  server = createServer((req, res) => {
    sent.push({ method: req.method ?? '', url: req.url ?? '' })
    const answer = answers.shift() ?? { status: 599, body: 'no answer scripted' }
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
    res.end(body)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const transport = podTransport({
    endpoint: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    region: 'cn-north-1',
    credentials: { accessKey: 'a', secretKey: 's' },
    clock: new VirtualClock()
  })
  client = new PodClient(transport)
  secrets = new SecretClient(transport, { onSensitiveValue: value => sensitive.push(value) })
})
beforeEach(() => {
  answers = []
  sent = []
  sensitive = []
})
afterAll(async () => {
  await client.close()
  await new Promise(resolve => server.close(resolve))
})

const apiPaths = () =>
  sent.map(({ url }) =>
    decodeURIComponent(new URL(url, 'http://x').pathname.split('/').pop() ?? '')
  )
const pod = (secret: string) => ({
  podId: 'pod-a',
  podStatus: { phase: 'stopped' },
  containers: [{ name: 'web', image: 'img:1', secret }]
})

test.each<[string, () => Promise<unknown>, RegExp]>([
  ['describePod', () => client.describePod('pod-a'), /the answer has no pod/],
  ['describePods', () => client.describePods(), /pods is not a list/],
  ['describeSecrets', () => secrets.describeSecrets(), /secrets is not a list/],
  ['describeSecret', () => secrets.describeSecret('s'), /the answer has no secret/],
  ['describeQuota', () => secrets.describeQuota('secret'), /the answer has no quota/]
])(
  '%s of the wrong shape: MALFORMED_RESPONSE with the request id from the header',
  async (_api, call, message) => {
    answers = [
      {
        headers: { 'x-jdcloud-request-id': 'header-id' },
        body: { result: { pods: 'not a list', secrets: 'nope' } }
      }
    ]
    const error = (await call().catch(e => e)) as JdcloudError
    expect(error).toBeInstanceOf(JdcloudError)
    expect(error.status).toBe('MALFORMED_RESPONSE')
    expect(error.message).toMatch(message)
    expect(error.requestId).toBe('header-id')
    expect(sent).toHaveLength(1) // a well-formed JSON answer of the wrong shape is not retried
  }
)

test('an empty result is an empty page, not an error', async () => {
  answers = [{ body: { requestId: 'r1', result: {} } }, { body: { requestId: 'r2', result: {} } }]
  expect(await client.describePods()).toEqual({ pods: [], totalCount: 0, requestId: 'r1' })
  expect(await secrets.describeSecrets()).toMatchObject({ secrets: [], totalCount: 0 })
})

test('getContainerLogs sends every limit it is given and reads a missing log as empty', async () => {
  answers = [{ body: { requestId: 'r1', result: { logs: null } } }]
  const logs = await client.getContainerLogs('pod-a', 'web', {
    tailLines: 50,
    limitBytes: 65536,
    sinceSeconds: 600
  })
  expect(logs).toEqual({ content: '', requestId: 'r1' })
  const query = new URL(sent[0]?.url ?? '', 'http://x').searchParams
  expect(Object.fromEntries(query)).toEqual({
    tailLines: '50',
    limitBytes: '65536',
    sinceSeconds: '600'
  })
})

test('a tag filter without values sends only its key', async () => {
  answers = [{ body: { requestId: 'r1', result: { pods: [], totalCount: 0 } } }]
  await client.describePods({ tags: [{ key: 'team' }, { key: 'env', values: ['prod'] }] })
  const query = new URL(sent[0]?.url ?? '', 'http://x').searchParams
  expect([...query]).toEqual([
    ['tags.1.key', 'team'],
    ['tags.2.key', 'env'],
    ['tags.2.values.1', 'prod']
  ])
})

test('an error body without status or message is named by its HTTP status, and not retried', async () => {
  answers = [{ status: 400, body: { requestId: 'r1', error: { code: 400 } } }]
  const error = (await client.describePod('pod-a').catch(e => e)) as JdcloudError
  expect(error).toBeInstanceOf(JdcloudError)
  expect(error).toMatchObject({ status: 'HTTP_400', httpStatus: 400, requestId: 'r1' })
  expect(error.message).toContain('no message')
  expect(sent).toHaveLength(1)
})

test('an HTML 429 from a proxy is throttling: waited out, with the repeated request id header', async () => {
  answers = [
    {
      status: 429,
      headers: {
        'content-type': 'text/html',
        'retry-after': '1',
        'x-jdcloud-request-id': ['h1', 'h2']
      },
      body: '<html>slow down</html>'
    },
    { body: { result: { pods: [], totalCount: 0 } } }
  ]
  const page = await client.describePods()
  expect(page.requestId).toBe('') // the answer named no request id
  expect(sent).toHaveLength(2)
})

test('an HTML 502 from a proxy is a server error that gives up after the last attempt', async () => {
  answers = Array.from({ length: 10 }, () => ({
    status: 502,
    headers: { 'content-type': 'text/html', 'x-jdcloud-request-id': 'h1' },
    body: '<html>bad gateway</html>'
  }))
  const error = (await secrets.describeSecrets().catch(e => e)) as JdcloudError
  expect(error).toMatchObject({ status: 'HTTP_502', httpStatus: 502, requestId: 'h1' })
  expect(error.message).toContain('without a JD Cloud error body')
  expect(sent.length).toBeGreaterThan(1)
})

test('a secret answer hands its password (and its decoded form) to the masker, never returns it', async () => {
  const password = Buffer.from('hunter2-registry').toString('base64')
  answers = [
    { body: { result: { secret: { name: 's1', type: 'docker-registry', data: { password } } } } },
    { body: { result: { secret: { name: 's2', type: 'docker-registry' } } } }
  ]
  const { secret } = await secrets.describeSecret('s1')
  expect(JSON.stringify(secret)).not.toContain(password)
  expect(sensitive).toEqual([password, 'hunter2-registry'])
  await secrets.describeSecret('s2')
  expect(sensitive).toHaveLength(2)
})

describe('rebuildPod after a 503: the re-check asks whether every field sent landed', () => {
  test('the pod still has the old secret: the rebuild did not land and is sent again', async () => {
    answers = [
      { status: 503, body: { error: { status: 'UNAVAILABLE', message: 'busy' } } },
      { body: { result: { pod: pod('regcred-old') } } },
      { body: { requestId: 'r3', result: {} } }
    ]
    const specs = [{ name: 'web', image: 'img:1', secret: 'regcred-new' }]
    const answer = await client.rebuildPod('pod-a', specs, landed => podRunsSpecs(landed, specs))
    expect(answer.requestId).toBe('r3')
    expect(apiPaths()).toEqual(['pod-a:rebuild', 'pod-a', 'pod-a:rebuild'])
  })

  test('the pod already has the new image and secret: the rebuild landed and is not sent twice', async () => {
    answers = [
      { status: 503, body: { error: { status: 'UNAVAILABLE', message: 'busy' } } },
      { body: { result: { pod: pod('regcred-new') } } }
    ]
    const specs = [{ name: 'web', image: 'img:1', secret: 'regcred-new' }]
    await client.rebuildPod('pod-a', specs, landed => podRunsSpecs(landed, specs))
    expect(apiPaths()).toEqual(['pod-a:rebuild', 'pod-a'])
  })
})

describe('mutating answers that carry only a requestId (Go StartPodResult, StopPodResult: empty)', () => {
  test.each<[string, () => Promise<{ requestId: string }>]>([
    ['stopPod', () => client.stopPod('pod-a')],
    ['startPod', () => client.startPod('pod-a')],
    [
      'rebuildPod',
      () => client.rebuildPod('pod-a', [{ name: 'web', image: 'img:2' }], () => false)
    ],
    ['deleteSecret', () => secrets.deleteSecret('s1')]
  ])('%s: {"requestId"} alone is a success, sent once', async (_api, call) => {
    answers = [{ body: { requestId: 'only-id' } }]
    expect(await call()).toEqual({ requestId: 'only-id' })
    expect(sent).toHaveLength(1)
  })

  test('a null result is a success too', async () => {
    answers = [{ body: { requestId: 'r1', result: null } }]
    expect(await client.stopPod('pod-a')).toEqual({ requestId: 'r1' })
    expect(sent).toHaveLength(1)
  })

  test('a 2xx body that is not JSON: the pod is read before anything is sent again', async () => {
    answers = [
      { body: '<html>ok</html>', headers: { 'content-type': 'text/html' } },
      {
        body: { requestId: 'r2', result: { pod: { ...pod('s'), podStatus: { phase: 'stopped' } } } }
      },
      { body: { requestId: 'r3' } }
    ]
    // The read shows the pod still stopped: the start did not land, so it is sent again.
    expect(await client.startPod('pod-a')).toEqual({ requestId: 'r3' })
    expect(apiPaths()).toEqual(['pod-a:startPod', 'pod-a', 'pod-a:startPod'])
  })

  test('a 2xx body that is not JSON, and the pod has moved on: not sent again', async () => {
    answers = [
      { body: 'OK', headers: { 'content-type': 'text/plain' } },
      {
        body: {
          requestId: 'r2',
          result: { pod: { ...pod('s'), podStatus: { phase: 'Starting' } } }
        }
      }
    ]
    await client.startPod('pod-a')
    expect(apiPaths()).toEqual(['pod-a:startPod', 'pod-a'])
  })
})
