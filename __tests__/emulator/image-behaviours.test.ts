import { DEFAULT_TIMINGS, PodEmulator, podSeed } from '../../emulator/index.js'
import type { ContainerStatus, ImageBehaviourName } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { podApi, secretBody } from './api.js'

const T = DEFAULT_TIMINGS
let clock: VirtualClock
let emu: PodEmulator

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({ clock })
})
afterEach(() => emu.close())

const status = (podId = 'pod-x'): ContainerStatus =>
  emu.pod(podId).containers?.[0]?.containerStatus ?? {}
const waitingReason = (podId?: string): string | undefined => status(podId).state?.waiting?.reason

/** A stopped pod on `image` behaving as `behaviour`, started now; returns at the moment it runs. */
function runPod(behaviour: ImageBehaviourName, image = `example.com/app:${behaviour}`): void {
  emu.setImage(image, behaviour)
  emu.addPod(podSeed({ podId: 'pod-x', phase: 'stopped', containers: [{ image }] }))
  emu.someoneElse.startPod('pod-x')
  clock.advance(T.startMs)
  expect(emu.pod('pod-x').podStatus?.phase).toBe('running')
}

test('never-pulls: ErrImagePull, then ImagePullBackOff and ErrImagePull in turn', () => {
  runPod('never-pulls')
  expect(waitingReason()).toBe('ContainerCreating')
  clock.advance(T.pullMs)
  expect(status().state?.waiting).toMatchObject({
    reason: 'ErrImagePull',
    message: expect.stringMatching(/rpc error: .*manifest unknown/)
  })
  clock.advance(T.pullMs)
  expect(waitingReason()).toBe('ImagePullBackOff')
  clock.advance(T.backoffBaseMs)
  expect(waitingReason()).toBe('ErrImagePull')
  clock.advance(T.pullMs + 2 * T.backoffBaseMs - 1)
  expect(waitingReason()).toBe('ImagePullBackOff')
  clock.advance(1)
  expect(waitingReason()).toBe('ErrImagePull')
  expect(status()).toMatchObject({ ready: false, restartCount: 0 })
  expect(emu.pod('pod-x').podStatus?.phase).toBe('running')
})

test('invalid-name: InvalidImageName at once', () => {
  runPod('invalid-name', 'Example.com/UPPER CASE')
  expect(status().state?.waiting).toMatchObject({
    reason: 'InvalidImageName',
    message: expect.stringContaining('invalid reference format')
  })
})

test('config-error: CreateContainerConfigError after the pull', () => {
  runPod('config-error')
  clock.advance(T.pullMs)
  expect(waitingReason()).toBe('CreateContainerConfigError')
})

test('never-ready: runs but never turns ready', () => {
  runPod('never-ready')
  clock.advance(T.pullMs + T.readyMs + 60 * 60_000)
  expect(status()).toMatchObject({ ready: false, state: { running: {} }, restartCount: 0 })
  expect(emu.pod('pod-x').podStatus?.conditions?.[0]?.status).toBe('False')
})

test('crash-loop: runs, exits 1, backs off doubling; restartCount climbs with time', () => {
  runPod('crash-loop')
  clock.advance(T.pullMs)
  expect(status()).toMatchObject({ ready: false, restartCount: 0, state: { running: {} } })
  clock.advance(T.crashAfterMs)
  expect(status()).toMatchObject({
    restartCount: 1,
    state: { waiting: { reason: 'CrashLoopBackOff' } },
    lastState: { terminated: { reason: 'Error', exitCode: 1 } }
  })
  clock.advance(T.backoffBaseMs)
  expect(status()).toMatchObject({ restartCount: 1, state: { running: {} } })
  clock.advance(T.crashAfterMs)
  expect(status()).toMatchObject({
    restartCount: 2,
    state: { waiting: { reason: 'CrashLoopBackOff' } }
  })
  expect(status().state?.waiting?.message).toMatch(/back-off 20s restarting failed container=web/)

  clock.advance(30 * 60_000) // back-off capped at 5 minutes: many more restarts
  expect(status().restartCount).toBeGreaterThan(6)
})

