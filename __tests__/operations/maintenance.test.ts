import { podSeed } from '../../emulator/index.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

const BROKEN = 'registry.example.com/shop/web:broken'

describe('start', () => {
  test('starts the stopped pods, leaves running ones alone, waits until ready', async () => {
    cloud = await startEmulatedCloud({
      pods: [
        podSeed({ podId: 'pod-a1', name: 'dev-1', phase: 'stopped' }),
        podSeed({ podId: 'pod-a2', name: 'dev-2' })
      ]
    })
    const { report, outputs } = await cloud.run({ operation: 'start', pods: 'dev-1\ndev-2' })
    expect(report.result).toBe('succeeded')
    expect(report.pods.map(pod => [pod.podId, pod.outcome])).toEqual([
      ['pod-a1', 'started'],
      ['pod-a2', 'already-running']
    ])
    expect(mutations(cloud.emulator)).toEqual(['startPod pod-a1'])
    expect(cloud.emulator.pod('pod-a1').containers?.[0]?.containerStatus?.ready).toBe(true)
    const pods = JSON.parse(outputs.pods as string) as Array<{ secondsToReady: number | null }>
    expect(pods[0]?.secondsToReady).toBeGreaterThanOrEqual(5)
  })

  test('a pod in phase error fails the run with a clear reason, and no call is made on it', async () => {
    cloud = await startEmulatedCloud({
      pods: [podSeed({ podId: 'pod-a1', name: 'dev-1', phase: 'error' })]
    })
    const { report } = await cloud.run({ operation: 'start', pods: 'pod-a1' })
    expect(report.result).toBe('failed')
    expect(report.error).toMatch(/pod-a1 is in phase error: JD Cloud starts only a stopped pod/)
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })

  test('a pod that cannot become ready fails fast and is diagnosed', async () => {
    cloud = await startEmulatedCloud({
      pods: [podSeed({ podId: 'pod-a1', phase: 'stopped', containers: [{ image: BROKEN }] })],
      images: { [BROKEN]: 'crash-loop' }
    })
    const { report } = await cloud.run({ operation: 'start', pods: 'pod-a1', 'fail-fast': '10s' })
    expect(report.result).toBe('failed')
    expect(report.pods[0]?.diagnosis?.[0]?.logs).toBeTruthy()
  })
})

describe('stop', () => {
  test('stops running pods, reports stopped ones, waits until stopped', async () => {
    cloud = await startEmulatedCloud({
      pods: [
        podSeed({ podId: 'pod-a1', name: 'dev-1' }),
        podSeed({ podId: 'pod-a2', name: 'dev-2', phase: 'stopped' })
      ]
    })
    const { report } = await cloud.run({
      operation: 'stop',
      pods: 'pod-a1,pod-a2',
      'max-parallel': '5'
    })
    expect(report.result).toBe('succeeded')
    expect(report.pods.map(pod => [pod.podId, pod.outcome, pod.phase])).toEqual([
      ['pod-a1', 'stopped', 'stopped'],
      ['pod-a2', 'already-stopped', 'stopped']
    ])
    expect(mutations(cloud.emulator)).toEqual(['stopPod pod-a1'])
  })

  test('a pod busy stopping is waited out, then reported as stopped by someone else', async () => {
    cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-a1' })] })
    cloud.emulator.someoneElse.stopPod('pod-a1')
    const { report } = await cloud.run({ operation: 'stop', pods: 'pod-a1' })
    expect(report.result).toBe('succeeded')
    expect(report.pods[0]?.outcome).toBe('already-stopped')
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })
})

