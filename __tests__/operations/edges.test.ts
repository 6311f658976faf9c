// Edges of the deploy that the main stories do not reach: plans for pods in every phase, patches
// naming containers a pod lacks, pods that fall into phase error mid-step.
import { podSeed } from '../../emulator/index.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEW = 'registry.example.com/shop/web:1.1'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

test.each([
  ['stopped', 'would: rebuildPod → startPod → wait until ready'],
  ['running', 'would: stopPod → rebuildPod → startPod → wait until ready']
] as const)('dry-run plan for a %s pod', async (phase, steps) => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-e1', phase })] })
  const { report } = await cloud.run({ pods: 'pod-e1', image: NEW, 'dry-run': 'true' })
  expect(report.pods[0]?.message).toBe(steps)
})

test('dry-run plan for a pod busy stopping, and for one already up to date', async () => {
  cloud = await startEmulatedCloud({
    pods: [podSeed({ podId: 'pod-e1' }), podSeed({ podId: 'pod-e2' })]
  })
  cloud.emulator.someoneElse.stopPod('pod-e1')
  const busy = await cloud.run({ pods: 'pod-e1', image: NEW, 'dry-run': 'true' })
  expect(busy.report.pods[0]?.message).toBe(
    'would: wait for it to settle (now stopping) → rebuildPod → startPod → wait until ready'
  )
  const same = await cloud.run({
    pods: 'pod-e2',
    image: 'registry.example.com/shop/web:1.0',
    'dry-run': 'true'
  })
  expect(same.report.pods[0]?.message).toBe('would leave it as is (already up to date, if ready)')
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('a patch naming a container the pod lacks fails before any change', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-e1' })] })
  const { report } = await cloud.run({
    pods: 'pod-e1',
    image: '',
    containers: '- name: proxy\n  image: nginx:1.27'
  })
  expect(report.error).toMatch(
    /containers\[0\]\.name: pod pod-e1 has no container "proxy" \(containers: web\)/
  )
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('container naming a container the pod lacks fails before any change', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-e1' })] })
  const { report } = await cloud.run({ pods: 'pod-e1', image: NEW, container: 'proxy' })
  expect(report.error).toMatch(/container: pod pod-e1 has no container "proxy" \(containers: web\)/)
})

test('a pod that falls into phase error while stopping fails at once', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-e1' })] })
  cloud.emulator.onCall('stopPod', () =>
    cloud.emulator.someoneElse.setPhase('pod-e1', 'error', 'NodeLost')
  )
  const { report } = await cloud.run({ pods: 'pod-e1', image: NEW, rollback: 'false' })
  expect(report.result).toBe('failed')
  expect(report.pods[0]?.message).toBe('pod-e1 went into phase error while stopping')
})

test('a pod that falls into phase error during the rebuild fails at once', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-e1' })] })
  cloud.emulator.onCall('rebuildPod', () =>
    cloud.emulator.someoneElse.setPhase('pod-e1', 'error', 'DiskFull')
  )
  const { report } = await cloud.run({ pods: 'pod-e1', image: NEW, rollback: 'false' })
  expect(report.pods[0]?.message).toBe('pod-e1 went into phase error during the rebuild')
  expect(mutations(cloud.emulator)).toEqual(['stopPod pod-e1', 'rebuildPod pod-e1'])
})

test('a stop refused for a pod that is not busy is a clear failure, not a wait', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-e1' })] })
  cloud.emulator.inject({
    api: 'stopPod',
    kind: 'status',
    status: 400,
    errorStatus: 'FAILED_PRECONDITION',
    message: 'pod is locked by an order in arrears'
  })
  const { report } = await cloud.run({ pods: 'pod-e1', image: NEW })
  expect(report.result).toBe('failed')
  expect(report.pods[0]?.message).toBe(
    'JD Cloud refused to stop pod-e1 in phase running: pod is locked by an order in arrears'
  )
})
