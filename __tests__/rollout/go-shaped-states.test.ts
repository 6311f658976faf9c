// Go-shaped container states (issue 18 point 13): jdcloud-sdk-go declares ContainerState's parts
// as non-pointer structs without omitempty (services/pod/models/ContainerState.go), so a Go server
// sends every part, the unset ones empty. Only the part that carries a value is the state.
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { Container, ContainerState } from '../../src/jdcloud/types.js'
import { assessPod, containerHealth, describeState } from '../../src/rollout/health.js'

const EMPTY = {
  waiting: { reason: '', message: '' },
  running: { startedAt: '' },
  terminated: { signal: 0, exitCode: 0, reason: '', message: '', finishedAt: '', startedAt: '' }
}
const go = (state: Partial<typeof EMPTY>): ContainerState => ({ ...EMPTY, ...state })

test('every part present, the unset ones empty: the one with a value is the state', () => {
  expect(describeState(go({}))).toEqual({ state: 'unknown' })
  expect(describeState(go({ running: { startedAt: '2026-06-08T07:00:00Z' } }))).toEqual({
    state: 'running'
  })
  expect(describeState(go({ waiting: { reason: 'ImagePullBackOff', message: '' } }))).toEqual({
    state: 'waiting',
    reason: 'ImagePullBackOff'
  })
  expect(
    describeState(
      go({
        terminated: {
          ...EMPTY.terminated,
          exitCode: 1,
          reason: 'Error',
          finishedAt: '2026-06-08T07:01:00Z'
        }
      })
    )
  ).toEqual({ state: 'terminated', reason: 'Error', exitCode: 1 })
  // The sparse shape reads as before.
  expect(describeState({ waiting: { reason: 'ContainerCreating' } })).toEqual({
    state: 'waiting',
    reason: 'ContainerCreating'
  })
})

test('a running app, a completed init container, an empty last state: ready, done, no restart story', () => {
  const container = (name: string, status: Container['containerStatus'], type = ''): Container => ({
    name,
    type,
    image: 'registry.example.com/shop/web:1.1',
    containerStatus: status
  })
  const completed = {
    ...EMPTY.terminated,
    reason: 'Completed',
    finishedAt: '2026-06-08T07:00:05Z',
    startedAt: '2026-06-08T07:00:01Z'
  }
  const pod = {
    podId: 'pod-go1',
    podStatus: { phase: 'running' },
    containers: [
      container(
        'migrate',
        {
          name: 'migrate',
          ready: false,
          restartCount: 0,
          state: go({ terminated: completed }),
          lastState: go({})
        },
        'initContainer'
      ),
      container('web', {
        name: 'web',
        ready: true,
        restartCount: 0,
        state: go({ running: { startedAt: '2026-06-08T07:00:06Z' } }),
        lastState: go({})
      })
    ]
  }
  const health = assessPod(pod)
  expect(health).toMatchObject({ ready: true, readyCount: 1, total: 1 })
  expect(health.failing).toBeUndefined()
  expect(health.containers[0]).toMatchObject({ state: 'terminated', completed: true, exitCode: 0 })
  expect(health.containers[1]).toMatchObject({ state: 'running' })
  expect(health.containers[1]?.reason).toBeUndefined()
  expect(health.containers[1]?.lastTermination).toBeUndefined()
  const restarted = containerHealth(
    container('web', {
      name: 'web',
      ready: false,
      restartCount: 3,
      state: go({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } }),
      lastState: go({
        terminated: { ...EMPTY.terminated, exitCode: 2, reason: 'Error', finishedAt: 'x' }
      })
    })
  )
  expect(restarted).toMatchObject({
    state: 'waiting',
    reason: 'CrashLoopBackOff',
    lastTermination: 'Error (exit code 2)'
  })
})

let cloud: EmulatedCloud | undefined
afterEach(() => cloud?.close())

test('against an emulator that sends Go-shaped states: a failing app is explained, the completed init container is not', async () => {
  const seed = podSeed({
    podId: 'pod-go2',
    containers: [
      {
        name: 'migrate',
        type: 'initContainer',
        image: 'registry.example.com/shop/migrate:1.0',
        readinessProbe: undefined
      },
      { name: 'web', image: 'registry.example.com/shop/web:1.0' }
    ]
  })
  const broken = 'registry.example.com/shop/web:missing'
  cloud = await startEmulatedCloud(
    { pods: [seed], images: { [broken]: 'never-pulls' } },
    { goShapedStates: true }
  )
  const wire = cloud.emulator.pod('pod-go2').containers?.[1]?.containerStatus
  expect(wire?.state).toEqual(go({ running: { startedAt: expect.any(String) as string } }))
  expect(wire?.lastState).toEqual(go({}))
  const { report, log } = await cloud.run({
    pods: 'pod-go2',
    containers: `- name: web\n  image: ${broken}`,
    'fail-fast': '10s',
    timeout: '5m'
  })
  expect(report.result).toBe('rolled-back')
  expect(report.error).toMatch(/container web: (ErrImagePull|ImagePullBackOff)/)
  expect(report.pods[0]?.diagnosis?.map(d => [d.container, d.state])).toEqual([['web', 'waiting']])
  expect(log).toMatch(/init 1\/1 done/)
})
