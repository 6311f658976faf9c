import { PodEmulator, podSeed } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { signed } from '../../__fixtures__/signed-request.js'

let clock: VirtualClock
let emu: PodEmulator

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({ clock, seed: { pods: [podSeed({ podId: 'pod-a' })] } })
})
afterEach(() => emu.close())

/** The gateway's 401, with nothing applied. */
function expectRefused(reply: { status: number; json: unknown }, message: RegExp): void {
  expect(reply.status).toBe(401)
  expect(reply.json).toMatchObject({
    requestId: expect.any(String),
    error: { code: 401, status: 'ACCESS_ERROR', message: expect.stringMatching(message) }
  })
  expect(emu.pod('pod-a').podStatus?.phase).toBe('running')
  expect(emu.mutatingCalls()).toEqual([])
}

describe('signature verification', () => {
  test('accepts a signed stopPod sent with %3A and one sent with a literal colon', async () => {
    const encoded = await signed(emu, 'POST', '/pods/pod-a:stopPod', { body: {} })
    expect(encoded.status).toBe(200)
    expect(encoded.json).toEqual({ requestId: expect.any(String) })
    expect(encoded.headers['x-jdcloud-request-id']).toBe(encoded.json.requestId)

    clock.advance(2000)
    const literal = await signed(emu, 'POST', '/pods/pod-a:startPod', {
      body: {},
      literalColon: true
    })
    expect(literal.status).toBe(200)
    expect(emu.calls.map(c => c.path)).toEqual([
      '/v1/regions/cn-north-1/pods/pod-a%3AstopPod',
      '/v1/regions/cn-north-1/pods/pod-a:startPod'
    ])
  })

  test('accepts a lower-case %3a too', async () => {
    const reply = await signed(emu, 'POST', '/pods/pod-a:stopPod', {
      body: {},
      // Re-signing is not needed: the canonical path upper-cases the hex.
      tamper: wire => {
        wire.path = wire.path.replace('%3A', '%3a')
      }
    })
    expect(reply.status).toBe(200)
  })

  test('refuses a body changed by one byte after signing', async () => {
    const reply = await signed(emu, 'POST', '/pods/pod-a:rebuild', {
      body: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      tamper: wire => {
        wire.body = wire.body.replace('1.27', '1.28')
      }
    })
    expectRefused(reply, /sign result is not same/)
  })

  test('refuses a wrong secret key', async () => {
    const reply = await signed(emu, 'POST', '/pods/pod-a:stopPod', {
      body: {},
      secretKey: 'not-the-secret'
    })
    expectRefused(reply, /sign result is not same/)
  })

  test('refuses an unknown access key', async () => {
    const reply = await signed(emu, 'POST', '/pods/pod-a:stopPod', { body: {}, accessKey: 'AK-x' })
    expectRefused(reply, /Invalid accessKey/)
  })

  test('refuses a date more than 5 minutes away from its clock, either way', async () => {
    const signedAt = new Date(clock.now())
    clock.advance(5 * 60_000 + 1000)
    expectRefused(
      await signed(emu, 'POST', '/pods/pod-a:stopPod', { body: {}, date: signedAt }),
      /x-jdcloud-date is expired/
    )
    const future = new Date(clock.now() + 6 * 60_000)
    expectRefused(
      await signed(emu, 'POST', '/pods/pod-a:stopPod', { body: {}, date: future }),
      /x-jdcloud-date is expired/
    )
  })

  test('accepts a date just inside the window', async () => {
    const signedAt = new Date(clock.now())
    clock.advance(4 * 60_000)
    expect((await signed(emu, 'GET', '/pods/pod-a', { date: signedAt })).status).toBe(200)
  })

  test('refuses a replayed nonce, but not a nonce of a refused request', async () => {
    const forged = await signed(emu, 'GET', '/pods/pod-a', { nonce: 'n-1', secretKey: 'wrong' })
    expect(forged.status).toBe(401)
    expect((await signed(emu, 'GET', '/pods/pod-a', { nonce: 'n-1' })).status).toBe(200)
    const replay = await signed(emu, 'POST', '/pods/pod-a:stopPod', { body: {}, nonce: 'n-1' })
    expectRefused(replay, /nonce is used/)
  })

  test('refuses a request without x-jdcloud-date', async () => {
    const reply = await signed(emu, 'POST', '/pods/pod-a:stopPod', {
      body: {},
      tamper: wire => {
        delete wire.headers['x-jdcloud-date']
      }
    })
    expectRefused(reply, /lack of header x-jdcloud-date/)
  })

  test('refuses a missing or garbled Authorization header', async () => {
    const strip = await signed(emu, 'GET', '/pods/pod-a', {
      tamper: wire => {
        delete wire.headers.authorization
      }
    })
    expectRefused(strip, /authorization/)
    const garbled = await signed(emu, 'GET', '/pods/pod-a', {
      tamper: wire => {
        wire.headers.authorization = 'Bearer abc'
      }
    })
    expectRefused(garbled, /authorization/)
  })

  test('refuses a scope for another region', async () => {
    const reply = await signed(emu, 'GET', '/pods/pod-a', { region: 'cn-east-2' })
    expectRefused(reply, /region/)
  })

  test('refuses an x-jdcloud header that was not signed', async () => {
    const reply = await signed(emu, 'GET', '/pods/pod-a', {
      tamper: wire => {
        wire.headers['x-jdcloud-trace'] = 'added later'
      }
    })
    expectRefused(reply, /x-jdcloud-trace is not signed/)
  })

  test('a signed query must arrive unchanged', async () => {
    const reply = await signed(emu, 'GET', '/pods', {
      query: [['pageSize', 10]],
      tamper: wire => {
        wire.query = 'pageSize=20'
      }
    })
    expectRefused(reply, /sign result is not same/)
  })

  test('records refused calls too, with their status', async () => {
    await signed(emu, 'GET', '/pods/pod-a', { secretKey: 'wrong' })
    expect(emu.calls).toEqual([
      expect.objectContaining({
        api: 'describePod',
        podId: 'pod-a',
        status: 401,
        errorStatus: 'ACCESS_ERROR',
        applied: false
      })
    ])
  })
})
