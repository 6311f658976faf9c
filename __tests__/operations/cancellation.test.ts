// The runner cancels with SIGINT (then SIGTERM). In-process, the signals come from an emitter the
// test controls, fired at exact points of the rollout by emulator hooks.
import { EventEmitter } from 'node:events'
import { podSeed } from '../../emulator/index.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEW = 'registry.example.com/shop/web:1.1'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

function fleet(count: number) {
  return Array.from({ length: count }, (_, i) =>
    podSeed({ podId: `pod-c${i + 1}`, name: `web-${i + 1}` })
  )
}

/** Sends SIGINT to the run right after the emulator answered the given call for the given pod. */
function cancelAfter(api: 'stopPod' | 'rebuildPod' | 'startPod', podId: string): EventEmitter {
  const signals = new EventEmitter()
  cloud.emulator.onCall(api, call => {
    if (call.podId === podId) setImmediate(() => signals.emit('SIGINT', 'SIGINT'))
  })
  return signals
}

test('cancelled right after a stop: no rebuild, the pod is started again on its previous containers', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(2) })
  const before = cloud.specs('pod-c1')
  const signals = cancelAfter('stopPod', 'pod-c1')
  const { report, outputs, summary, exitCode, log } = await cloud.run(
    { pods: 'pod-c1,pod-c2', image: NEW },
    { signals }
  )
  expect(report.result).toBe('cancelled')
  expect(outputs.result).toBe('cancelled')
  expect(exitCode).toBe(1)
  expect(log).toContain('::warning::Received SIGINT: stopping; no new change will be started.')
  expect(mutations(cloud.emulator)).toEqual(['stopPod pod-c1', 'startPod pod-c1'])
  expect(report.pods.map(pod => [pod.podId, pod.outcome])).toEqual([
    ['pod-c1', 'cancelled'],
    ['pod-c2', 'not-started']
  ])
  expect(report.pods[0]?.message).toMatch(/started it again on its previous containers/)
  expect(summary).toContain('⏹️ cancelled')
  cloud.clock.advance(60_000)
  expect(cloud.specs('pod-c1')).toEqual(before)
  expect(cloud.emulator.pod('pod-c1').podStatus?.phase).toBe('running')
})

test('cancelled right after the rebuild: started again on the new containers, nothing else begins', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1) })
  const signals = cancelAfter('rebuildPod', 'pod-c1')
  const { report } = await cloud.run({ pods: 'pod-c1', image: NEW }, { signals })
  expect(report.result).toBe('cancelled')
  // The rebuild (3 s) ends within the grace period: the pod is started on what it now has.
  expect(report.pods[0]?.message).toBe(
    'cancelled after it was stopped; started it again on the new containers (readiness not verified)'
  )
  expect(mutations(cloud.emulator)).toEqual([
    'stopPod pod-c1',
    'rebuildPod pod-c1',
    'startPod pod-c1'
  ])
})

test('cancelled while waiting for readiness: no call after the signal; the pod keeps starting', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1) })
  const signals = cancelAfter('startPod', 'pod-c1')
  const { report } = await cloud.run({ pods: 'pod-c1', image: NEW }, { signals })
  expect(report.result).toBe('cancelled')
  expect(report.pods[0]?.message).toBe('cancelled after it was started; readiness not verified')
  expect(mutations(cloud.emulator)).toEqual([
    'stopPod pod-c1',
    'rebuildPod pod-c1',
    'startPod pod-c1'
  ])
})

test('a rerun after a cancelled run completes the deploy', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1) })
  const signals = cancelAfter('rebuildPod', 'pod-c1')
  expect((await cloud.run({ pods: 'pod-c1', image: NEW }, { signals })).report.result).toBe(
    'cancelled'
  )
  // The pod was started again, unverified, on the new containers: the rerun verifies it.
  const rerun = await cloud.run({ pods: 'pod-c1', image: NEW })
  expect(rerun.report.result).toBe('succeeded')
  expect(cloud.emulator.pod('pod-c1').containers?.[0]?.image).toBe(NEW)
  expect(cloud.emulator.pod('pod-c1').containers?.[0]?.containerStatus?.ready).toBe(true)
})

test('running the same deploy twice leaves the same end state (the second run changes nothing)', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(2) })
  const first = await cloud.run({ pods: 'pod-c1,pod-c2', image: NEW })
  const after = fleet(2).map(pod => cloud.specs(pod.podId))
  const calls = cloud.emulator.calls.length
  const second = await cloud.run({ pods: 'pod-c1,pod-c2', image: NEW })
  expect(first.report.result).toBe('succeeded')
  expect(second.report.result).toBe('succeeded')
  expect(second.report.pods.map(pod => pod.outcome)).toEqual(['unchanged', 'unchanged'])
  expect(mutations(cloud.emulator, calls)).toEqual([])
  expect(fleet(2).map(pod => cloud.specs(pod.podId))).toEqual(after)
})

test('a second signal ends the restoring calls too', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1) })
  const signals = new EventEmitter()
  cloud.emulator.onCall('stopPod', () =>
    setImmediate(() => {
      signals.emit('SIGINT', 'SIGINT')
      signals.emit('SIGTERM', 'SIGTERM')
    })
  )
  const { report } = await cloud.run({ pods: 'pod-c1', image: NEW }, { signals })
  expect(report.result).toBe('cancelled')
  expect(mutations(cloud.emulator)).toEqual(['stopPod pod-c1'])
  expect(report.pods[0]?.message).toMatch(/starting it again failed|could not be started/)
})
