// The deploy record (issue 15, 4): the summary shows every field a run changed or tried, per pod,
// with the values that often hold credentials hidden; a rolled-back pod's row in the `pods`
// output says which image it was on before and which one was tried.
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const OLD = 'registry.example.com/shop/web:1.0'
const NEW = 'registry.example.com/shop/web:1.1'
const BROKEN = 'registry.example.com/shop/web:crashes'
const PASSWORD = 'db-pa55-Zk81q'
const HEADER = 'Bearer probe-t0ken-77'
const EXEC = 'curl -u admin:adm1n-secret localhost'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

const containers = (image: string) => `
- name: web
  image: ${image}
  args: ["--port", "8080"]
  env:
    - name: DB_PASSWORD
      value: ${PASSWORD}
    - name: APP_ENV
      value: null
  readinessProbe:
    httpGet:
      port: 8080
      path: /ready
      httpHeader:
        - name: Authorization
          value: ${HEADER}
  livenessProbe:
    exec:
      command: ["sh", "-c", "${EXEC}"]
`

interface PodRow {
  outcome: string
  containers: Array<{ image: string; previousImage: string | null; triedImage: string | null }>
}

test('a rolled-back deploy: every field tried, the secret values hidden, both images named', async () => {
  cloud = await startEmulatedCloud({
    pods: [podSeed({ podId: 'pod-dr1', name: 'web-1' })],
    images: { [BROKEN]: 'crash-loop' }
  })
  const run = await cloud.run({
    pods: 'pod-dr1',
    containers: containers(BROKEN),
    'fail-fast': '10s'
  })
  expect(run.report.result).toBe('rolled-back')
  const section = run.summary.slice(run.summary.indexOf('<b>Changes</b>'))
  expect(section).toContain('<b>Changes</b> · web-1 (pod-dr1): 6 changes · rolled back')
  for (const field of [
    'web.image',
    'web.args',
    'web.livenessProbe',
    'web.readinessProbe',
    'web.env.DB_PASSWORD',
    'web.env.APP_ENV'
  ])
    expect(section).toContain(`\`${field}\``)
  expect(section).toContain('`web.env.APP_ENV`: (set) → (unset)')
  for (const secret of [PASSWORD, HEADER, 'adm1n-secret']) expect(run.summary).not.toContain(secret)
  const [row] = JSON.parse(run.outputs.pods as string) as PodRow[]
  expect(row).toMatchObject({
    outcome: 'rolled-back',
    containers: [{ image: OLD, previousImage: OLD, triedImage: BROKEN }]
  })
  expect(run.summary).toContain('| web: 1.0 <sub>(tried crashes)</sub> |')
})

test('a deploy that worked: the changes, the image before → after, nothing tried', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-dr2', name: 'web-2' })] })
  const run = await cloud.run({ pods: 'pod-dr2', image: NEW })
  expect(run.report.result).toBe('succeeded')
  expect(run.summary).toContain(
    '<details open><summary><b>Changes</b> · web-2 (pod-dr2): 1 change · updated'
  )
  expect(run.summary).toContain(`- \`web.image\`: ${OLD} → ${NEW}`)
  const [row] = JSON.parse(run.outputs.pods as string) as PodRow[]
  expect(row?.containers).toMatchObject([{ image: NEW, previousImage: OLD, triedImage: null }])
})

test('an unchanged pod has no Changes section', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-dr3' })] })
  const run = await cloud.run({ pods: 'pod-dr3', image: OLD })
  expect(run.report.pods[0]?.outcome).toBe('unchanged')
  expect(run.summary).not.toMatch(/### Changes|<b>Changes<\/b>/)
})
