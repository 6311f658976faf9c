import { podSeed } from '../../emulator/index.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const OLD = 'registry.example.com/shop/web:1.0'
const NEW = 'registry.example.com/shop/web:1.1'
const BROKEN = 'registry.example.com/shop/web:broken'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

function fleet(count: number) {
  return Array.from({ length: count }, (_, i) =>
    podSeed({ podId: `pod-web${String(i + 1).padStart(2, '0')}`, name: `web-${i + 1}` })
  )
}

test('a single pod: stop → rebuild → start → ready, with outputs and a summary row', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1) })
  const { report, outputs, summary, exitCode } = await cloud.run({ pods: 'pod-web01', image: NEW })
  expect(report.result).toBe('succeeded')
  expect(exitCode).toBeUndefined()
  expect(mutations(cloud.emulator)).toEqual([
    'stopPod pod-web01',
    'rebuildPod pod-web01',
    'startPod pod-web01'
  ])
  expect(cloud.emulator.pod('pod-web01').containers?.[0]?.image).toBe(NEW)
  const [pod] = JSON.parse(outputs.pods as string) as Array<Record<string, unknown>>
  expect(pod).toMatchObject({
    podId: 'pod-web01',
    name: 'web-1',
    phase: 'running',
    containers: [{ name: 'web', image: NEW, previousImage: OLD, ready: true, restartCount: 0 }],
    outcome: 'updated'
  })
  // startPod → running (2 s) → pulled (2 s) → ready (1 s), seen by a sweep within a second.
  expect(pod?.secondsToReady).toBeGreaterThanOrEqual(5)
  expect(pod?.secondsToReady).toBeLessThanOrEqual(6.5)
  expect(pod?.requestIds).toEqual(cloud.emulator.mutatingCalls().map(call => call.requestId))
  expect(JSON.parse(outputs['request-ids'] as string)).toEqual(
    expect.arrayContaining(pod?.requestIds as string[])
  )
  expect(Number(outputs['duration-seconds'])).toBeGreaterThanOrEqual(10)
  expect(outputs.result).toBe('succeeded')
  expect(summary).toContain('## ✅ JD Cloud pod deploy: 1 pod updated')
  expect(summary).toContain(`- \`web.image\`: ${OLD} → ${NEW}`)
  expect(summary).toContain('[workflow run](https://github.com/acme/shop/actions/runs/4242)')
})

test.each([1, 3])(
  'five pods with max-parallel %i: never more than that out of service',
  async maxParallel => {
    cloud = await startEmulatedCloud({ pods: fleet(5) })
    const pods = fleet(5)
      .map(pod => pod.podId)
      .join('\n')
    const { report } = await cloud.run({ pods, image: NEW, 'max-parallel': String(maxParallel) })
    expect(report.result).toBe('succeeded')
    expect(report.pods.map(pod => pod.outcome)).toEqual(Array(5).fill('updated'))
    expect(cloud.emulator.maxOutOfService()).toBe(maxParallel)
    for (const pod of cloud.emulator.pods()) expect(pod.containers?.[0]?.image).toBe(NEW)
  }
)

test('waiting on many pods costs at most 60 describe calls in any minute', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(8), images: { [BROKEN]: 'never-ready' } })
  const { report } = await cloud.run({
    pods: fleet(8)
      .map(pod => pod.podId)
      .join(','),
    image: BROKEN,
    'max-parallel': '8',
    timeout: '3m',
    rollback: 'false'
  })
  expect(report.result).toBe('failed')
  const describes = cloud.emulator.calls.filter(
    call => call.api === 'describePod' || call.api === 'describePods'
  )
  const times = describes.map(call => call.at)
  const busiestMinute = Math.max(
    ...times.map(start => times.filter(t => t >= start && t < start + 60_000).length)
  )
  expect(busiestMinute).toBeLessThanOrEqual(60)
  expect(busiestMinute).toBeGreaterThanOrEqual(55) // and it does poll about once a second
  // One sweep a second serves all eight pods: the calls do not grow with the fleet.
  const sweeps = cloud.emulator
    .callsTo('describePods')
    .filter(call => call.query['filters.1.name'] === 'podId')
  expect(sweeps.length).toBeLessThanOrEqual((report.finishedAt - report.startedAt) / 1000 + 1)
  expect(
    sweeps.filter(call => call.query['filters.1.values.8'] !== undefined).length
  ).toBeGreaterThan(sweeps.length * 0.9)
})

