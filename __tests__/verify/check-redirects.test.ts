// Redirects of one HTTP check: followed by hand, same scheme and host only, at most 5. https
// origins are mocked with undici's MockAgent.
import { MockAgent } from 'undici'
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

const origin = (): string => `http://127.0.0.1:${server.port}`

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
