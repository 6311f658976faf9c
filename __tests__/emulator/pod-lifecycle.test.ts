import { DEFAULT_TIMINGS, PodEmulator, podSeed } from '../../emulator/index.js'
import type { Pod } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { signed } from '../../__fixtures__/signed-request.js'
import { apiError, podApi, secretBody } from './api.js'

const T = DEFAULT_TIMINGS
let clock: VirtualClock
let emu: PodEmulator
let api: ReturnType<typeof podApi>

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({
    clock,
    seed: {
      pods: [
        podSeed({ podId: 'pod-a', name: 'web-1' }),
        podSeed({ podId: 'pod-b', phase: 'stopped' }),
        podSeed({ podId: 'pod-two', containers: [{}, { name: 'sidecar', image: 'envoy:1.30' }] })
      ]
    }
  })
  api = podApi(emu)
})
afterEach(() => emu.close())

const phase = (podId: string): string | undefined => emu.pod(podId).podStatus?.phase
const status = (pod: Pod, i = 0) => pod.containers?.[i]?.containerStatus

describe('describePod', () => {
  test('a seeded running pod is ready, with realistic defaults filled in', async () => {
    const reply = await api.describePod('pod-a')
    expect(reply.status).toBe(200)
    const pod = reply.json.result.pod as Pod
    expect(pod).toMatchObject({
      podId: 'pod-a',
      name: 'web-1',
      az: 'cn-north-1a',
      privateIpAddress: expect.stringMatching(/^10\.0\.\d+\.\d+$/),
      podStatus: { phase: 'running', conditions: [{ conditionType: 'Ready', status: 'True' }] }
    })
    expect(pod.podStatus?.podIP).toBe(pod.privateIpAddress)
    expect(status(pod)).toMatchObject({ name: 'web', ready: true, restartCount: 0 })
    expect(status(pod)?.state?.running?.startedAt).toEqual(expect.any(String))
    expect(emu.pod('pod-a')).toEqual(pod)
  })

  test('an unknown pod is 404 NOT_FOUND', async () => {
    const reply = await api.describePod('pod-nope')
    expect(reply.status).toBe(404)
    expect(reply.json).toEqual(apiError(404, 'NOT_FOUND', 'pod pod-nope not found'))
  })

  test('describeContainer returns the container with its status', async () => {
    const reply = await api.describeContainer('pod-two', 'sidecar')
    expect(reply.json.result.container).toMatchObject({
      name: 'sidecar',
      image: 'envoy:1.30',
      containerStatus: { ready: true }
    })
    expect((await api.describeContainer('pod-two', 'nope')).status).toBe(404)
  })

  test('emu.pod() is a copy', () => {
    const pod = emu.pod('pod-a')
    pod.name = 'changed'
    expect(emu.pod('pod-a').name).toBe('web-1')
  })
})

describe('stopPod', () => {
  test('running → stopping for stopMs → stopped, containers terminated', async () => {
    // stopPod answers with only its requestId, as the docs list and Go's StopPodResult is empty.
    expect((await api.stopPod('pod-a')).json).toEqual({ requestId: expect.any(String) })
    const stopping = emu.pod('pod-a')
    expect(stopping.podStatus?.phase).toBe('stopping')
    expect(status(stopping)?.ready).toBe(false)
    expect(stopping.podStatus?.conditions).toEqual([{ conditionType: 'Ready', status: 'False' }])

    clock.advance(T.stopMs - 1)
    expect(phase('pod-a')).toBe('stopping')
    clock.advance(1)
    const stopped = emu.pod('pod-a')
    expect(stopped.podStatus?.phase).toBe('stopped')
    expect(status(stopped)).toMatchObject({
      ready: false,
      state: { terminated: { reason: 'Completed', exitCode: 0 } }
    })
  })

  test('only a running pod: stopped → FAILED_PRECONDITION, stopping → task in progress', async () => {
    const stopped = await api.stopPod('pod-b')
    expect(stopped.json).toEqual(apiError(400, 'FAILED_PRECONDITION', /pod-b is stopped/))
    await api.stopPod('pod-a')
    const busy = await api.stopPod('pod-a')
    expect(busy.json).toEqual(apiError(400, 'FAILED_PRECONDITION', /task in progress/))
    expect((await api.stopPod('pod-nope')).status).toBe(404)
  })
})

describe('startPod', () => {
  test('stopped → starting for startMs → running; an ok image pulls, runs, then turns ready', async () => {
    expect((await api.startPod('pod-b')).status).toBe(200)
    expect(phase('pod-b')).toBe('starting')
    expect(status(emu.pod('pod-b'))?.state?.waiting?.reason).toBe('ContainerCreating')

    clock.advance(T.startMs)
    expect(phase('pod-b')).toBe('running')
    expect(status(emu.pod('pod-b'))).toMatchObject({
      ready: false,
      state: { waiting: { reason: 'ContainerCreating' } }
    })

    clock.advance(T.pullMs)
    expect(status(emu.pod('pod-b'))).toMatchObject({ ready: false, state: { running: {} } })
    clock.advance(T.readyMs)
    const pod = emu.pod('pod-b')
    expect(status(pod)?.ready).toBe(true)
    expect(pod.podStatus?.conditions?.[0]?.status).toBe('True')
    expect(pod.podStatus?.startTime).toBe(
      new Date(clock.now() - T.pullMs - T.readyMs).toISOString()
    )
  })

  test('only a stopped pod; a pod with a task in progress answers so', async () => {
    expect((await api.startPod('pod-a')).json).toEqual(
      apiError(400, 'FAILED_PRECONDITION', /pod-a is running: startPod needs a stopped pod/)
    )
    await api.stopPod('pod-a')
    expect((await api.startPod('pod-a')).json).toEqual(
      apiError(400, 'FAILED_PRECONDITION', /task in progress \(stopping\)/)
    )
    clock.advance(T.stopMs)
    await api.rebuildPod('pod-a', [{ name: 'web', image: 'nginx:1.27' }])
    expect((await api.startPod('pod-a')).json).toEqual(
      apiError(400, 'FAILED_PRECONDITION', /task in progress \(rebuilding\)/)
    )
    clock.advance(T.rebuildMs)
    expect((await api.startPod('pod-a')).status).toBe(200)
    expect((await api.startPod('pod-a')).json.error.message).toMatch(/in progress \(starting\)/)
  })
})

