// Only running, stopped and error are confirmed phase values; how JD Cloud spells a pod that is
// starting, stopping or being rebuilt ("reset" on the console) no source documents. The rollouts
// must hold whatever those words are: each test here runs under two vocabularies.
import { PHASE_VOCABULARIES, podSeed } from '../../emulator/index.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEW = 'registry.example.com/shop/web:1.1'
const BROKEN = 'registry.example.com/shop/web:broken'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

const pods = (phase?: 'stopping' | 'rebuilding' | 'starting') => [
  podSeed({ podId: 'pod-v1', name: 'web-1', ...(phase ? { phase } : {}) }),
  podSeed({ podId: 'pod-v2', name: 'web-2' })
]

describe.each(Object.entries(PHASE_VOCABULARIES))('transitional phases spelt as %s', (_, names) => {
  test('the emulator spells them so on the wire', async () => {
    cloud = await startEmulatedCloud({ pods: pods() }, { phaseNames: names })
    cloud.emulator.someoneElse.stopPod('pod-v1')
    expect(cloud.emulator.pod('pod-v1').podStatus?.phase).toBe(names.stopping)
  })

  test('a rolling deploy of two pods succeeds', async () => {
    cloud = await startEmulatedCloud({ pods: pods() }, { phaseNames: names })
    const { report } = await cloud.run({ pods: 'pod-v1\npod-v2', image: NEW })
    expect(report.result).toBe('succeeded')
    for (const pod of cloud.emulator.pods()) expect(pod.containers?.[0]?.image).toBe(NEW)
  })

  test('a broken image fails fast and is rolled back', async () => {
    cloud = await startEmulatedCloud(
      { pods: pods(), images: { [BROKEN]: 'never-pulls' } },
      { phaseNames: names }
    )
    const before = cloud.specs('pod-v1')
    const { report } = await cloud.run({ pods: 'pod-v1', image: BROKEN, 'fail-fast': '5s' })
    expect(report.result).toBe('rolled-back')
    expect(cloud.specs('pod-v1')).toEqual(before)
  })

  test.each(['stopping', 'rebuilding', 'starting'] as const)(
    'a pod found %s is waited out, then deployed',
    async phase => {
      cloud = await startEmulatedCloud({ pods: pods(phase) }, { phaseNames: names })
      const { report } = await cloud.run({ pods: 'pod-v1', image: NEW })
      expect(report.result).toBe('succeeded')
      expect(cloud.emulator.pod('pod-v1').containers?.[0]?.image).toBe(NEW)
    }
  )

  test('restart, stop and start', async () => {
    cloud = await startEmulatedCloud({ pods: pods() }, { phaseNames: names })
    expect((await cloud.run({ operation: 'restart', pods: 'pod-v1' })).report.result).toBe(
      'succeeded'
    )
    expect((await cloud.run({ operation: 'stop', pods: 'pod-v1' })).report.result).toBe('succeeded')
    expect(cloud.emulator.pod('pod-v1').podStatus?.phase).toBe('stopped')
    expect((await cloud.run({ operation: 'start', pods: 'pod-v1' })).report.result).toBe(
      'succeeded'
    )
    expect(mutations(cloud.emulator)).toEqual([
      'stopPod pod-v1',
      'startPod pod-v1',
      'stopPod pod-v1',
      'startPod pod-v1'
    ])
  })

  test('someone else stops the pod mid-deploy: the stop is taken as done', async () => {
    cloud = await startEmulatedCloud({ pods: pods() }, { phaseNames: names })
    let reads = 0
    const unsubscribe = cloud.emulator.onCall('describePods', () => {
      if (++reads < 2) return
      unsubscribe()
      cloud.emulator.someoneElse.stopPod('pod-v1')
    })
    const { report } = await cloud.run({ pods: 'pod-v1', image: NEW })
    expect(report.result).toBe('succeeded')
  })
})
