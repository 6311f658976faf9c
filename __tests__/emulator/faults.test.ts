import { PodEmulator, podSeed } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { signed } from '../../__fixtures__/signed-request.js'
import { apiError, podApi, secretBody } from './api.js'

let emu: PodEmulator
let api: ReturnType<typeof podApi>

beforeEach(async () => {
  emu = await PodEmulator.start({
    clock: new VirtualClock(),
    seed: { pods: [podSeed({ podId: 'pod-a' }), podSeed({ podId: 'pod-b' })] }
  })
  api = podApi(emu)
})
afterEach(() => emu.close())

const phase = (podId = 'pod-a'): string | undefined => emu.pod(podId).podStatus?.phase

test('status: answers the error instead, once, without applying the call', async () => {
  emu.inject({ api: 'stopPod', kind: 'status', status: 503 })
  const faulted = await api.stopPod('pod-a')
  expect(faulted.status).toBe(503)
  expect(faulted.json).toEqual(apiError(503, 'UNAVAILABLE'))
  expect(phase()).toBe('running')
  expect(emu.calls[0]).toMatchObject({
    api: 'stopPod',
    status: 503,
    fault: 'status',
    applied: false
  })
  expect(emu.mutatingCalls()).toEqual([])

  expect((await api.stopPod('pod-a')).status).toBe(200)
  expect(phase()).toBe('stopping')
})

test('times, Infinity and clearFaults', async () => {
  emu.inject({ api: 'describePod', kind: 'status', status: 500, times: 2 })
  const statuses = []
  for (let i = 0; i < 3; i++) statuses.push((await api.describePod('pod-a')).status)
  expect(statuses).toEqual([500, 500, 200])

  emu.inject({ api: 'describePod', kind: 'status', status: 502, times: Infinity })
  for (let i = 0; i < 5; i++) expect((await api.describePod('pod-a')).status).toBe(502)
  emu.clearFaults()
  expect((await api.describePod('pod-a')).status).toBe(200)
})

test("when: 'after' applies the call, then answers the fault", async () => {
  emu.inject({ api: 'stopPod', kind: 'status', status: 504, when: 'after' })
  const reply = await api.stopPod('pod-a')
  expect(reply.json).toEqual(apiError(504, 'HTTP_GATEWAY_TIMEOUT'))
  expect(phase()).toBe('stopping')
  expect(emu.mutatingCalls()).toEqual([
    expect.objectContaining({ api: 'stopPod', status: 504, applied: true, fault: 'status' })
  ])
})

test('Retry-After header, and a 429 that means quota', async () => {
  emu.inject({ api: 'describePods', kind: 'status', status: 429, retryAfter: '7' })
  const throttled = await api.describePods()
  expect(throttled.status).toBe(429)
  expect(throttled.headers['retry-after']).toBe('7')
  expect(throttled.json.error.status).toBe('RATE_LIMIT')

  emu.inject({ api: 'createSecret', kind: 'status', status: 429, errorStatus: 'QUOTA_EXCEEDED' })
  const quota = await api.createSecret(secretBody('regcred-q'))
  expect(quota.json).toEqual(apiError(429, 'QUOTA_EXCEEDED'))
})

test('gatewayBody: HTML, with only the request-id header to go by', async () => {
  emu.inject({ api: 'describePod', kind: 'status', status: 502, gatewayBody: true })
  const reply = await api.describePod('pod-a')
  expect(reply.status).toBe(502)
  expect(reply.json).toBeUndefined()
  expect(reply.text).toMatch(/<html>/)
  expect(reply.headers['content-type']).toBe('text/html')
  expect(reply.headers['x-jdcloud-request-id']).toBe(emu.calls[0]?.requestId)
})

test('reset: the socket closes without an answer; applied only when after', async () => {
  emu.inject({ api: 'stopPod', kind: 'reset' })
  await expect(api.stopPod('pod-a')).rejects.toThrow()
  expect(phase()).toBe('running')

  emu.inject({ api: 'stopPod', kind: 'reset', when: 'after' })
  await expect(api.stopPod('pod-a')).rejects.toThrow()
  expect(phase()).toBe('stopping')
  expect(emu.callsTo('stopPod').map(c => [c.fault, c.applied])).toEqual([
    ['reset', false],
    ['reset', true]
  ])
})

test('malformed: 200 with a body that is not JSON', async () => {
  emu.inject({ api: 'describePod', kind: 'malformed' })
  const reply = await api.describePod('pod-a')
  expect(reply.status).toBe(200)
  expect(reply.json).toBeUndefined()
  expect(reply.text).toContain(emu.calls[0]?.requestId)
})

test('truncated: 200 with the first half of the real answer, Content-Length to match', async () => {
  emu.inject({ api: 'describePod', kind: 'truncated' })
  const reply = await api.describePod('pod-a')
  expect(reply.status).toBe(200)
  expect(reply.json).toBeUndefined()
  expect(Number(reply.headers['content-length'])).toBe(Buffer.byteLength(reply.text))
  const full = (await api.describePod('pod-a')).text
  expect(full.length).toBeGreaterThan(reply.text.length * 1.9)
  expect(reply.text.startsWith('{"requestId":')).toBe(true)
})

test('slow: a real delay, then the normal answer', async () => {
  emu.inject({ api: 'describePod', kind: 'slow', delayMs: 60 })
  const started = Date.now()
  const reply = await api.describePod('pod-a')
  expect(Date.now() - started).toBeGreaterThanOrEqual(50)
  expect(reply.status).toBe(200)
  expect(emu.calls[0]?.fault).toBe('slow')
})

test('podId and api "*" select the calls; faults are taken in order of injection', async () => {
  emu.inject({ api: '*', podId: 'pod-b', kind: 'status', status: 500 })
  emu.inject({ api: 'describePod', kind: 'status', status: 503 })
  expect((await api.describePod('pod-a')).status).toBe(503)
  expect((await api.stopPod('pod-b')).status).toBe(500)
  expect((await api.describePod('pod-b')).status).toBe(200)
})

test('a refused signature does not use up a fault', async () => {
  emu.inject({ api: 'describePod', kind: 'status', status: 500 })
  expect((await signed(emu, 'GET', '/pods/pod-a', { secretKey: 'wrong' })).status).toBe(401)
  expect((await api.describePod('pod-a')).status).toBe(500)
})