describe('pods by name', () => {
  test('a name that matches one pod exactly is resolved, even among fuzzy matches', async () => {
    cloud = await startEmulatedCloud({
      pods: [
        podSeed({ podId: 'pod-a1', name: 'web' }),
        podSeed({ podId: 'pod-a2', name: 'web-canary' })
      ]
    })
    const { report } = await cloud.run({ pods: 'web', image: NEW })
    expect(report.result).toBe('succeeded')
    expect(report.pods.map(pod => pod.podId)).toEqual(['pod-a1'])
    expect(cloud.emulator.pod('pod-a2').containers?.[0]?.image).toBe(OLD)
  })

  test('a name that matches nothing fails before any change', async () => {
    cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-a1', name: 'web-1' })] })
    const { report } = await cloud.run({ pods: 'web', image: NEW })
    expect(report.result).toBe('failed')
    expect(report.error).toMatch(
      /pods\[0\]: no pod in region cn-north-1 is named "web" \(similar names: "web-1"\)/
    )
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })

  test('a name that matches several pods fails and lists their IDs', async () => {
    cloud = await startEmulatedCloud({
      pods: [podSeed({ podId: 'pod-a1', name: 'web' }), podSeed({ podId: 'pod-a2', name: 'web' })]
    })
    const { report } = await cloud.run({ pods: 'web', image: NEW })
    expect(report.error).toMatch(
      /pods\[0\]: 2 pods are named "web" \(pod-a1, pod-a2\): list their IDs instead/
    )
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })

  test('an ID that does not exist fails before any change', async () => {
    cloud = await startEmulatedCloud({ pods: fleet(1) })
    const { report } = await cloud.run({ pods: 'pod-web01\npod-missing', image: NEW })
    expect(report.error).toMatch(/pods\[1\]: pod-missing does not exist in region cn-north-1/)
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })
})

test('an image that never pulls fails within fail-fast + 10 s, not at timeout', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1), images: { [BROKEN]: 'never-pulls' } })
  const { report } = await cloud.run({
    pods: 'pod-web01',
    image: BROKEN,
    rollback: 'false',
    'fail-fast': '30s',
    timeout: '10m'
  })
  expect(report.result).toBe('failed')
  const startedAt = cloud.emulator.callsTo('startPod')[0]?.at as number
  expect(report.finishedAt - startedAt).toBeLessThanOrEqual(30_000 + 10_000)
  const [pod] = report.pods
  expect(pod?.message).toMatch(
    /pod-web01 is failing: container web: (ErrImagePull|ImagePullBackOff)/
  )
  expect(pod?.diagnosis?.[0]).toMatchObject({ container: 'web', image: BROKEN, state: 'waiting' })
  expect(pod?.diagnosis?.[0]?.logsUnavailable).toMatch(/no logs/)
  expect(report.notes).toContain('rollback is off: the failed pods were left as they are.')
})

test('log-lines 0: the failure is still diagnosed, but no log is asked for', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1), images: { [BROKEN]: 'crash-loop' } })
  const { report } = await cloud.run({
    pods: 'pod-web01',
    image: BROKEN,
    rollback: 'false',
    'log-lines': '0'
  })
  expect(report.result).toBe('failed')
  expect(report.pods[0]?.diagnosis?.[0]).toMatchObject({
    container: 'web',
    logsUnavailable: 'log-lines is 0'
  })
  expect(cloud.emulator.callsTo('getContainerLogs')).toEqual([])
})

test('a crash loop is caught by its restarts, diagnosed with its logs, and rolled back', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1), images: { [BROKEN]: 'crash-loop' } })
  const before = cloud.specs('pod-web01')
  const { report, summary, log, exitCode } = await cloud.run({
    pods: 'pod-web01',
    image: BROKEN,
    'fail-fast': '20s'
  })
  expect(report.result).toBe('rolled-back')
  expect(exitCode).toBe(1)
  const [pod] = report.pods
  expect(pod?.outcome).toBe('rolled-back')
  expect(pod?.message).toMatch(/keeps restarting|CrashLoopBackOff/)
  expect(pod?.diagnosis?.[0]?.restartCount).toBeGreaterThanOrEqual(1)
  expect(pod?.diagnosis?.[0]?.logs).toBeTruthy()
  expect(summary).toContain('### Failure details')
  expect(summary).toMatch(/<details><summary>[^<]*\(pod-web01\) · web: [^<]*<\/summary>/)
  expect(summary).toMatch(/last \d+ log lines of web:/)
  expect(log).toContain('::group::Diagnosis of pod-web01')
  expect(cloud.specs('pod-web01')).toEqual(before)
  expect(cloud.emulator.pod('pod-web01').podStatus?.phase).toBe('running')
})

