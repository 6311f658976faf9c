// The client against the emulator's injected faults: each retry class is retried, each
// never-retry class is sent once, and a mutating call that landed is never sent twice.
import { PodEmulator, podSeed } from '../../emulator/index.js'
import type { Fault } from '../../emulator/index.js'
import { PodClient } from '../../src/jdcloud/pod-client.js'
import type { CallEvent } from '../../src/jdcloud/call.js'
import { SecretClient } from '../../src/jdcloud/secret-client.js'
import { JdcloudError } from '../../src/jdcloud/errors.js'
import { podRunsSpecs } from '../../src/pod-spec/echo.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

let clock: VirtualClock
let emulator: PodEmulator
let client: PodClient
let secrets: SecretClient
let events: CallEvent[]

beforeEach(async () => {
  clock = new VirtualClock()
  emulator = await PodEmulator.start({
    clock,
    seed: {
      pods: [
        podSeed({ podId: 'pod-a1', name: 'web-1' }),
        podSeed({ podId: 'pod-a2', name: 'web-2', tags: { team: 'shop' } })
      ],
      secrets: [
        {
          name: 'regcred-20260101000000',
          data: { server: 'cmVn', username: 'dXNlcg==', password: 'c2VjcmV0' }
        }
      ]
    }
  })
  events = []
  client = new PodClient({
    endpoint: new URL(emulator.url),
    region: emulator.region,
    credentials: emulator.credentials,
    clock,
    requestTimeoutMs: 300,
    retry: { random: () => 1 },
    onCall: event => events.push(event)
  })
  secrets = new SecretClient({
    endpoint: new URL(emulator.url),
    region: emulator.region,
    credentials: emulator.credentials,
    clock,
    requestTimeoutMs: 300,
    retry: { random: () => 1 },
    onCall: event => events.push(event)
  })
})

afterEach(async () => {
  await client.close()
  await secrets.close()
  await emulator.close()
})

const attempts = (api: string): number => emulator.calls.filter(call => call.api === api).length

describe('every call answers with its request id', () => {
  test('reads', async () => {
    const { pod, requestId } = await client.describePod('pod-a1')
    expect(pod.podId).toBe('pod-a1')
    expect(requestId).toBe(emulator.callsTo('describePod')[0]?.requestId)
    const page = await client.describePods({
      filters: [{ name: 'podId', values: ['pod-a1', 'pod-a2'] }],
      pageSize: 10
    })
    expect(page.pods.map(p => p.podId)).toEqual(['pod-a1', 'pod-a2'])
    expect(page.requestId).toMatch(/\w+/)
    const tagged = await client.describeAllPods({ tags: [{ key: 'team', values: ['shop'] }] })
    expect(tagged.pods.map(p => p.podId)).toEqual(['pod-a2'])
    const logs = await client.getContainerLogs('pod-a1', 'web', { tailLines: 2 })
    expect(logs.content.trim().split('\n')).toHaveLength(2)
    expect((await secrets.describeQuota('secret')).quota.used).toBe(1)
  })

  test('secret reads keep names and dates, and hand credential values over to be masked', async () => {
    const seen: string[] = []
    const masking = new SecretClient(
      {
        endpoint: new URL(emulator.url),
        region: emulator.region,
        credentials: emulator.credentials,
        clock
      },
      { onSensitiveValue: value => seen.push(value) }
    )
    const { secrets } = await masking.describeAllSecrets()
    expect(secrets).toEqual([
      { name: 'regcred-20260101000000', type: 'docker-registry', createdAt: expect.any(String) }
    ])
    const { secret } = await masking.describeSecret('regcred-20260101000000')
    expect(JSON.stringify(secret)).not.toContain('c2VjcmV0')
    expect(seen).toEqual(expect.arrayContaining(['c2VjcmV0', 'secret']))
    await masking.close()
  })

  test('mutations', async () => {
    expect((await client.stopPod('pod-a1')).requestId).toMatch(/\w+/)
    clock.advance(5000)
    expect(
      (await client.rebuildPod('pod-a1', [{ name: 'web', image: 'nginx:1.27' }], () => false))
        .requestId
    ).toMatch(/\w+/)
    clock.advance(5000)
    expect((await client.startPod('pod-a1')).requestId).toMatch(/\w+/)
    expect(
      (
        await secrets.createSecret('regcred-20261122000000', {
          server: 'r.example.com',
          username: 'u',
          password: 'p'
        })
      ).requestId
    ).toMatch(/\w+/)
    expect((await secrets.deleteSecret('regcred-20261122000000')).requestId).toMatch(/\w+/)
    expect(emulator.pod('pod-a1').containers?.[0]?.image).toBe('nginx:1.27')
  })
})