describe('rebuildPod', () => {
  async function stopped(podId: string): Promise<void> {
    await api.stopPod(podId)
    clock.advance(T.stopMs)
  }

  test('only a stopped pod', async () => {
    const reply = await api.rebuildPod('pod-a', [{ name: 'web', image: 'nginx:1.27' }])
    expect(reply.json).toEqual(apiError(400, 'FAILED_PRECONDITION', /running/))
  })

  test('stopped → rebuilding for rebuildMs → stopped; given fields replace, omitted ones unset', async () => {
    await stopped('pod-two')
    const before = emu.pod('pod-two')
    const reply = await api.rebuildPod('pod-two', [
      {
        name: 'web',
        image: 'registry.example.com/shop/web:2.0',
        env: [{ name: 'NEW_VAR', value: '1' }],
        tty: true
      }
    ])
    expect(reply.status).toBe(200)
    expect(phase('pod-two')).toBe('rebuilding')
    clock.advance(T.rebuildMs)
    const after = emu.pod('pod-two')
    expect(after.podStatus?.phase).toBe('stopped')
    const [web, sidecar] = after.containers ?? []
    expect(web).toMatchObject({
      name: 'web',
      image: 'registry.example.com/shop/web:2.0',
      env: [{ name: 'NEW_VAR', value: '1' }],
      tty: true,
      resources: before.containers?.[0]?.resources,
      systemDisk: before.containers?.[0]?.systemDisk
    })
    for (const unset of ['command', 'args', 'workingDir', 'readinessProbe', 'secret'])
      expect(web).not.toHaveProperty(unset)
    expect(web?.containerStatus?.restartCount).toBe(0)
    const { containerStatus: _a, ...sidecarSpec } = sidecar ?? { name: '' }
    const { containerStatus: _b, ...sidecarBefore } = before.containers?.[1] ?? { name: '' }
    expect(sidecarSpec).toEqual(sidecarBefore)
  })

  test('refuses unknown containers, missing secrets and invalid fields, changing nothing', async () => {
    await stopped('pod-a')
    const cases: Array<[object, RegExp]> = [
      [{ name: 'nope', image: 'x:1' }, /container nope not found in pod pod-a/],
      [{ name: 'web', image: 'x:1', secret: 'missing' }, /secret missing not found/],
      [{ name: 'web', image: '' }, /image/],
      [{ name: 'web', image: 'x'.repeat(640) }, /image/],
      [{ name: 'web', image: 'x:1', env: [{ name: 'BAD-NAME', value: '' }] }, /env/],
      [{ name: 'web', image: 'x:1', workingDir: 'relative' }, /workingDir/]
    ]
    for (const [spec, message] of cases) {
      const reply = await api.rebuildPod('pod-a', [spec])
      expect(reply.json).toEqual(apiError(400, 'INVALID_ARGUMENT', message))
    }
    expect(phase('pod-a')).toBe('stopped')
    expect(emu.pod('pod-a').containers?.[0]?.image).toBe('registry.example.com/shop/web:1.0')
    expect(emu.mutatingCalls().map(c => c.api)).toEqual(['stopPod'])
  })

  test('accepts a secret that exists', async () => {
    await api.createSecret(secretBody('regcred-1'))
    await stopped('pod-a')
    const reply = await api.rebuildPod('pod-a', [
      { name: 'web', image: 'x:1', secret: 'regcred-1' }
    ])
    expect(reply.status).toBe(200)
    expect(emu.pod('pod-a').containers?.[0]?.secret).toBe('regcred-1')
  })
})

describe('HTTP envelope', () => {
  test('an unknown route is 404 NOT_FOUND in the JD Cloud envelope', async () => {
    const reply = await signed(emu, 'GET', '/volumes')
    expect(reply.json).toEqual(apiError(404, 'NOT_FOUND'))
    expect(emu.calls[0]).toMatchObject({ api: 'unknown', status: 404 })
  })

  test('a malformed JSON body is 400 INVALID_ARGUMENT', async () => {
    await api.stopPod('pod-a')
    clock.advance(T.stopMs)
    const reply = await signed(emu, 'POST', '/pods/pod-a:rebuild', { body: '{"containers": [' })
    expect(reply.json).toEqual(apiError(400, 'INVALID_ARGUMENT', /not valid JSON/))
  })

  test('a path for another region is refused', async () => {
    const reply = await signed(emu, 'GET', '/pods/pod-a', {
      tamper: wire => {
        wire.path = wire.path.replace('cn-north-1', 'cn-south-1')
      }
    })
    expect(reply.status).toBe(401) // the path is signed, so the gateway refuses first
  })
})
