import { DEFAULT_TIMINGS, PodEmulator, podSeed } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { apiError, podApi } from './api.js'

const T = DEFAULT_TIMINGS
let clock: VirtualClock
let emu: PodEmulator
let api: ReturnType<typeof podApi>

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({
    clock,
    seed: {
      pods: [podSeed({ podId: 'pod-a' })],
      images: {
        'example.com/app:crash': 'crash-loop',
        'example.com/app:slow': 'never-ready',
        'example.com/app:missing': 'never-pulls'
      }
    }
  })
  api = podApi(emu)
})
afterEach(() => emu.close())

const content = async (podId: string, query: Array<[string, number]> = []): Promise<string> => {
  const reply = await api.getContainerLogs(podId, 'web', query)
  expect(reply.status).toBe(200)
  return reply.json.result.logs.content
}

function deploy(podId: string, image: string): void {
  emu.addPod(podSeed({ podId, phase: 'stopped', containers: [{ image }] }))
  emu.someoneElse.startPod(podId)
  clock.advance(T.startMs)
}

test('an ok container logs its start-up and that it listens', async () => {
  const logs = await content('pod-a')
  expect(logs).toMatch(/starting web/)
  expect(logs).toMatch(/listening on :80\n/)
})

test('crash-loop: the fatal line once per attempt, more attempts with time', async () => {
  deploy('pod-c', 'example.com/app:crash')
  clock.advance(T.pullMs + T.crashAfterMs)
  expect((await content('pod-c')).match(/FATAL: DATABASE_URL is not set/g)).toHaveLength(1)
  clock.advance(T.backoffBaseMs + T.crashAfterMs)
  expect((await content('pod-c')).match(/FATAL: DATABASE_URL is not set/g)).toHaveLength(2)
})

test('never-ready: the health check keeps failing', async () => {
  deploy('pod-s', 'example.com/app:slow')
  clock.advance(T.pullMs + T.readyMs + 60_000)
  expect((await content('pod-s')).match(/healthz 503/g)?.length).toBeGreaterThan(3)
})

test('tailLines keeps the last lines; limitBytes the last bytes, at most 4 KB', async () => {
  emu.setLogs('pod-a', 'web', ['one', 'two', 'three', 'four'])
  expect(await content('pod-a', [['tailLines', 2]])).toBe('three\nfour\n')
  expect(await content('pod-a', [['limitBytes', 6]])).toBe('\nfour\n')
  emu.setLogs(
    'pod-a',
    'web',
    Array.from({ length: 1000 }, (_, i) => `line ${i}`)
  )
  const capped = await content('pod-a')
  expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(4096)
  expect(capped.endsWith('line 999\n')).toBe(true)
  for (const limitBytes of [0, 4097])
    expect((await api.getContainerLogs('pod-a', 'web', [['limitBytes', limitBytes]])).json).toEqual(
      apiError(400, 'INVALID_ARGUMENT', /limitBytes/)
    )
})

test('sinceSeconds keeps recent lines only', async () => {
  deploy('pod-s', 'example.com/app:slow')
  clock.advance(T.pullMs + T.readyMs + 100_000)
  const recent = await content('pod-s', [['sinceSeconds', 25]])
  expect(recent.match(/healthz 503/g)).toHaveLength(3)
  expect(recent).not.toMatch(/starting/)
})

test('a container that never started: 400 FAILED_PRECONDITION saying why', async () => {
  deploy('pod-m', 'example.com/app:missing')
  clock.advance(T.pullMs + T.pullMs)
  const reply = await api.getContainerLogs('pod-m', 'web')
  expect(reply.json).toEqual(
    apiError(
      400,
      'FAILED_PRECONDITION',
      /container "web" in pod "pod-m" is waiting to start: ImagePullBackOff/
    )
  )
})

test('unknown pod or container: 404', async () => {
  expect((await api.getContainerLogs('pod-a', 'nope')).json).toEqual(
    apiError(404, 'NOT_FOUND', 'container nope not found in pod pod-a')
  )
  expect((await api.getContainerLogs('pod-zz', 'web')).status).toBe(404)
})

test('a stopped pod still shows its last run', async () => {
  emu.someoneElse.stopPod('pod-a')
  clock.advance(T.stopMs)
  expect(await content('pod-a')).toMatch(/listening on :80/)
})
