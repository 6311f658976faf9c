// Health per backend, computed from the pod podRegion and the clock: healthy once registration and
// readiness have both lasted lbHealthyMs, still healthy for lbUnhealthyMs after the pod goes,
// unhealthy with a reason, gone at deregistration.
import { DEFAULT_TIMINGS, PodEmulator, podSeed } from '../../emulator/index.js'
import type { TargetHealth } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { lbApi } from './api.js'
import { lbRegion } from './lb-region.js'

const T = DEFAULT_TIMINGS
const H = T.lbHealthyMs
const U = T.lbUnhealthyMs
let clock: VirtualClock
let emu: PodEmulator

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({ clock, seed: lbRegion() })
})
afterEach(() => emu.close())

/** The health of one pod's target as `backendId` reports it now. */
function healthOf(podId: string, backendId = 'be-http'): TargetHealth | undefined {
  const ip = emu.pod(podId).privateIpAddress
  return emu.lb.health(backendId).find(h => h.instanceId === podId || h.ipAddress === ip)
}

const status = (podId: string, backendId?: string) => healthOf(podId, backendId)?.status

test('seeded targets of ready pods are healthy at once, with port, weight and IP', async () => {
  expect(emu.lb.health('be-http')).toEqual([
    {
      targetGroupId: 'tg-web',
      instanceId: 'pod-a',
      type: 'container',
      port: 80,
      weight: 10,
      status: 'healthy',
      ipAddress: emu.pod('pod-a').privateIpAddress
    },
    expect.objectContaining({ instanceId: 'pod-b', status: 'healthy' })
  ])
  // Registered with port 0: the health check port is the backend's.
  expect(emu.lb.health('be-tcp')).toEqual([
    expect.objectContaining({ instanceId: 'pod-c', port: 443, weight: 20, status: 'healthy' })
  ])
  expect(emu.lb.health('be-idle')).toEqual([])
  const reply = await lbApi(emu).describeTargetHealth('be-http')
  expect(reply.json.result).toEqual({ targetHealths: emu.lb.health('be-http'), totalCount: 2 })
})

test('a new target is unhealthy, without a reason, until lbHealthyMs has passed', () => {
  emu.someoneElse.registerTargets('tg-web', [{ type: 'container', instanceId: 'pod-c', port: 80 }])
  expect(healthOf('pod-c')).toMatchObject({ status: 'unhealthy' })
  expect(healthOf('pod-c')).not.toHaveProperty('unhealthReason')
  clock.advance(H - 1)
  expect(status('pod-c')).toBe('unhealthy')
  clock.advance(1)
  expect(status('pod-c')).toBe('healthy')
})

test('registered while stopped: refused, then 503 while not ready, then healthy after ready + lbHealthyMs', () => {
  emu.someoneElse.stopPod('pod-d')
  clock.advance(T.stopMs)
  emu.someoneElse.registerTargets('tg-web', [{ type: 'container', instanceId: 'pod-d', port: 80 }])
  expect(healthOf('pod-d')?.unhealthReason).toEqual({
    reason: 'CONNECT_FAILED',
    detail: 'connection refused'
  })
  emu.someoneElse.startPod('pod-d')
  clock.advance(T.startMs)
  expect(emu.pod('pod-d').podStatus?.phase).toBe('running')
  expect(healthOf('pod-d')?.unhealthReason).toEqual({
    reason: 'HTTP_CODE_MISMATCH',
    detail: 'readiness: 503'
  })
  clock.advance(T.pullMs + T.readyMs)
  expect(emu.readySince('pod-d')).toBe(clock.now())
  expect(healthOf('pod-d')).not.toHaveProperty('unhealthReason')
  clock.advance(H)
  expect(status('pod-d')).toBe('healthy')
})

test('a stopped pod is still reported healthy for lbUnhealthyMs, then unhealthy', () => {
  emu.someoneElse.stopPod('pod-a')
  clock.advance(U - 1)
  expect(status('pod-a')).toBe('healthy')
  clock.advance(1)
  expect(healthOf('pod-a')).toMatchObject({
    status: 'unhealthy',
    unhealthReason: { reason: 'CONNECT_FAILED', detail: 'connection refused' }
  })
})

