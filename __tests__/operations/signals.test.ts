// Real signals to a real process, as the runner sends them on cancellation: the action stops
// within 5 s, exits non-zero, writes its summary, and starts no new change after the signal.
import { PodEmulator, podSeed } from '../../emulator/index.js'
import type { ApiName } from '../../emulator/index.js'
import { emulatorConnection, runBundled } from '../../__fixtures__/runner-step.js'
import type { ChildProcess } from 'node:child_process'

const NEVER_READY = 'registry.example.com/shop/web:never-ready'
let emulator: PodEmulator

beforeEach(async () => {
  emulator = await PodEmulator.start({
    seed: {
      pods: [
        podSeed({ podId: 'pod-g1', name: 'web-1' }),
        podSeed({ podId: 'pod-g2', name: 'web-2' })
      ],
      images: { [NEVER_READY]: 'never-ready' }
    },
    timings: { stopMs: 1500, startMs: 300, rebuildMs: 300, pullMs: 300, readyMs: 300 }
  })
})
afterEach(() => emulator.close())

function deploy(signalAfter: ApiName, signals: NodeJS.Signals[], image = NEVER_READY) {
  let child: ChildProcess | undefined
  let signalledAt = 0
  let mutationsAtSignal = 0
  emulator.onCall(signalAfter, () => {
    if (signalledAt !== 0) return
    signalledAt = Date.now()
    mutationsAtSignal = emulator.mutatingCalls().length
    signals.forEach((signal, i) => setTimeout(() => child?.kill(signal), i * 1000))
  })
  const run = runBundled(
    {
      ...emulatorConnection(emulator),
      pods: 'pod-g1,pod-g2',
      image
    },
    { entry: 'source', onSpawn: spawned => (child = spawned) }
  )
  return run.then(result => ({
    ...result,
    exitedAfterMs: Date.now() - signalledAt,
    mutationsAtSignal
  }))
}

test('SIGINT while waiting for readiness: out within 5 s, non-zero, summary written, nothing new started', async () => {
  const run = await deploy('startPod', ['SIGINT'])
  expect(run.exitedAfterMs).toBeLessThan(5000)
  expect(run.code).not.toBe(0)
  expect(run.outputs.result).toBe('cancelled')
  expect(run.summary).toContain('## ⏹️ JD Cloud pod deploy: 1 of 2 pods cancelled, 1 not touched')
  expect(run.summary).toMatch(/pod-g2.*⏭️ not touched/)
  expect(emulator.mutatingCalls()).toHaveLength(run.mutationsAtSignal)
})

test('SIGINT then SIGTERM right after a stop: out within 5 s; the stopped pod is started again or reported', async () => {
  const run = await deploy('stopPod', ['SIGINT', 'SIGTERM'], 'registry.example.com/shop/web:1.1')
  expect(run.exitedAfterMs).toBeLessThan(5000)
  expect(run.code).not.toBe(0)
  expect(run.outputs.result).toBe('cancelled')
  const after = emulator
    .mutatingCalls()
    .slice(run.mutationsAtSignal)
    .map(call => call.api)
  // Only a restoring start may follow the signal — never a rebuild.
  expect(after.every(api => api === 'startPod')).toBe(true)
  const [pod] = JSON.parse(run.outputs.pods as string) as Array<{
    outcome: string
    message: string
  }>
  expect(pod?.outcome).toBe('cancelled')
  expect(pod?.message).toMatch(
    /started it again|could not be started again in time|starting it again failed/
  )
})