test('readiness that never passes fails at timeout', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1), images: { [BROKEN]: 'never-ready' } })
  const { report } = await cloud.run({
    pods: 'pod-web01',
    image: BROKEN,
    timeout: '2m',
    rollback: 'false'
  })
  expect(report.result).toBe('failed')
  expect(report.pods[0]?.message).toMatch(
    /pod-web01 did not become ready in time \(phase running, 0\/1 containers ready/
  )
  const began = cloud.emulator.calls[0]?.at as number
  expect(report.finishedAt - began).toBeGreaterThanOrEqual(120_000)
  expect(report.finishedAt - began).toBeLessThan(125_000)
})

test('rollback restores the exact previous spec of every pod the run changed', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(3), images: { [BROKEN]: 'never-pulls' } })
  const before = fleet(3).map(pod => cloud.specs(pod.podId))
  const { report } = await cloud.run({
    pods: 'pod-web01,pod-web02,pod-web03',
    image: BROKEN,
    'fail-fast': '10s'
  })
  // pod-web01 fails first: nothing else is touched, and it is put back exactly.
  expect(report.result).toBe('rolled-back')
  expect(report.pods.map(pod => pod.outcome)).toEqual(['rolled-back', 'not-started', 'not-started'])
  fleet(3).forEach((pod, i) => expect(cloud.specs(pod.podId)).toEqual(before[i]))
  expect(mutations(cloud.emulator).filter(line => !line.endsWith('pod-web01'))).toEqual([])
})

test('a deploy that fails on a later batch rolls back the earlier pods too, one version for the fleet', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(3) })
  const before = fleet(3).map(pod => cloud.specs(pod.podId))
  // pod-web03 cannot pull the new image (say, its node lacks registry access): only it fails.
  cloud.emulator.onCall('rebuildPod', call => {
    if (call.podId === 'pod-web03') cloud.emulator.setImage(NEW, 'never-pulls')
  })
  const { report } = await cloud.run({
    pods: 'pod-web01,pod-web02,pod-web03',
    image: NEW,
    'fail-fast': '10s'
  })
  expect(report.result).toBe('rolled-back')
  expect(report.pods.map(pod => [pod.podId, pod.outcome])).toEqual([
    ['pod-web01', 'rolled-back'],
    ['pod-web02', 'rolled-back'],
    ['pod-web03', 'rolled-back']
  ])
  expect(report.pods[0]?.message).toBe(
    'rolled back because pod-web03 failed; put back on its previous containers'
  )
  fleet(3).forEach((pod, i) => expect(cloud.specs(pod.podId)).toEqual(before[i]))
  // The failed pod is put back first, then the others, newest first.
  const rollbackStops = mutations(cloud.emulator)
    .filter(line => line.startsWith('stopPod'))
    .slice(3)
  expect(rollbackStops).toEqual(['stopPod pod-web03', 'stopPod pod-web02', 'stopPod pod-web01'])
})

test('dry-run makes no mutating call and prints the plan field by field', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(2) })
  const { report, summary, log, exitCode } = await cloud.run({
    pods: 'pod-web01,pod-web02',
    'dry-run': 'true',
    image: '',
    containers: `- name: web\n  image: ${NEW}\n  env:\n    - {name: FEATURE, value: "on"}`
  })
  expect(report.result).toBe('planned')
  expect(exitCode).toBeUndefined()
  expect(cloud.emulator.mutatingCalls()).toEqual([])
  expect(log).toContain(`web.image: ${OLD} → ${NEW}`)
  expect(log).toContain('web.env.FEATURE: (unset) → (set)')
  expect(log).toContain('would: stopPod → rebuildPod → startPod → wait until ready')
  expect(summary).toContain('📝 planned')
  expect(summary).toContain('### Plan')
})

