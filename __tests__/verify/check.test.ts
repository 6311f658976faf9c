// One HTTP check against a scripted local server (and undici's MockAgent for https origins).
// Only the timeout tests wait in real time, a 200 ms per-request timeout.
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { MockAgent } from 'undici'
import { createHttpCheck } from '../../src/verify/check.js'
import type { CheckOutcome, HttpCheckOptions } from '../../src/verify/check.js'
import type { VerifySettings } from '../../src/verify/settings.js'
import { ScriptedServer } from './scripted-server.js'

let server: ScriptedServer
beforeAll(async () => {
  server = await ScriptedServer.start()
})
afterAll(() => server.close())
beforeEach(() => {
  server.requests.length = 0
})

function settings(overrides: Partial<VerifySettings> = {}): VerifySettings {
  return {
    url: 'http://unused/',
    perPod: false,
    statuses: [[200, 299]],
    forMs: 0,
    intervalMs: 1000,
    headers: [],
    secrets: [],
    ...overrides
  }
}

function check(
  url: URL | string,
  overrides: Partial<VerifySettings> = {},
  { timeoutMs = 5000, signal = new AbortController().signal, ...options } = {} as {
    timeoutMs?: number
    signal?: AbortSignal
  } & HttpCheckOptions
): Promise<CheckOutcome> {
  const target = typeof url === 'string' ? server.url(url) : url
  return createHttpCheck(settings(overrides), options)({ url: target, timeoutMs, signal })
}

const origin = (): string => `http://127.0.0.1:${server.port}`

test('a 2xx answer passes', async () => {
  expect(await check('/ok')).toEqual({ passed: true, status: 200 })
})

test('a 500 fails and says what it saw, the body made safe', async () => {
  expect(await check('/fail')).toEqual({
    passed: false,
    status: 500,
    reason: 'answered HTTP 500; verify-status accepts 200-299',
    bodySnippet: 'boom\\u000a\\u001b[31mred\\u0000 ::error::x'
  })
})

test('verify-status decides which codes pass', async () => {
  expect(await check('/fail', { statuses: [[500, 500]] })).toEqual({ passed: true, status: 500 })
  expect(
    (
      await check('/ok', {
        statuses: [
          [204, 204],
          [300, 302]
        ]
      })
    ).reason
  ).toBe('answered HTTP 200; verify-status accepts 204, 300-302')
})

test('verify-body: text to contain, or a regex to match', async () => {
  expect(await check('/ok', { body: { text: 'UP' } })).toEqual({ passed: true, status: 200 })
  expect(await check('/wrong-body', { body: { text: 'UP' } })).toEqual({
    passed: false,
    status: 200,
    reason: 'the body does not contain "UP"',
    bodySnippet: 'status: DOWN'
  })
  const regex = { regex: /\bup\b/i, source: '/\\bup\\b/i' }
  expect((await check('/ok', { body: regex })).passed).toBe(true)
  expect((await check('/wrong-body', { body: regex })).reason).toBe(
    'the body does not match /\\bup\\b/i'
  )
})

test('a slow answer within the timeout passes', async () => {
  expect(await check('/slow')).toEqual({ passed: true, status: 200 })
})

test('a hanging endpoint fails at the request timeout', async () => {
  const started = Date.now()
  expect(await check('/hang', {}, { timeoutMs: 200 })).toEqual({
    passed: false,
    timedOut: true,
    reason: 'no complete answer within 200ms'
  })
  expect(Date.now() - started).toBeLessThan(2000)
})

test('a body that stops half way fails at the timeout, with the status seen', async () => {
  expect(await check('/hang-body', { body: { text: 'UP' } }, { timeoutMs: 200 })).toEqual({
    passed: false,
    status: 200,
    timedOut: true,
    reason: 'no complete answer within 200ms'
  })
})

test('a refused connection fails and says so', async () => {
  const closed = createServer()
  await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise(resolve => closed.close(resolve))
  expect(await check(new URL(`http://127.0.0.1:${port}/`))).toEqual({
    passed: false,
    reason: 'the connection failed (ECONNREFUSED)'
  })
})

test('cancellation ends a check at once', async () => {
  const controller = new AbortController()
  setTimeout(() => controller.abort(new Error('cancelled by the runner')), 50)
  const started = Date.now()
  expect(await check('/hang', {}, { signal: controller.signal })).toEqual({
    passed: false,
    reason: 'cancelled'
  })
  expect(Date.now() - started).toBeLessThan(1000)
})