test('crash-loop restarts carry over a stop/start and reset on rebuild', async () => {
  runPod('crash-loop')
  clock.advance(T.pullMs + T.crashAfterMs + T.backoffBaseMs + T.crashAfterMs)
  expect(status().restartCount).toBe(2)
  emu.someoneElse.stopPod('pod-x')
  clock.advance(T.stopMs)
  expect(status().restartCount).toBe(2)
  emu.someoneElse.startPod('pod-x')
  clock.advance(T.startMs + T.pullMs + T.crashAfterMs)
  expect(status().restartCount).toBe(3)
  emu.someoneElse.stopPod('pod-x')
  clock.advance(T.stopMs)
  emu.someoneElse.rebuildPod('pod-x', [{ name: 'web', image: 'example.com/app:fixed' }])
  clock.advance(T.rebuildMs)
  expect(status().restartCount).toBe(0)
  emu.someoneElse.startPod('pod-x')
  clock.advance(T.startMs + T.pullMs + T.readyMs)
  expect(status()).toMatchObject({ ready: true, restartCount: 0 })
})

test('pod-error: the pod itself goes to error shortly after it runs', () => {
  runPod('pod-error')
  clock.advance(T.pullMs)
  const pod = emu.pod('pod-x')
  expect(pod.podStatus).toMatchObject({
    phase: 'error',
    reason: expect.any(String),
    message: expect.stringContaining('web')
  })
  expect(status().state?.terminated).toMatchObject({ reason: 'ContainerCannotRun' })
  expect(() => emu.someoneElse.stopPod('pod-x')).toThrow(/is error/)
})

test('the object form sets the logs too', async () => {
  emu.setImage('example.com/app:quiet', { behaviour: 'ok', logs: ['only line'] })
  emu.addPod(podSeed({ podId: 'pod-q', containers: [{ image: 'example.com/app:quiet' }] }))
  const reply = await podApi(emu).getContainerLogs('pod-q', 'web')
  expect(reply.json.result.logs.content).toBe('only line\n')
})

describe('private registries', () => {
  const image = 'registry.example.com/team/app:2.0'
  const creds = { username: 'deployer', password: 's3cret' }

  beforeEach(() => {
    emu.requireRegistryCredentials('registry.example.com', creds)
    emu.addPod(podSeed({ podId: 'pod-x', phase: 'stopped' }))
  })

  async function deployWith(secret: string | undefined): Promise<void> {
    emu.someoneElse.rebuildPod('pod-x', [
      { name: 'web', image, ...(secret !== undefined && { secret }) }
    ])
    clock.advance(T.rebuildMs)
    emu.someoneElse.startPod('pod-x')
    clock.advance(T.startMs + T.pullMs + T.readyMs)
  }

  test('pulls with a secret holding the right credentials', async () => {
    await podApi(emu).createSecret(secretBody('regcred-ok', creds))
    await deployWith('regcred-ok')
    expect(status()).toMatchObject({ ready: true })
  })

  test('a seeded secret opens the registry even when it claims a later createdAt', async () => {
    emu.seed({
      secrets: [
        {
          name: 'regcred-seeded',
          data: secretBody('x', creds).data,
          createdAt: '2099-01-01T00:00:00Z'
        }
      ]
    })
    await deployWith('regcred-seeded')
    expect(status()).toMatchObject({ ready: true })
  })

  test('refuses without a secret, or with the wrong password', async () => {
    await deployWith(undefined)
    expect(status().state?.waiting).toMatchObject({
      reason: 'ErrImagePull',
      message: expect.stringContaining('unauthorized: authentication required')
    })

    emu.someoneElse.stopPod('pod-x')
    clock.advance(T.stopMs)
    await podApi(emu).createSecret(secretBody('regcred-bad', { ...creds, password: 'nope' }))
    await deployWith('regcred-bad')
    expect(status().state?.waiting?.message).toContain('unauthorized')
  })

  test('looks the secret up at pull time: deleted before the pull, the pull fails', async () => {
    await podApi(emu).createSecret(secretBody('regcred-ok', creds))
    emu.someoneElse.rebuildPod('pod-x', [{ name: 'web', image, secret: 'regcred-ok' }])
    clock.advance(T.rebuildMs)
    emu.someoneElse.startPod('pod-x')
    await podApi(emu).deleteSecret('regcred-ok')
    clock.advance(T.startMs + T.pullMs)
    expect(waitingReason()).toBe('ErrImagePull')
  })

  test('a secret deleted after the pull does not matter', async () => {
    await podApi(emu).createSecret(secretBody('regcred-ok', creds))
    await deployWith('regcred-ok')
    await podApi(emu).deleteSecret('regcred-ok')
    expect(status().ready).toBe(true)
  })

  test('images of other registries need nothing', async () => {
    emu.someoneElse.rebuildPod('pod-x', [{ name: 'web', image: 'docker.io/library/nginx:1.27' }])
    clock.advance(T.rebuildMs)
    emu.someoneElse.startPod('pod-x')
    clock.advance(T.startMs + T.pullMs + T.readyMs)
    expect(status().ready).toBe(true)
  })
})