describe('retried: throttling and transient failures', () => {
  test.each<[string, Fault]>([
    ['500 INTERNAL', { api: 'describePod', kind: 'status', status: 500, times: 2 }],
    [
      '502 from the gateway, no JSON',
      { api: 'describePod', kind: 'status', status: 502, gatewayBody: true, times: 2 }
    ],
    ['503 UNAVAILABLE', { api: 'describePod', kind: 'status', status: 503, times: 2 }],
    ['504', { api: 'describePod', kind: 'status', status: 504, times: 2 }],
    ['429 RATE_LIMIT', { api: 'describePod', kind: 'status', status: 429, times: 2 }],
    [
      '429 HTTP_RATE_LIMIT_EXCEEDED',
      {
        api: 'describePod',
        kind: 'status',
        status: 429,
        errorStatus: 'HTTP_RATE_LIMIT_EXCEEDED',
        times: 2
      }
    ],
    [
      '429 TOO_MANY_REQUESTS',
      {
        api: 'describePod',
        kind: 'status',
        status: 429,
        errorStatus: 'TOO_MANY_REQUESTS',
        times: 2
      }
    ],
    ['a connection reset', { api: 'describePod', kind: 'reset', times: 2 }],
    [
      'an answer slower than the request timeout',
      { api: 'describePod', kind: 'slow', delayMs: 1000, times: 2 }
    ],
    ['malformed JSON', { api: 'describePod', kind: 'malformed', times: 2 }],
    ['truncated JSON', { api: 'describePod', kind: 'truncated', times: 2 }]
  ])('%s, twice, then an answer', async (_name, fault) => {
    emulator.inject(fault)
    const started = clock.now()
    const { pod } = await client.describePod('pod-a1')
    expect(pod.podId).toBe('pod-a1')
    expect(attempts('describePod')).toBe(3)
    expect(events.filter(event => event.outcome === 'retrying')).toHaveLength(2)
    // Backoff with full jitter (random pinned to 1 here): 500 ms, then 1 s.
    expect(clock.now() - started).toBe(1500)
  })

  test('Retry-After is honoured', async () => {
    emulator.inject({ api: 'describePods', kind: 'status', status: 429, retryAfter: '7' })
    const started = clock.now()
    await client.describePods()
    expect(clock.now() - started).toBe(7000)
    expect(attempts('describePods')).toBe(2)
  })

  test('a failure that persists ends after the policy’s attempts, with what happened', async () => {
    emulator.inject({ api: 'describePod', kind: 'status', status: 503, times: Infinity })
    const error = (await client.describePod('pod-a1').catch(e => e)) as JdcloudError
    expect(error).toBeInstanceOf(JdcloudError)
    expect(error.attempts).toBe(5)
    expect(error.message).toMatch(/^describePod: HTTP 503 UNAVAILABLE: .*\(requestId \w+\)$/)
    expect(attempts('describePod')).toBe(5)
  })
})

describe('never retried', () => {
  test.each<[string, Fault | undefined, () => Promise<unknown>, number]>([
    ['400 INVALID_ARGUMENT', undefined, () => client.describePods({ pageSize: 5 }), 400],
    [
      '401 ACCESS_ERROR',
      { api: 'describePod', kind: 'status', status: 401 },
      () => client.describePod('pod-a1'),
      401
    ],
    [
      '403 HTTP_FORBIDDEN',
      { api: 'describePod', kind: 'status', status: 403 },
      () => client.describePod('pod-a1'),
      403
    ],
    ['404 NOT_FOUND', undefined, () => client.describePod('pod-gone'), 404],
    [
      '429 QUOTA_EXCEEDED',
      { api: 'describePod', kind: 'status', status: 429, errorStatus: 'QUOTA_EXCEEDED' },
      () => client.describePod('pod-a1'),
      429
    ]
  ])('%s: one request, a clear error', async (_name, fault, call, status) => {
    if (fault) emulator.inject(fault)
    const error = (await call().catch(e => e)) as JdcloudError
    expect(error).toBeInstanceOf(JdcloudError)
    expect(error.httpStatus).toBe(status)
    expect(error.requestId).toMatch(/\w+/)
    expect(emulator.calls).toHaveLength(1)
  })

  test('a wrong secret key is refused once by the signature check', async () => {
    const wrong = new PodClient({
      endpoint: new URL(emulator.url),
      region: emulator.region,
      credentials: { ...emulator.credentials, secretKey: 'not-the-key' },
      clock
    })
    const error = (await wrong.describePod('pod-a1').catch(e => e)) as JdcloudError
    expect(error.status).toBe('ACCESS_ERROR')
    expect(error.hint).toMatch(/access-key and secret-key/)
    expect(emulator.calls).toHaveLength(1)
    await wrong.close()
  })
})