describe('restart', () => {
  test('stop → start → ready, rolling, and the first failure stops the rest', async () => {
    cloud = await startEmulatedCloud({
      pods: [
        podSeed({ podId: 'pod-a1', name: 'web-1' }),
        podSeed({ podId: 'pod-a2', name: 'web-2', containers: [{ image: BROKEN }] }),
        podSeed({ podId: 'pod-a3', name: 'web-3' })
      ]
    })
    // web-2's image turns bad only on its next pull (say, the tag was deleted from the registry).
    cloud.emulator.setImage(BROKEN, 'never-pulls')
    const { report } = await cloud.run({
      operation: 'restart',
      'name-prefix': 'web-',
      'fail-fast': '5s'
    })
    expect(report.result).toBe('failed')
    expect(report.pods.map(pod => [pod.podId, pod.outcome])).toEqual([
      ['pod-a1', 'restarted'],
      ['pod-a2', 'failed'],
      ['pod-a3', 'not-started']
    ])
    expect(mutations(cloud.emulator)).toEqual([
      'stopPod pod-a1',
      'startPod pod-a1',
      'stopPod pod-a2',
      'startPod pod-a2'
    ])
    expect(report.pods[1]?.message).toMatch(/ImagePullBackOff|ErrImagePull/)
  })

  test('max-parallel bounds the pods out of service', async () => {
    const pods = Array.from({ length: 6 }, (_, i) =>
      podSeed({ podId: `pod-b${i}`, name: `api-${i}` })
    )
    cloud = await startEmulatedCloud({ pods })
    const { report } = await cloud.run({
      operation: 'restart',
      'name-prefix': 'api-',
      'max-parallel': '2'
    })
    expect(report.result).toBe('succeeded')
    expect(cloud.emulator.maxOutOfService()).toBe(2)
  })
})

describe('status', () => {
  test('one sweep, no mutating call; healthy pods succeed', async () => {
    cloud = await startEmulatedCloud({
      pods: [
        podSeed({ podId: 'pod-a1', name: 'web-1' }),
        podSeed({ podId: 'pod-a2', name: 'web-2' })
      ]
    })
    const { report, summary } = await cloud.run({ operation: 'status', pods: 'pod-a1\npod-a2' })
    expect(report.result).toBe('succeeded')
    expect(report.pods.map(pod => pod.outcome)).toEqual(['healthy', 'healthy'])
    expect(cloud.emulator.calls.map(call => call.api)).toEqual(['describePods'])
    expect(summary).toContain('2 of 2 pods running with every container ready')
    // Each pod names the request that read it, the one a support ticket would quote.
    const sweep = cloud.emulator.calls[0]?.requestId
    expect(report.pods.map(pod => pod.requestIds)).toEqual([[sweep], [sweep]])
  })

  test('an unhealthy pod fails the step (and is diagnosed) unless fail-on-unhealthy is off', async () => {
    cloud = await startEmulatedCloud({
      pods: [
        podSeed({ podId: 'pod-a1', name: 'web-1' }),
        podSeed({ podId: 'pod-a2', name: 'web-2', phase: 'stopped' })
      ]
    })
    const failing = await cloud.run({ operation: 'status', pods: 'pod-a1,pod-a2' })
    expect(failing.report.result).toBe('failed')
    expect(failing.report.error).toMatch(
      /1 pod is not healthy: pod-a2 \(phase stopped, 0\/1 containers ready/
    )
    expect(failing.exitCode).toBe(1)
    // The unhealthy pod's own log call follows the sweep that read both pods.
    const [sweep, logs] = cloud.emulator.calls.map(call => call.requestId)
    expect(failing.report.pods.map(pod => pod.requestIds)).toEqual([[sweep], [sweep, logs]])
    const lenient = await cloud.run({
      operation: 'status',
      pods: 'pod-a1,pod-a2',
      'fail-on-unhealthy': 'false'
    })
    expect(lenient.report.result).toBe('succeeded')
    expect(lenient.report.notes.join()).toMatch(/fail-on-unhealthy is off/)
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })

  test('a pod in error is reported unhealthy with its reason', async () => {
    cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-a1', phase: 'error' })] })
    const { report } = await cloud.run({ operation: 'status', pods: 'pod-a1' })
    expect(report.pods[0]?.outcome).toBe('unhealthy')
    expect(report.pods[0]?.message).toMatch(/pod phase is error/)
  })
})

describe('selectors', () => {
  const many = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      podSeed({
        podId: `pod-n${String(i).padStart(3, '0')}`,
        name: `night-${i}`,
        tags: { schedule: i % 2 === 0 ? 'nightly' : 'always' }
      })
    )

  test('name-prefix over more than one page of results', async () => {
    cloud = await startEmulatedCloud({
      pods: [...many(130), podSeed({ podId: 'pod-x1', name: 'web-night-1' })]
    })
    const { report } = await cloud.run({ operation: 'status', 'name-prefix': 'night-' })
    expect(report.result).toBe('succeeded')
    expect(report.pods).toHaveLength(130)
    expect(cloud.emulator.callsTo('describePods').length).toBeGreaterThanOrEqual(2)
  })

  test('tags, combined with name-prefix', async () => {
    cloud = await startEmulatedCloud({
      pods: [...many(10), podSeed({ podId: 'pod-x1', name: 'web', tags: { schedule: 'nightly' } })]
    })
    const tagged = await cloud.run({ operation: 'status', tags: 'schedule=nightly' })
    expect(tagged.report.pods).toHaveLength(6)
    const both = await cloud.run({
      operation: 'status',
      tags: 'schedule=nightly',
      'name-prefix': 'night-'
    })
    expect(both.report.pods.map(pod => pod.name)).toEqual([
      'night-0',
      'night-2',
      'night-4',
      'night-6',
      'night-8'
    ])
  })

  test('a selector that matches nothing is an error, never a silent success', async () => {
    cloud = await startEmulatedCloud({ pods: many(3) })
    const { report } = await cloud.run({ operation: 'stop', 'name-prefix': 'nothing-' })
    expect(report.result).toBe('failed')
    expect(report.error).toMatch(
      /name-prefix: no pod in region cn-north-1 matches name-prefix "nothing-"/
    )
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })

  test('the pods output has the same shape for every operation', async () => {
    cloud = await startEmulatedCloud({ pods: many(1) })
    const shapes = []
    for (const operation of ['status', 'stop', 'start', 'restart'])
      shapes.push(
        Object.keys(
          (
            JSON.parse(
              (await cloud.run({ operation, pods: 'pod-n000' })).outputs.pods as string
            ) as object[]
          )[0] ?? {}
        )
      )
    for (const shape of shapes) expect(shape).toEqual(shapes[0])
  })
})