test('every field the deploy does not change survives it', async () => {
  const rich = podSeed({
    podId: 'pod-rich',
    name: 'rich',
    containers: [
      {
        command: ['/bin/sh', '-c'],
        args: ['exec /app/server --port 80'],
        env: [
          { name: 'A', value: '1' },
          { name: 'DB_URL', value: 'postgres://db/shop' }
        ],
        secret: 'regcred-20260101000000',
        tty: true,
        workingDir: '/srv/app',
        livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 7, failureThreshold: 4 },
        readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, initialDelaySeconds: 3 },
        volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }]
      }
    ]
  })
  cloud = await startEmulatedCloud({
    pods: [{ ...rich, volumes: [{ name: 'data' }] }],
    secrets: [
      {
        name: 'regcred-20260101000000',
        data: { server: 'cmVn', username: 'dQ==', password: 'cA==' }
      }
    ]
  })
  const before = cloud.specs('pod-rich')
  const { report } = await cloud.run({ pods: 'rich', image: NEW })
  expect(report.result).toBe('succeeded')
  expect(cloud.specs('pod-rich')).toEqual([{ ...before[0], image: NEW }])
})

describe('choosing the container', () => {
  const twoContainers = () =>
    podSeed({
      podId: 'pod-duo',
      name: 'duo',
      containers: [{}, { image: 'registry.example.com/shop/proxy:1.0' }]
    })

  test('a pod with several containers needs container', async () => {
    cloud = await startEmulatedCloud({ pods: [twoContainers()] })
    const { report } = await cloud.run({ pods: 'pod-duo', image: NEW })
    expect(report.error).toMatch(
      /container: pod pod-duo \(duo\) has 2 containers \(web, sidecar-1\): name the one that gets the image/
    )
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })

  test('with container, only that one changes', async () => {
    cloud = await startEmulatedCloud({ pods: [twoContainers()] })
    const { report } = await cloud.run({
      pods: 'pod-duo',
      image: 'registry.example.com/shop/proxy:2.0',
      container: 'sidecar-1'
    })
    expect(report.result).toBe('succeeded')
    expect(cloud.emulator.pod('pod-duo').containers?.map(container => container.image)).toEqual([
      OLD,
      'registry.example.com/shop/proxy:2.0'
    ])
  })
})

test('containers merges env by name and keeps the rest', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1) })
  const { report } = await cloud.run({
    pods: 'pod-web01',
    image: '',
    containers: JSON.stringify([
      {
        name: 'web',
        env: [
          { name: 'FEATURE', value: 'on' },
          { name: 'APP_ENV', value: 'staging' }
        ]
      }
    ])
  })
  expect(report.result).toBe('succeeded')
  expect(cloud.emulator.pod('pod-web01').containers?.[0]?.env).toEqual([
    { name: 'APP_ENV', value: 'staging' },
    { name: 'FEATURE', value: 'on' }
  ])
})

test('a pod already on the requested spec and ready is left alone', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1) })
  const { report } = await cloud.run({ pods: 'pod-web01', image: OLD })
  expect(report.result).toBe('succeeded')
  expect(report.pods[0]?.outcome).toBe('unchanged')
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('wait: false starts the pods and does not wait for readiness', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1) })
  const { report } = await cloud.run({ pods: 'pod-web01', image: NEW, wait: 'false' })
  expect(report.result).toBe('succeeded')
  expect(report.pods[0]?.message).toMatch(/readiness not awaited/)
  expect(report.pods[0]?.secondsToReady).toBeNull()
})

