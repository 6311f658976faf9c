import { jest } from '@jest/globals'
import { DEFAULT_TIMINGS, PodEmulator, podSeed } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { apiError, podApi } from './api.js'

const T = DEFAULT_TIMINGS
let clock: VirtualClock
let emu: PodEmulator
let api: ReturnType<typeof podApi>

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({ clock, seed: { pods: [podSeed({ podId: 'pod-a' })] } })
  api = podApi(emu)
})
afterEach(() => emu.close())

test('onCall: someone else starts the pod right after our rebuild was accepted', async () => {
  const seen: string[] = []
  const off = emu.onCall('rebuildPod', (call, e) => {
    seen.push(`${call.api} ${call.status}`)
    if (call.status === 200) {
      clock.advance(T.rebuildMs)
      e.someoneElse.startPod('pod-a')
    }
  })
  await api.stopPod('pod-a')
  clock.advance(T.stopMs)
  await api.rebuildPod('pod-a', [{ name: 'web', image: 'x:2' }])
  expect(seen).toEqual(['rebuildPod 200'])
  expect((await api.startPod('pod-a')).json).toEqual(
    apiError(400, 'FAILED_PRECONDITION', /task in progress \(starting\)/)
  )
  off()
  await api.describePod('pod-a')
  expect(seen).toHaveLength(1)
})

test("onCall('*') sees every call, rejected ones too", async () => {
  const apis: string[] = []
  emu.onCall('*', call => apis.push(`${call.api}:${call.status}`))
  await api.describePod('pod-a')
  await api.startPod('pod-a')
  expect(apis).toEqual(['describePod:200', 'startPod:400'])
})

test('a throwing hook does not break the answer', async () => {
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  emu.onCall('describePod', () => {
    throw new Error('boom')
  })
  expect((await api.describePod('pod-a')).status).toBe(200)
  expect(error).toHaveBeenCalled()
  error.mockRestore()
})

test('someone else follows the phase rules', () => {
  expect(() => emu.someoneElse.startPod('pod-a')).toThrow(/startPod needs a stopped pod/)
  expect(() => emu.someoneElse.stopPod('pod-gone')).toThrow(/pod pod-gone not found/)
})

test('someoneElse.deletePod: the pod is gone', async () => {
  emu.someoneElse.deletePod('pod-a')
  expect((await api.describePod('pod-a')).status).toBe(404)
  expect(emu.pods()).toEqual([])
})

test('someoneElse.setPhase: error with a reason, then running again', () => {
  emu.someoneElse.setPhase('pod-a', 'error', 'DiskFailure', 'the system disk is unavailable')
  expect(emu.pod('pod-a').podStatus).toMatchObject({
    phase: 'error',
    reason: 'DiskFailure',
    message: 'the system disk is unavailable'
  })
  expect(emu.maxOutOfService()).toBe(1)
  emu.someoneElse.setPhase('pod-a', 'running')
  expect(emu.pod('pod-a').containers?.[0]?.containerStatus?.ready).toBe(true)
})

test('seeding validates and names the field', () => {
  expect(() => emu.addPod({ podId: 'pod-b', containers: [] })).toThrow(
    /seed\.pods\[0\]\.containers: needs at least one container/
  )
  expect(() => emu.setImage('x', 'sometimes' as never)).toThrow(/must be one of ok, never-pulls/)
  expect(() => emu.addPod(podSeed({ podId: 'pod-a' }))).toThrow(/seeded twice/)
})

test('betweenPages: a listing changed right after page 1 was answered, once', async () => {
  for (let i = 0; i < 11; i++) emu.addPod(podSeed({ podId: `pod-p${String(i).padStart(2, '0')}` }))
  const off = emu.betweenPages('describePods', 1, e => e.someoneElse.deletePod('pod-a'))
  const page = async (pageNumber: number) =>
    (
      await api.describePods([
        ['pageNumber', pageNumber],
        ['pageSize', 10]
      ])
    ).json as { result: { pods: Array<{ podId: string }>; totalCount: number } }
  const first = await page(1)
  expect(first.result.totalCount).toBe(12)
  expect(emu.pods().map(pod => pod.podId)).not.toContain('pod-a')
  const second = await page(2)
  expect(second.result.totalCount).toBe(11)
  // The offsets shifted: the pod that was eleventh is now tenth, on the page already read.
  expect(second.result.pods.map(pod => pod.podId)).toEqual(['pod-p10'])
  emu.addPod(podSeed({ podId: 'pod-a' }))
  await page(1)
  expect(emu.pods().map(pod => pod.podId)).toContain('pod-a')
  off()
})