describe('without waiting, and dry runs', () => {
  test('stop and start with wait: false ask and move on', async () => {
    cloud = await startEmulatedCloud({
      pods: [podSeed({ podId: 'pod-a1' }), podSeed({ podId: 'pod-a2', phase: 'stopped' })]
    })
    const stop = await cloud.run({ operation: 'stop', pods: 'pod-a1', wait: 'false' })
    expect(stop.report.pods[0]).toMatchObject({ outcome: 'stopped', phase: 'stopping' })
    expect(stop.report.pods[0]?.message).toMatch(/not waited for/)
    const start = await cloud.run({ operation: 'start', pods: 'pod-a2', wait: 'false' })
    expect(start.report.pods[0]?.message).toMatch(/readiness not awaited/)
    expect(mutations(cloud.emulator)).toEqual(['stopPod pod-a1', 'startPod pod-a2'])
  })

  test.each([
    ['start', 'stopped', 'would startPod, then wait until ready'],
    ['start', 'running', 'would leave it running'],
    ['stop', 'running', 'would stopPod, then wait until stopped'],
    ['stop', 'stopped', 'would leave it stopped'],
    ['restart', 'running', 'would stopPod → startPod, then wait until ready'],
    ['restart', 'stopped', 'would startPod, then wait until ready']
  ] as const)('dry-run %s on a %s pod: %s', async (operation, phase, plan) => {
    cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-a1', phase })] })
    const { report } = await cloud.run({ operation, pods: 'pod-a1', 'dry-run': 'true' })
    expect(report.result).toBe('planned')
    expect(report.pods[0]?.message).toBe(plan)
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })
})
