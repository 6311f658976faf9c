// Init containers in the emulator: run in order once the pod runs, each to completion (exit 0,
// never ready), and only then the app containers start; a failing one keeps them waiting.
import { DEFAULT_TIMINGS, PodEmulator, podSeed } from '../../emulator/index.js'
import type { ContainerStatus } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { podApi } from './api.js'

const T = DEFAULT_TIMINGS
let clock: VirtualClock
let emu: PodEmulator

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({ clock, seed: { images: { 'x/crash:1': 'crash-loop' } } })
})
afterEach(() => emu.close())

const statusOf = (name: string): ContainerStatus =>
  emu.pod('pod-i').containers?.find(c => c.name === name)?.containerStatus ?? {}

function startPodWithInits(firstInit = 'x/migrate:1'): void {
  emu.addPod(
    podSeed({
      podId: 'pod-i',
      phase: 'stopped',
      containers: [
        { name: 'web', image: 'x/web:1' },
        { name: 'migrate', type: 'initContainer', image: firstInit, readinessProbe: undefined },
        { name: 'seed', type: 'initContainer', image: 'x/seed:1', readinessProbe: undefined }
      ]
    })
  )
  emu.someoneElse.startPod('pod-i')
  clock.advance(T.startMs)
}

test('init containers run one after another, then the app containers; init never turns ready', () => {
  startPodWithInits()
  expect(statusOf('migrate').state?.waiting?.reason).toBe('ContainerCreating')
  expect(statusOf('seed').state?.waiting?.reason).toBe('PodInitializing')
  expect(statusOf('web').state?.waiting?.reason).toBe('PodInitializing')
  clock.advance(T.pullMs)
  expect(statusOf('migrate').state?.running).toBeDefined()
  clock.advance(T.readyMs)
  expect(statusOf('migrate')).toMatchObject({
    ready: false,
    state: { terminated: { reason: 'Completed', exitCode: 0 } }
  })
  expect(statusOf('seed').state?.waiting?.reason).toBe('ContainerCreating')
  clock.advance(T.pullMs + T.readyMs)
  expect(statusOf('seed').state?.terminated?.exitCode).toBe(0)
  expect(statusOf('web').state?.waiting?.reason).toBe('ContainerCreating')
  clock.advance(T.pullMs + T.readyMs)
  expect(statusOf('web').ready).toBe(true)
  expect(emu.pod('pod-i').podStatus?.conditions).toEqual([
    { conditionType: 'Ready', status: 'True' }
  ])
  expect(emu.pod('pod-i').containers?.find(c => c.name === 'migrate')?.type).toBe('initContainer')
})

test('a crash-looping init container restarts and keeps the app containers waiting', () => {
  startPodWithInits('x/crash:1')
  clock.advance(T.pullMs + T.crashAfterMs + 1)
  expect(statusOf('migrate')).toMatchObject({
    restartCount: 1,
    state: { waiting: { reason: 'CrashLoopBackOff' } },
    lastState: { terminated: { exitCode: 1 } }
  })
  clock.advance(10 * 60_000)
  expect(statusOf('web').state?.waiting?.reason).toBe('PodInitializing')
  expect(statusOf('web').ready).toBe(false)
})

test('a pod seeded running with init containers is ready at once, its init containers done', () => {
  emu.addPod(
    podSeed({
      podId: 'pod-i',
      containers: [
        { name: 'migrate', type: 'initContainer', image: 'x/migrate:1' },
        { name: 'web', image: 'x/web:1' }
      ]
    })
  )
  expect(statusOf('migrate').state?.terminated?.exitCode).toBe(0)
  expect(statusOf('web').ready).toBe(true)
})

test('the logs of an init container say it ran and completed', async () => {
  startPodWithInits()
  clock.advance(T.pullMs + T.readyMs)
  const reply = await podApi(emu).getContainerLogs('pod-i', 'migrate')
  expect(reply.json.result.logs.content).toMatch(/init step started[\s\S]*init step done/)
})