describe('someone else acts on the pod mid-deploy', () => {
  test('stopped by someone else while the action waits: fails (no timeout) and is put back', async () => {
    cloud = await startEmulatedCloud({ pods: fleet(1) })
    cloud.emulator.onCall('describePods', () => {
      const pod = cloud.emulator.pod('pod-web01')
      if (pod.containers?.[0]?.image === NEW && pod.podStatus?.phase === 'running')
        cloud.emulator.someoneElse.stopPod('pod-web01')
    })
    const { report } = await cloud.run({ pods: 'pod-web01', image: NEW, 'fail-fast': '5s' })
    expect(report.result).toBe('rolled-back')
    expect(report.pods[0]?.message).toMatch(/stopped by someone else while the action waited/)
    expect(cloud.emulator.pod('pod-web01').containers?.[0]?.image).toBe(OLD)
  })

  test('rebuilt by someone else onto other images: fails, naming what it found', async () => {
    cloud = await startEmulatedCloud({ pods: fleet(1) })
    const unsubscribe = cloud.emulator.onCall('rebuildPod', () => {
      unsubscribe()
      cloud.clock.advance(5000)
      cloud.emulator.someoneElse.rebuildPod('pod-web01', [
        { name: 'web', image: 'registry.example.com/shop/web:9.9' }
      ])
    })
    const { report } = await cloud.run({
      pods: 'pod-web01',
      image: NEW,
      rollback: 'false',
      'fail-fast': '5s'
    })
    expect(report.result).toBe('failed')
    expect(report.pods[0]?.message).toMatch(
      /was rebuilt, but not as sent \(container web runs registry.example.com\/shop\/web:9.9, not registry.example.com\/shop\/web:1.1\): someone else changed the pod/
    )
  })

  test('deleted mid-deploy: fails clearly, and there is nothing to roll back', async () => {
    cloud = await startEmulatedCloud({ pods: fleet(1) })
    cloud.emulator.onCall('describePods', () => {
      const pod = cloud.emulator.pods().find(candidate => candidate.podId === 'pod-web01')
      if (pod?.containers?.[0]?.image === NEW && pod.podStatus?.phase === 'running')
        cloud.emulator.someoneElse.deletePod('pod-web01')
    })
    const { report } = await cloud.run({ pods: 'pod-web01', image: NEW })
    expect(report.result).toBe('failed')
    expect(report.pods[0]?.message).toMatch(
      /pod-web01 no longer exists \(deleted while the action waited for it to become ready\)/
    )
    expect(report.notes).toContain(
      'pod-web01 was deleted during the run: there is nothing to roll back.'
    )
    expect(report.error).toMatch(
      /The deleted pod has nothing to roll back, and no other pod was changed/
    )
  })
})

test('a rollback that fails says so loudly and prints the exact previous spec to restore by hand', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1), images: { [BROKEN]: 'never-pulls' } })
  const before = cloud.specs('pod-web01')
  // By the time the rollback starts the old image, it is gone from the registry too.
  cloud.emulator.onCall('rebuildPod', () => {
    if (cloud.emulator.callsTo('rebuildPod').length === 2)
      cloud.emulator.setImage(OLD, 'never-pulls')
  })
  const { report, log, summary, exitCode } = await cloud.run({
    pods: 'pod-web01',
    image: BROKEN,
    'fail-fast': '5s'
  })
  expect(report.result).toBe('failed')
  expect(exitCode).toBe(1)
  expect(report.error).toMatch(/THE ROLLBACK FAILED for pod-web01/)
  expect(report.pods[0]?.outcome).toBe('rollback-failed')
  expect(report.pods[0]?.restoreSpec).toEqual(before)
  expect(log).toContain('::warning::[pod-web01] ROLLBACK FAILED')
  expect(log).toContain(
    '::group::Previous containers of pod-web01 (use as the containers input, or in rebuildPod)'
  )
  expect(log).toContain(`  image: ${OLD}`)
  expect(log).toContain('- name: web')
  expect(summary).toMatch(/\*\*The rollback of .* failed:\*\*/)
  expect(summary).toMatch(
    /\*\*Restore .* by hand:\*\* its exact previous containers are in the job log/
  )
})

test('a start refused because another task is running is retried once the pod settles', async () => {
  cloud = await startEmulatedCloud({ pods: fleet(1) })
  // Right after the action's rebuild finished, a second rebuild (same containers) begins elsewhere.
  let interfered = false
  cloud.emulator.onCall('describePods', () => {
    const pod = cloud.emulator.pod('pod-web01')
    if (!interfered && pod.podStatus?.phase === 'stopped' && pod.containers?.[0]?.image === NEW) {
      interfered = true
      cloud.emulator.someoneElse.rebuildPod('pod-web01', [
        { ...cloud.specs('pod-web01')[0], name: 'web', image: NEW }
      ])
    }
  })
  const { report, log } = await cloud.run({ pods: 'pod-web01', image: NEW })
  expect(report.result).toBe('succeeded')
  expect(log).toMatch(/\[pod-web01\] start refused while rebuilding; retrying once the pod settles/)
  expect(cloud.emulator.callsTo('startPod').map(call => call.status)).toEqual([400, 200])
})
