// The gate over real HTTP against a local server, its polls in virtual time. Only the hanging
// endpoint waits in real time, for a 200 ms request timeout.
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { runGate } from '../../src/verify/gate.js'
import type { VerifySettings } from '../../src/verify/settings.js'
import { deps, fromInputs, START } from './helpers.js'
import { ScriptedServer } from './scripted-server.js'

describe('over real HTTP', () => {
  let server: ScriptedServer
  beforeAll(async () => {
    server = await ScriptedServer.start()
  })
  afterAll(() => server.close())

  const token = 'Bearer tok-5e6f7a8b9c'

  /** Settings as the inputs would give them, for a path of the local server. */
  const inputs = (path: string, extra: Record<string, string> = {}): VerifySettings =>
    fromInputs({ 'verify-url': `http://127.0.0.1:${server.port}${path}`, ...extra })

  test('a flapping endpoint fails within verify-for', async () => {
    server.script('flap', [
      { status: 200, body: 'UP' },
      { status: 200, body: 'UP' },
      { status: 200, body: 'UP' },
      { status: 502, body: 'bad gateway' },
      { status: 200, body: 'UP' }
    ])
    const clock = new VirtualClock(START)
    const before = server.requests.length
    const result = await runGate(inputs('/script/flap'), [], deps(clock))
    expect(server.requests.length - before).toBe(4)
    expect(result).toEqual({
      passed: false,
      cancelled: false,
      records: [
        {
          url: `http://127.0.0.1:${server.port}/script/flap`,
          passed: false,
          status: 502,
          checkedSeconds: 15,
          passes: 3,
          failures: 1,
          firstFailureAt: '2026-11-22T10:00:15.000Z',
          bodySnippet: 'bad gateway',
          reason: 'answered HTTP 502; verify-status accepts 200-299'
        }
      ]
    })
  })

  test('a hanging endpoint fails at its request timeout, not at the overall deadline', async () => {
    const clock = new VirtualClock(START)
    const started = Date.now()
    const result = await runGate(
      inputs('/hang'),
      [],
      deps(clock, { requestTimeoutMs: 200, deadline: START + 3_600_000 })
    )
    expect(Date.now() - started).toBeLessThan(2000)
    expect(result.records[0]).toMatchObject({
      passed: false,
      failures: 1,
      reason: 'no complete answer within 200ms'
    })
  })

  test('cancellation during a real request returns at once', async () => {
    const clock = new VirtualClock(START)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const result = await runGate(inputs('/hang'), [], deps(clock, { signal: controller.signal }))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(result).toMatchObject({ passed: false, cancelled: true })
  })

  test('header values appear in no record, even when the endpoint echoes them', async () => {
    const clock = new VirtualClock(START)
    const result = await runGate(
      inputs('/echo?access_token=qs-secret-123', { 'verify-header': `Authorization: ${token}` }),
      [],
      deps(clock)
    )
    expect(server.requests.at(-1)?.headers.authorization).toBe(token)
    const shown = JSON.stringify(result)
    expect(shown).not.toContain('tok-5e6f7a8b9c')
    expect(shown).not.toContain('qs-secret-123')
    expect(result.records[0]?.url).toBe(`http://127.0.0.1:${server.port}/echo?access_token=***`)
    expect(result.records[0]?.bodySnippet).toContain('"authorization":"***"')
  })
})
