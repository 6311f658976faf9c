// Init containers (Go models/Container.go: type "initContainer") run to completion before the app
// containers start, and are never "ready": readiness counts app containers only, a completed init
// container is done, a failing one fails the pod fast with its reason and logs.
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const APP_OLD = 'registry.example.com/shop/web:1.0'
const APP_NEW = 'registry.example.com/shop/web:1.1'
const INIT = 'registry.example.com/shop/migrate:1.0'
const INIT_CRASHING = 'registry.example.com/shop/migrate:crash'
const INIT_UNPULLABLE = 'registry.example.com/shop/migrate:missing'
const POD = 'pod-init01'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

async function podWithInit(): Promise<EmulatedCloud> {
  const seed = podSeed({
    podId: POD,
    name: 'shop-1',
    containers: [
      {
        name: 'migrate',
        type: 'initContainer',
        image: INIT,
        readinessProbe: undefined,
        volumeMounts: [{ name: 'config', mountPath: '/etc/migrate/db.conf', subPath: 'db.conf' }]
      },
      {
        name: 'web',
        image: APP_OLD,
        volumeMounts: [
          {
            name: 'config',
            mountPath: '/etc/nginx/nginx.conf',
            subPath: 'nginx.conf',
            readOnly: true
          }
        ]
      }
    ]
  })
  return startEmulatedCloud({
    pods: [{ ...seed, volumes: [{ name: 'config', configFile: { name: 'shop-config' } }] }],
    images: { [INIT_CRASHING]: 'crash-loop', [INIT_UNPULLABLE]: 'never-pulls' }
  })
}

test('image alone goes to the one app container; the init container and subPath mounts are kept', async () => {
  cloud = await podWithInit()
  const before = cloud.specs(POD)
  const { report, outputs, summary } = await cloud.run({ pods: POD, image: APP_NEW, timeout: '2m' })
  expect(report.result).toBe('succeeded')
  const pod = cloud.emulator.pod(POD)
  expect(pod.containers?.map(c => [c.name, c.type ?? '', c.image])).toEqual([
    ['migrate', 'initContainer', INIT],
    ['web', '', APP_NEW]
  ])
  expect(cloud.specs(POD)).toEqual([before[0], { ...before[1], image: APP_NEW }])
  expect(cloud.specs(POD)[1]?.volumeMounts).toEqual([
    { name: 'config', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx.conf', readOnly: true }
  ])
  // Ready well before the timeout: the init container's "not ready" does not count.
  expect(report.pods[0]?.secondsToReady).toBeLessThan(15)
  const [row] = JSON.parse(outputs.pods as string) as Array<{ containers: unknown[] }>
  expect(row?.containers).toEqual([
    expect.objectContaining({ name: 'migrate', init: true, ready: false }),
    expect.objectContaining({ name: 'web', init: false, ready: true, previousImage: APP_OLD })
  ])
  expect(summary).toContain('migrate (init): 1.0')
  expect(summary).toContain('running · 1/1 ready')
})

test.each([
  ['crash-loops', INIT_CRASHING, /init container migrate (keeps restarting|failed)/],
  ['cannot be pulled', INIT_UNPULLABLE, /init container migrate: (ErrImagePull|ImagePullBackOff)/]
])(
  'an init container that %s fails the pod fast, with its reason and log tail, and is rolled back',
  async (_how, image, reason) => {
    cloud = await podWithInit()
    const before = cloud.specs(POD)
    const startedAt = cloud.clock.now()
    const { report, summary } = await cloud.run({
      pods: POD,
      containers: `- name: migrate\n  image: ${image}`,
      'fail-fast': '10s',
      timeout: '10m'
    })
    expect(report.result).toBe('rolled-back')
    expect(report.error).toMatch(reason)
    // Failed within fail-fast of the first sign, not at the ten-minute timeout.
    expect(cloud.clock.now() - startedAt).toBeLessThan(120_000)
    const migrate = report.pods[0]?.diagnosis?.find(d => d.container === 'migrate')
    expect(migrate).toBeDefined()
    if (image === INIT_CRASHING) expect(migrate?.logs).toMatch(/FATAL: DATABASE_URL is not set/)
    expect(summary).toContain('Failure details')
    expect(cloud.specs(POD)).toEqual(before)
    expect(cloud.emulator.pod(POD).podStatus?.phase).toBe('running')
  }
)
