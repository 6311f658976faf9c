// Hardening II, 10: a signed request and a registry password never travel in clear to another
// host; a rollback gets its own budget, and tells "restored, not ready within N s" from "not
// restored".
import { podSeed } from '../../emulator/index.js'
import { isLoopback, parseEndpoint } from '../../src/inputs/endpoint.js'
import { ROLLBACK_MINIMUM_MS } from '../../src/rollout/restore.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const BROKEN = 'registry.example.com/shop/web:broken'
const SLOW = 'registry.example.com/shop/web:1.0-slow'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

test.each(['http://pod.example.com', 'http://10.0.0.5:8080', 'http://127.0.0.1.nip.io'])(
  'plain http to %s is refused',
  endpoint => {
    expect(() => parseEndpoint(endpoint)).toThrow(
      /must use https: plain http is allowed only for this machine/
    )
  }
)

test.each([
  'http://127.0.0.1:8123',
  'http://127.8.9.10',
  'http://localhost:9',
  'http://[::1]:80',
  'https://pod.example.com'
])('%s is accepted', endpoint => {
  expect(parseEndpoint(endpoint).origin).toBe(new URL(endpoint).origin)
})

test('loopback is 127.0.0.0/8, ::1 and localhost only', () => {
  expect(['127.0.0.1', 'LOCALHOST', '[::1]', '127.255.0.1'].map(isLoopback)).toEqual([
    true,
    true,
    true,
    true
  ])
  expect(
    ['128.0.0.1', '0.0.0.0', 'localhost.evil.com', '::ffff:127.0.0.1'].map(isLoopback)
  ).toEqual([false, false, false, false])
})

test('an endpoint input of plain http to another host fails before any call', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-e1' })] })
  const { report } = await cloud.run({
    pods: 'pod-e1',
    image: BROKEN,
    endpoint: 'http://pod.example.com'
  })
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(/^Invalid input: endpoint: must use https/)
  expect(cloud.emulator.calls).toHaveLength(0)
})

test('a timeout too short for a restore does not cut the rollback short: it has its own budget', async () => {
  cloud = await startEmulatedCloud({
    pods: [podSeed({ podId: 'pod-b1' })],
    images: { [BROKEN]: 'never-pulls' }
  })
  const before = cloud.specs('pod-b1')
  // stop 2 s + rebuild 3 s + start 2 s + pull 2 s + ready 1 s: ten seconds to restore.
  const { report } = await cloud.run({
    pods: 'pod-b1',
    image: BROKEN,
    timeout: '8s',
    'fail-fast': '1s'
  })
  expect(report.result).toBe('rolled-back')
  expect(report.pods[0]?.outcome).toBe('rolled-back')
  expect(cloud.specs('pod-b1')).toEqual(before)
  expect(ROLLBACK_MINIMUM_MS).toBeGreaterThanOrEqual(60_000)
})

test('restored on its previous containers but not ready within the budget: said so, not ROLLBACK FAILED', async () => {
  cloud = await startEmulatedCloud({
    pods: [podSeed({ podId: 'pod-b2', containers: [{ image: SLOW }] })],
    images: { [BROKEN]: 'never-pulls' }
  })
  // By the time the rollback starts the old image again, it no longer turns ready (but runs).
  cloud.emulator.onCall('rebuildPod', () => {
    if (cloud.emulator.callsTo('rebuildPod').length === 2)
      cloud.emulator.setImage(SLOW, 'never-ready')
  })
  const { report, log } = await cloud.run({
    pods: 'pod-b2',
    image: BROKEN,
    'fail-fast': '5s',
    timeout: '1m'
  })
  expect(report.result).toBe('failed')
  expect(report.pods[0]?.outcome).toBe('rolled-back-not-ready')
  expect(report.error).toMatch(
    /The previous containers were put back, but pod-b2 did not become ready within 180 s/
  )
  expect(log).not.toContain('ROLLBACK FAILED')
  expect(cloud.specs('pod-b2')[0]?.image).toBe(SLOW)
})
