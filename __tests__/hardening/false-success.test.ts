// Hardening II, 1: a change reported as done that never reached the pod. A deploy that changes
// only args and env, its rebuildPod answered once with 503 without being applied: the re-check
// must see that the fields sent are not there, send it again, and only then start the pod. The
// readiness and the rollback compare every field too.
import { podSeed } from '../../emulator/index.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const BROKEN = 'registry.example.com/shop/web:broken'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

const ARGS_AND_ENV = [
  '- name: web',
  '  args: ["--port", "8080", "--workers", "4"]',
  '  env:',
  '    - {name: FEATURE_CHECKOUT, value: "on"}'
].join('\n')

test('args and env only, rebuild refused once with 503 unapplied: sent again, and they are there', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-fs1' })] })
  cloud.emulator.inject({ api: 'rebuildPod', kind: 'status', status: 503 })
  const { report } = await cloud.run({ pods: 'pod-fs1', containers: ARGS_AND_ENV })
  expect(report.result).toBe('succeeded')
  expect(mutations(cloud.emulator)).toEqual([
    'stopPod pod-fs1',
    'rebuildPod pod-fs1',
    'startPod pod-fs1'
  ])
  expect(cloud.emulator.callsTo('rebuildPod').map(call => call.status)).toEqual([503, 200])
  const [web] = cloud.specs('pod-fs1')
  expect(web?.args).toEqual(['--port', '8080', '--workers', '4'])
  expect(web?.env).toEqual([
    { name: 'APP_ENV', value: 'production' },
    { name: 'FEATURE_CHECKOUT', value: 'on' }
  ])
})

test('a rollback whose rebuild is refused once unapplied still ends with the old env back, or says it failed', async () => {
  cloud = await startEmulatedCloud({
    pods: [podSeed({ podId: 'pod-fs2' })],
    images: { [BROKEN]: 'never-pulls' }
  })
  const before = cloud.specs('pod-fs2')
  // The second rebuild is the rollback's: refused once, unapplied.
  cloud.emulator.onCall('rebuildPod', () => {
    if (cloud.emulator.callsTo('rebuildPod').length === 1)
      cloud.emulator.inject({ api: 'rebuildPod', kind: 'status', status: 503 })
  })
  const { report } = await cloud.run({
    pods: 'pod-fs2',
    containers: `${ARGS_AND_ENV}\n  image: ${BROKEN}`,
    'fail-fast': '5s'
  })
  expect(report.result).toBe('rolled-back')
  expect(cloud.specs('pod-fs2')).toEqual(before)
  expect(cloud.emulator.callsTo('rebuildPod').map(call => call.status)).toEqual([200, 503, 200])
})

test('someone else rebuilds the pod with the same image but other env while the action waits: not ready, it fails', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-fs3' })] })
  // Right after the action's start, someone else swaps the env back (same image).
  cloud.emulator.onCall('startPod', () => {
    setImmediate(() => {
      cloud.clock.advance(2000)
      cloud.emulator.someoneElse.stopPod('pod-fs3')
      cloud.clock.advance(2000)
      cloud.emulator.someoneElse.rebuildPod('pod-fs3', [
        {
          name: 'web',
          image: 'registry.example.com/shop/web:1.0',
          env: [{ name: 'X', value: '1' }]
        }
      ])
      cloud.clock.advance(3000)
      cloud.emulator.someoneElse.startPod('pod-fs3')
    })
  })
  const { report } = await cloud.run({
    pods: 'pod-fs3',
    containers: ARGS_AND_ENV,
    rollback: 'false'
  })
  expect(report.result).toBe('failed')
  expect(report.pods[0]?.outcome).toBe('failed')
  expect(report.pods[0]?.message).toMatch(
    /container web (command|args|env) differs from what was sent: the change did not land, or someone else changed the pod/
  )
})
