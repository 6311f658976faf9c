// One HTTP check against a scripted local server (and undici's MockAgent for https origins).
// Only the timeout tests wait in real time, a 200 ms per-request timeout.
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { CheckOutcome } from '../../src/verify/check.js'
import { checkOn } from './helpers.js'
import type { CheckArgs } from './helpers.js'
import { ScriptedServer } from './scripted-server.js'

let server: ScriptedServer
beforeAll(async () => {
  server = await ScriptedServer.start()
})
afterAll(() => server.close())
beforeEach(() => {
  server.requests.length = 0
})

const check = (...args: CheckArgs): Promise<CheckOutcome> => checkOn(server, ...args)

test('a 2xx answer passes', async () => {
  expect(await check('/ok')).toEqual({ passed: true, status: 200 })
})

test('a 500 fails and says what it saw, the body made safe (its lines kept as lines)', async () => {
  expect(await check('/fail')).toEqual({
    passed: false,
    status: 500,
    reason: 'answered HTTP 500; verify-status accepts 200-299',
    bodySnippet: 'boom\n\\u001b[31mred\\u0000 ::error::x'
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
