// The official jdcloud-sdk-js drives the emulator: proof that the emulator speaks JD Cloud's
// wire format (paths, %3A actions, signatures, bodies, envelopes) and not just our client's.
import { PodEmulator, podSeed } from '../../emulator/index.js'
import type { Pod, Secret } from '../../emulator/index.js'
import { officialPodClient } from '../../__fixtures__/official-sdk.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'

// The SDK signs with the real time, so the emulator's clock starts at the real time; advancing
// it by a few seconds stays well inside the 5-minute window.
let clock: VirtualClock
let emu: PodEmulator

beforeEach(async () => {
  clock = new VirtualClock(Date.now())
  emu = await PodEmulator.start({
    clock,
    seed: { pods: [podSeed({ podId: 'pod-sdk1', name: 'web-1' })] }
  })
})
afterEach(() => emu.close())

function sdk() {
  return officialPodClient({ ...emu.credentials, host: new URL(emu.url).host, protocol: 'http' })
}

const toBase64 = (value: string): string => Buffer.from(value).toString('base64')

test('describePod, stopPod, rebuildPod, startPod through the official SDK', async () => {
  const client = sdk()
  const described = (await client.describePod({ podId: 'pod-sdk1' })) as {
    requestId: string
    result: { pod: Pod }
  }
  expect(described.result.pod).toMatchObject({ podId: 'pod-sdk1', name: 'web-1' })
  expect(described.result.pod.podStatus?.phase).toBe('running')

  await client.stopPod({ podId: 'pod-sdk1' })
  expect(emu.pod('pod-sdk1').podStatus?.phase).toBe('stopping')
  clock.advance(2000)
  expect(emu.pod('pod-sdk1').podStatus?.phase).toBe('stopped')

  await client.rebuildPod({
    podId: 'pod-sdk1',
    containers: [
      {
        name: 'web',
        image: 'registry.example.com/shop/web:2.0',
        env: [{ name: 'GREETING', value: '你好 ✓' }]
      }
    ]
  })
  expect(emu.pod('pod-sdk1').podStatus?.phase).toBe('rebuilding')
  clock.advance(3000)

  await client.startPod({ podId: 'pod-sdk1' })
  clock.advance(2000 + 2000 + 1000)
  const pod = emu.pod('pod-sdk1')
  expect(pod.podStatus?.phase).toBe('running')
  expect(pod.containers?.[0]).toMatchObject({
    image: 'registry.example.com/shop/web:2.0',
    env: [{ name: 'GREETING', value: '你好 ✓' }],
    containerStatus: { ready: true, restartCount: 0 }
  })
  expect(emu.mutatingCalls().map(c => [c.api, c.status])).toEqual([
    ['stopPod', 200],
    ['rebuildPod', 200],
    ['startPod', 200]
  ])
})

test('createSecret with base64 data, then describeSecrets, through the official SDK', async () => {
  const client = sdk()
  const created = (await client.createSecret({
    name: 'regcred-20261122100000',
    secretType: 'docker-registry',
    data: {
      server: toBase64('registry.example.com'),
      username: toBase64('deployer'),
      password: toBase64('s3cret')
    }
  })) as { result: { secretName: string } }
  expect(created.result.secretName).toBe('regcred-20261122100000')

  const listed = (await client.describeSecrets({
    filters: [{ name: 'name', values: ['regcred'] }]
  })) as { result: { secrets: Secret[]; totalCount: number } }
  expect(listed.result.totalCount).toBe(1)
  expect(listed.result.secrets[0]).toMatchObject({
    name: 'regcred-20261122100000',
    type: 'docker-registry',
    createdAt: new Date(clock.now()).toISOString(),
    data: { username: toBase64('deployer') }
  })
})

test('the SDK sees a JD Cloud error body on a refused call', async () => {
  await expect(sdk().startPod({ podId: 'pod-sdk1' })).rejects.toMatchObject({
    requestId: expect.any(String),
    error: { code: 400, status: 'FAILED_PRECONDITION' }
  })
  await expect(sdk().describePod({ podId: 'pod-missing' })).rejects.toMatchObject({
    error: { code: 404, status: 'NOT_FOUND', message: 'pod pod-missing not found' }
  })
})