test('a deregistered target leaves health at once', () => {
  emu.someoneElse.deregisterTargets('tg-web', ['target-a'])
  expect(emu.lb.health('be-http').map(h => h.instanceId)).toEqual(['pod-b'])
})

test('an ip target is the pod with that private IP; an IP without a pod never answers', () => {
  const ip = emu.pod('pod-d').privateIpAddress ?? ''
  emu.someoneElse.registerTargets('tg-web', [
    { type: 'ip', ipAddress: ip, port: 80 },
    { type: 'ip', ipAddress: '10.9.9.9', port: 80 }
  ])
  clock.advance(H)
  const [byIp, nobody] = emu.lb.health('be-http').slice(2)
  expect(byIp).toEqual({
    targetGroupId: 'tg-web',
    type: 'ip',
    port: 80,
    weight: 10,
    status: 'healthy',
    ipAddress: ip
  })
  expect(nobody?.unhealthReason).toEqual({
    reason: 'CONNECT_TIMEOUT',
    detail: 'no answer from 10.9.9.9'
  })
  emu.someoneElse.stopPod('pod-d')
  clock.advance(U)
  expect(healthOf('pod-d')?.status).toBe('unhealthy')
})

test('each backend has its own view: a slower listener agrees later', () => {
  emu.seed({
    loadBalancing: {
      backends: [{ backendId: 'be-slow', port: 81, targetGroupIds: ['tg-web'], lbHealthyMs: 5000 }]
    }
  })
  emu.someoneElse.registerTargets('tg-web', [{ type: 'container', instanceId: 'pod-c', port: 80 }])
  clock.advance(H)
  expect([status('pod-c', 'be-http'), status('pod-c', 'be-slow')]).toEqual(['healthy', 'unhealthy'])
  clock.advance(5000 - H)
  expect(status('pod-c', 'be-slow')).toBe('healthy')
})

test('a pod seeded running with an image that never gets ready is never healthy nor in service', async () => {
  await emu.close()
  const region = lbRegion()
  emu = await PodEmulator.start({
    clock,
    seed: {
      ...region,
      pods: [
        ...(region.pods ?? []),
        podSeed({ podId: 'pod-bad', containers: [{ image: 'example.com/app:bad' }] })
      ],
      images: { 'example.com/app:bad': 'never-ready' },
      loadBalancing: {
        ...region.loadBalancing,
        targets: [{ targetGroupId: 'tg-web', type: 'container', instanceId: 'pod-bad', port: 80 }]
      }
    }
  })
  clock.advance(60_000)
  expect(healthOf('pod-bad')).toMatchObject({
    status: 'unhealthy',
    unhealthReason: { reason: 'HTTP_CODE_MISMATCH' }
  })
  expect(emu.readySince('pod-bad')).toBeUndefined()
  expect(emu.readySince('pod-a')).toBe(-Infinity)
  // Never in service, so never out of it either.
  expect(emu.maxOutOfService()).toBe(0)
})

test('a deleted pod stops answering', () => {
  emu.someoneElse.deletePod('pod-a')
  clock.advance(U)
  expect(emu.lb.health('be-http')[0]).toMatchObject({
    instanceId: 'pod-a',
    status: 'unhealthy',
    unhealthReason: { reason: 'CONNECT_TIMEOUT', detail: 'no answer from the target' }
  })
})

test('describeTargetHealth: all targets unless a pageSize is given', async () => {
  const pods = Array.from({ length: 12 }, (_, i) => podSeed({ podId: `pod-x${i + 10}` }))
  emu.seed({ pods })
  emu.someoneElse.registerTargets(
    'tg-web',
    pods.map(pod => ({ type: 'container' as const, instanceId: pod.podId, port: 80 }))
  )
  const api = lbApi(emu)
  expect((await api.describeTargetHealth('be-http')).json.result.targetHealths).toHaveLength(14)
  const second = await api.describeTargetHealth('be-http', [
    ['pageNumber', 2],
    ['pageSize', 10]
  ])
  expect(second.json.result).toMatchObject({ totalCount: 14 })
  expect(second.json.result.targetHealths).toHaveLength(4)
})