describe('mutating calls are re-checked before they are sent again', () => {
  test('stopPod that landed before the connection reset is not sent twice', async () => {
    emulator.inject({ api: 'stopPod', kind: 'reset', when: 'after' })
    await client.stopPod('pod-a1')
    expect(attempts('stopPod')).toBe(1)
    expect(attempts('describePod')).toBe(1)
    expect(emulator.pod('pod-a1').podStatus?.phase).toBe('stopping')
    expect(events.map(event => event.outcome)).toContain('took-effect-earlier')
  })

  test('stopPod that did not land is sent again', async () => {
    emulator.inject({ api: 'stopPod', kind: 'reset', when: 'before' })
    await client.stopPod('pod-a1')
    expect(attempts('stopPod')).toBe(2)
    expect(emulator.pod('pod-a1').podStatus?.phase).toBe('stopping')
  })

  test.each<[string, Fault]>([
    [
      'a 503 after the rebuild applied',
      { api: 'rebuildPod', kind: 'status', status: 503, when: 'after' }
    ],
    [
      'a timeout after the rebuild applied',
      { api: 'rebuildPod', kind: 'slow', delayMs: 1000, when: 'after' }
    ],
    [
      'malformed JSON after the rebuild applied',
      { api: 'rebuildPod', kind: 'malformed', when: 'after' }
    ]
  ])('rebuildPod: %s → not sent twice', async (_name, fault) => {
    await client.stopPod('pod-a1')
    clock.advance(5000)
    emulator.inject(fault)
    const specs = [{ name: 'web', image: 'nginx:1.27' }]
    await client.rebuildPod('pod-a1', specs, pod => podRunsSpecs(pod, specs))
    expect(attempts('rebuildPod')).toBe(1)
  })

  test('startPod after a reset that landed is not sent twice', async () => {
    await client.stopPod('pod-a1')
    clock.advance(5000)
    emulator.inject({ api: 'startPod', kind: 'reset', when: 'after' })
    await client.startPod('pod-a1')
    expect(attempts('startPod')).toBe(1)
  })

  test('createSecret and deleteSecret that landed are not sent twice', async () => {
    const data = { server: 'r.example.com', username: 'u', password: 'p' }
    emulator.inject({ api: 'createSecret', kind: 'status', status: 502, when: 'after' })
    await secrets.createSecret('regcred-20261122000000', data)
    expect(attempts('createSecret')).toBe(1)
    emulator.inject({ api: 'deleteSecret', kind: 'reset', when: 'after' })
    await secrets.deleteSecret('regcred-20261122000000')
    expect(attempts('deleteSecret')).toBe(1)
    expect(emulator.secrets().map(secret => secret.name)).toEqual(['regcred-20260101000000'])
  })

  test('createSecret that failed before landing is sent again', async () => {
    emulator.inject({ api: 'createSecret', kind: 'status', status: 503 })
    await secrets.createSecret('regcred-20261122000000', {
      server: 'r.example.com',
      username: 'u',
      password: 'p'
    })
    expect(attempts('createSecret')).toBe(2)
  })

  test('throttled mutating calls are sent again without a re-check (the gateway refused them)', async () => {
    emulator.inject({ api: 'stopPod', kind: 'status', status: 429, retryAfter: '1' })
    await client.stopPod('pod-a1')
    expect(attempts('stopPod')).toBe(2)
    expect(attempts('describePod')).toBe(0)
  })

  test('a refusal of the pod’s state is final', async () => {
    await client.stopPod('pod-a1')
    const error = (await client.stopPod('pod-a1').catch(e => e)) as JdcloudError
    expect(error.status).toBe('FAILED_PRECONDITION')
    expect(attempts('stopPod')).toBe(2)
  })
})

test('an AbortSignal ends a call in flight at once, as cancelled', async () => {
  const controller = new AbortController()
  emulator.inject({ api: 'describePod', kind: 'slow', delayMs: 10_000 })
  const pending = client.describePod('pod-a1', { signal: controller.signal })
  setTimeout(() => controller.abort(), 20)
  const started = Date.now()
  const error = (await pending.catch(e => e)) as JdcloudError
  expect(error.status).toBe('CANCELLED')
  // Far below the 10 s answer: the call did not wait for it (a loose bound, not a speed target).
  expect(Date.now() - started).toBeLessThan(5000)
  expect(attempts('describePod')).toBe(1)
})
