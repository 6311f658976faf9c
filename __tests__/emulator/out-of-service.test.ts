import { DEFAULT_TIMINGS, PodEmulator, podSeed } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

const T = DEFAULT_TIMINGS
/** stop → rebuild → start → all ready */
const CYCLE_MS = T.stopMs + T.rebuildMs + T.startMs + T.pullMs + T.readyMs
let clock: VirtualClock
let emu: PodEmulator

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({
    clock,
    seed: {
      pods: ['pod-1', 'pod-2', 'pod-3'].map(podId => podSeed({ podId })),
      images: { 'example.com/app:bad': 'crash-loop' }
    }
  })
})
afterEach(() => emu.close())

/** A full deploy of one pod, the clock moving through each step. */
function deploy(podId: string, image = 'example.com/app:2'): void {
  emu.someoneElse.stopPod(podId)
  clock.advance(T.stopMs)
  emu.someoneElse.rebuildPod(podId, [{ name: 'web', image }])
  clock.advance(T.rebuildMs)
  emu.someoneElse.startPod(podId)
}

test('nothing stopped: 0', () => {
  expect(emu.maxOutOfService()).toBe(0)
})

test('one pod at a time: 1', () => {
  for (const podId of ['pod-1', 'pod-2', 'pod-3']) {
    deploy(podId)
    clock.advance(T.startMs + T.pullMs + T.readyMs)
    expect(emu.pod(podId).containers?.[0]?.containerStatus?.ready).toBe(true)
  }
  expect(emu.maxOutOfService()).toBe(1)
})

test('a pod ready at the very instant the next one stops does not overlap it', () => {
  deploy('pod-1')
  clock.advance(T.startMs + T.pullMs + T.readyMs) // pod-1 is ready exactly now
  deploy('pod-2')
  expect(emu.maxOutOfService()).toBe(1)
})

test('two pods stopped together: 2', () => {
  emu.someoneElse.stopPod('pod-1')
  emu.someoneElse.stopPod('pod-2')
  expect(emu.maxOutOfService()).toBe(2)
})

test('a pod started but not ready yet still counts when the next one stops', () => {
  deploy('pod-1')
  clock.advance(T.startMs + T.pullMs) // running, not ready yet
  emu.someoneElse.stopPod('pod-2')
  expect(emu.maxOutOfService()).toBe(2)
  clock.advance(CYCLE_MS)
  expect(emu.maxOutOfService()).toBe(2) // the past does not change
})

test('a pod that never gets ready stays out of service', () => {
  deploy('pod-1', 'example.com/app:bad')
  clock.advance(10 * 60_000)
  deploy('pod-2')
  expect(emu.maxOutOfService()).toBe(2)
})

test('a pod seeded stopped does not count until it has been in service once', () => {
  emu.addPod(podSeed({ podId: 'pod-new', phase: 'stopped' }))
  emu.someoneElse.stopPod('pod-1')
  emu.someoneElse.startPod('pod-new')
  expect(emu.maxOutOfService()).toBe(1)
  clock.advance(T.startMs + T.pullMs + T.readyMs)
  emu.someoneElse.stopPod('pod-new')
  expect(emu.maxOutOfService()).toBe(2)
})

test('stopped again before it was ready: one long outage, not two', () => {
  deploy('pod-1')
  clock.advance(T.startMs)
  emu.someoneElse.setPhase('pod-1', 'stopped')
  clock.advance(CYCLE_MS)
  emu.someoneElse.startPod('pod-1')
  clock.advance(T.startMs + T.pullMs + T.readyMs)
  deploy('pod-2')
  expect(emu.maxOutOfService()).toBe(1)
})

test('set running by someone else with an image that never gets ready: out of service, not back', () => {
  emu.setImage('example.com/app:bad', 'never-ready')
  emu.someoneElse.stopPod('pod-1')
  clock.advance(T.stopMs)
  emu.someoneElse.rebuildPod('pod-1', [{ name: 'web', image: 'example.com/app:bad' }])
  clock.advance(T.rebuildMs)
  emu.someoneElse.setPhase('pod-1', 'running')
  expect(emu.readySince('pod-1')).toBeUndefined()
  emu.someoneElse.stopPod('pod-2')
  expect(emu.maxOutOfService()).toBe(2)
})

test('set running by someone else with a good image: back in service at once', () => {
  emu.someoneElse.stopPod('pod-1')
  clock.advance(T.stopMs)
  emu.someoneElse.setPhase('pod-1', 'running')
  expect(emu.readySince('pod-1')).toBe(clock.now())
  emu.someoneElse.stopPod('pod-2')
  expect(emu.maxOutOfService()).toBe(1)
})
