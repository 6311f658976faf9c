// Hardening II, 3: cancelling during a rollback left a healthy pod stopped, and the `pods` output
// still said running and ready. The rollback and the cancel-restore are one path, which the first
// SIGINT does not cut short (only the end of the grace period or a second signal does), and the
// outputs are read again at the end.
import { EventEmitter } from 'node:events'
import { podSeed } from '../../emulator/index.js'
import { GRACE_MS } from '../../src/signals.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const OLD = 'registry.example.com/shop/web:1.0'
const BROKEN = 'registry.example.com/shop/web:broken'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

/** SIGINT right after the emulator answered the n-th call of `api`. */
function sigintAfter(api: 'stopPod' | 'rebuildPod', nth: number): EventEmitter {
  const signals = new EventEmitter()
  cloud.emulator.onCall(api, () => {
    if (cloud.emulator.callsTo(api).length === nth)
      setImmediate(() => signals.emit('SIGINT', 'SIGINT'))
  })
  return signals
}

test.each([
  ['stop', 'stopPod', 2],
  ['rebuild', 'rebuildPod', 2]
] as const)(
  'SIGINT right after the rollback’s %s: the rollback goes on, the pod ends running on its old containers',
  async (_what, api, nth) => {
    cloud = await startEmulatedCloud({
      pods: [podSeed({ podId: 'pod-cr1' })],
      images: { [BROKEN]: 'never-pulls' }
    })
    const before = cloud.specs('pod-cr1')
    const signals = sigintAfter(api, nth)
    const { report, outputs } = await cloud.run(
      { pods: 'pod-cr1', image: BROKEN, 'fail-fast': '5s' },
      { signals }
    )
    expect(report.result).toBe('cancelled')
    expect(mutations(cloud.emulator)).toEqual([
      'stopPod pod-cr1',
      'rebuildPod pod-cr1',
      'startPod pod-cr1',
      'stopPod pod-cr1',
      'rebuildPod pod-cr1',
      'startPod pod-cr1'
    ])
    expect(cloud.specs('pod-cr1')).toEqual(before)
    const pod = cloud.emulator.pod('pod-cr1')
    expect(pod.podStatus?.phase).toBe('running')
    expect(pod.containers?.[0]?.containerStatus?.ready).toBe(true)
    // The output says what the pod is at the end, not what it was last seen as.
    const [row] = JSON.parse(outputs.pods as string) as Array<{
      phase: string
      containers: Array<{ image: string; ready: boolean }>
    }>
    expect(row).toMatchObject({ phase: 'running', containers: [{ image: OLD, ready: true }] })
  }
)

test('the grace period fits the runner: SIGTERM comes 7.5 s after SIGINT (ProcessInvoker.cs)', () => {
  expect(GRACE_MS).toBeGreaterThanOrEqual(5000)
  expect(GRACE_MS).toBeLessThan(7500)
})