describe('redirects', () => {
  test('within the same host, up to 5 are followed', async () => {
    expect(await check('/redirect/5')).toEqual({ passed: true, status: 200 })
    expect(server.requests.map(request => request.path)).toEqual([
      '/redirect/5',
      '/redirect/4',
      '/redirect/3',
      '/redirect/2',
      '/redirect/1',
      '/ok'
    ])
  })

  test('a sixth is a failure', async () => {
    expect(await check('/redirect/6')).toEqual({
      passed: false,
      status: 302,
      reason: `more than 5 redirects (the last to ${origin()}/ok)`
    })
    expect(server.requests).toHaveLength(6)
  })

  test('a loop ends after 5', async () => {
    expect((await check('/loop')).reason).toBe(
      `more than 5 redirects (the last to ${origin()}/loop)`
    )
    expect(server.requests).toHaveLength(6)
  })

  test('a redirect status that verify-status accepts is the answer, not followed', async () => {
    expect(await check('/loop', { statuses: [[300, 302]] })).toEqual({ passed: true, status: 302 })
    expect(server.requests).toHaveLength(1)
  })

  test('to another host: a failure that says so, not followed', async () => {
    expect(await check('/to-other-host')).toEqual({
      passed: false,
      status: 302,
      reason: `redirected (HTTP 302) to another host (http://localhost:${server.port}/ok): redirects are followed only within ${origin()}`
    })
    expect(server.requests).toHaveLength(1)
  })

  test('a Location that is no URL is a failure', async () => {
    server.script('bad-location', [{ status: 302, headers: { location: 'http://' } }])
    expect(await check('/script/bad-location')).toEqual({
      passed: false,
      status: 302,
      reason: 'redirected (HTTP 302) to a Location that is no URL'
    })
  })

  test('the Location is shown masked', async () => {
    server.script('to-callback', [
      { status: 303, headers: { location: 'http://elsewhere.test/cb?code=s3cr3t&state=1' } }
    ])
    expect((await check('/script/to-callback')).reason).toBe(
      `redirected (HTTP 303) to another host (http://elsewhere.test/cb?code=***&state=1): redirects are followed only within ${origin()}`
    )
  })

  describe('across schemes (https origins mocked with MockAgent)', () => {
    let agent: MockAgent
    beforeEach(() => {
      agent = new MockAgent()
      agent.disableNetConnect()
    })
    afterEach(() => agent.close())

    test('https to http is a failure that says so', async () => {
      agent
        .get('https://secure.test')
        .intercept({ path: '/health', method: 'GET' })
        .reply(301, '', { headers: { location: 'http://secure.test/health' } })
      expect(await check(new URL('https://secure.test/health'), {}, { dispatcher: agent })).toEqual(
        {
          passed: false,
          status: 301,
          reason:
            'redirected (HTTP 301) from https: to http: (http://secure.test/health): redirects are followed only within the same scheme'
        }
      )
    })

    test('http to https is refused too: same scheme only', async () => {
      agent
        .get('http://plain.test')
        .intercept({ path: '/health', method: 'GET' })
        .reply(308, '', { headers: { location: 'https://plain.test/health' } })
      expect(
        (await check(new URL('http://plain.test/health'), {}, { dispatcher: agent })).reason
      ).toBe(
        'redirected (HTTP 308) from http: to https: (https://plain.test/health): redirects are followed only within the same scheme'
      )
    })

    test('a transport error without a code says what it is', async () => {
      agent
        .get('https://secure.test')
        .intercept({ path: '/health', method: 'GET' })
        .replyWithError(new Error('kaput'))
      expect(await check(new URL('https://secure.test/health'), {}, { dispatcher: agent })).toEqual(
        { passed: false, reason: 'the connection failed (kaput)' }
      )
    })

    test('https within the same host is followed', async () => {
      const pool = agent.get('https://secure.test')
      pool
        .intercept({ path: '/health', method: 'GET' })
        .reply(307, '', { headers: { location: '/health/' } })
      pool.intercept({ path: '/health/', method: 'GET' }).reply(200, 'ok')
      expect(await check(new URL('https://secure.test/health'), {}, { dispatcher: agent })).toEqual(
        { passed: true, status: 200 }
      )
    })
  })
})

describe('the body read is capped', () => {
  test('an endless body is cut at 64 KiB for verify-body, and the stream let go', async () => {
    const outcome = await check('/huge', { body: { text: 'never-there' } })
    expect(outcome).toEqual({
      passed: false,
      status: 200,
      reason: 'the body does not contain "never-there" in its first 64 KiB',
      bodySnippet: 'x'.repeat(500)
    })
    await server.hugeClosed
  })

  test('the cap can be set lower', async () => {
    const outcome = await check('/huge', { body: { text: 'y' } }, { maxBodyBytes: 1000 })
    expect(outcome.reason).toBe('the body does not contain "y" in its first 1000 bytes')
  })

  test('with no body rule, a passing status reads no body at all', async () => {
    expect(await check('/huge')).toEqual({ passed: true, status: 200 })
  })

  test('the snippet is the first 500 bytes, a cut character made safe', async () => {
    server.script('long', [{ status: 503, body: `${'é'.repeat(400)}` }])
    const { bodySnippet } = await check('/script/long')
    expect(bodySnippet).toBe(`${'é'.repeat(250)}`)
    server.script('odd', [{ status: 503, body: `a${'é'.repeat(400)}` }])
    expect((await check('/script/odd')).bodySnippet).toBe(`a${'é'.repeat(249)}\ufffd`)
  })
})

describe('headers and credentials', () => {
  const token = 'Bearer tok-3f9a8b7c'

  test('verify-header is sent, a default User-Agent too; a value echoed back is masked', async () => {
    const outcome = await check('/echo', {
      headers: [
        ['Authorization', token],
        ['X-Env', 'prod']
      ],
      secrets: [token, 'prod']
    })
    expect(server.requests[0]?.headers).toMatchObject({
      authorization: token,
      'x-env': 'prod',
      'user-agent': 'jdcloud-pod-action (verify)'
    })
    expect(outcome.status).toBe(500)
    expect(outcome.bodySnippet).toContain('"authorization":"***"')
    expect(JSON.stringify(outcome)).not.toContain('tok-3f9a8b7c')
  })

  test("the user's User-Agent wins", async () => {
    await check('/ok', { headers: [['User-Agent', 'smoke/1']], secrets: ['smoke/1'] })
    expect(server.requests[0]?.headers['user-agent']).toBe('smoke/1')
  })

  test("the URL's user-info is sent as Basic auth, never in the request line", async () => {
    const url = new URL(`http://deploy:pa%24%24w0rd@127.0.0.1:${server.port}/basic`)
    expect(await check(url)).toEqual({ passed: true, status: 200 })
    expect(server.requests[0]?.path).toBe('/basic')
    expect((await check('/basic')).status).toBe(401)
  })
})
