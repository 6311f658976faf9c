import { podSeed } from '../../emulator/index.js'
import type { Seed } from '../../emulator/index.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

const REGISTRY = 'registry.example.com'
const b64 = (text: string): string => Buffer.from(text).toString('base64')
const version = (name: string, password = 'old-password') => ({
  name,
  data: { server: b64(REGISTRY), username: b64('deployer'), password: b64(password) }
})
const onSecret = (podId: string, name: string, secret: string) =>
  podSeed({ podId, name, containers: [{ secret, image: `${REGISTRY}/shop/web:1.0` }] })

/** now (VirtualClock) is 2026-11-22 10:00:00 UTC, so the new version is regcred-20261122100000. */
const NEW = 'regcred-20261122100000'

function rotation(extra: Record<string, string> = {}): Record<string, string> {
  return {
    operation: 'rotate-secret',
    'secret-name': 'regcred',
    'registry-server': REGISTRY,
    'registry-username': 'deployer',
    'registry-password': 'n3w-Pa55word!',
    ...extra
  }
}

async function seeded(seed: Seed): Promise<EmulatedCloud> {
  const started = await startEmulatedCloud({
    registries: { [REGISTRY]: { username: 'deployer', password: 'n3w-Pa55word!' } },
    ...seed
  })
  return started
}

test('create only: no pods given, a new version and nothing else', async () => {
  cloud = await seeded({ secrets: [version('regcred-20260101000000')] })
  const { report, outputs } = await cloud.run(rotation())
  expect(report.result).toBe('succeeded')
  expect(outputs['secret-name']).toBe(NEW)
  expect(outputs['previous-secret-name']).toBe('regcred-20260101000000')
  expect(outputs['deleted-secrets']).toBe('[]')
  expect(mutations(cloud.emulator)).toEqual([`createSecret ${NEW}`])
  const created = cloud.emulator.secrets().find(secret => secret.name === NEW)
  expect(created?.data).toEqual({
    server: b64(REGISTRY),
    username: b64('deployer'),
    password: b64('n3w-Pa55word!')
  })
})

test('rotate two pods: both move, pull with the new credentials, and the unused old version goes', async () => {
  cloud = await seeded({
    secrets: [version('regcred-20260101000000'), version('regcred-20250601000000')],
    pods: [
      onSecret('pod-a1', 'web-1', 'regcred-20260101000000'),
      onSecret('pod-a2', 'web-2', 'regcred-20260101000000')
    ]
  })
  // The registry now accepts only the new password: a pod on the old secret could not pull any more.
  const { report, outputs, summary } = await cloud.run(
    rotation({ pods: 'web-1,web-2', 'keep-secrets': '1' })
  )
  expect(report.result).toBe('succeeded')
  for (const podId of ['pod-a1', 'pod-a2']) {
    expect(cloud.emulator.pod(podId).containers?.[0]?.secret).toBe(NEW)
    expect(cloud.emulator.pod(podId).containers?.[0]?.containerStatus?.ready).toBe(true)
  }
  // keep-secrets 1: the previous version stays, the one before it goes.
  expect(JSON.parse(outputs['deleted-secrets'] as string)).toEqual(['regcred-20250601000000'])
  expect(
    cloud.emulator
      .secrets()
      .map(secret => secret.name)
      .sort()
  ).toEqual(['regcred-20260101000000', NEW])
  expect(summary).toContain('### Secret versions')
  expect(summary).toContain(`\`${NEW}\` replaces \`regcred-20260101000000\``)
  expect(summary).toMatch(/regcred-20250601000000` \| .* \| deleted/)
})

test('a version still used by a pod outside pods is kept and named in the summary', async () => {
  cloud = await seeded({
    secrets: [version('regcred-20260101000000'), version('regcred-20250601000000')],
    pods: [
      onSecret('pod-a1', 'web-1', 'regcred-20260101000000'),
      onSecret('pod-z9', 'batch-job', 'regcred-20250601000000')
    ]
  })
  const { report, outputs, summary } = await cloud.run(
    rotation({ pods: 'pod-a1', 'keep-secrets': '0' })
  )
  expect(report.result).toBe('succeeded')
  expect(JSON.parse(outputs['deleted-secrets'] as string)).toEqual(['regcred-20260101000000'])
  expect(cloud.emulator.secrets().map(secret => secret.name)).toContain('regcred-20250601000000')
  expect(cloud.emulator.pod('pod-z9').containers?.[0]?.secret).toBe('regcred-20250601000000')
  expect(summary).toMatch(
    /regcred-20250601000000` \| .* \| in-use \| still in use by: pod-z9 \(batch-job\)/
  )
})

test('keep-secrets 2 keeps the two newest older versions', async () => {
  cloud = await seeded({
    secrets: [
      'regcred-20260101000000',
      'regcred-20251001000000',
      'regcred-20250601000000',
      'regcred-20250101000000'
    ].map(name => version(name)),
    pods: [onSecret('pod-a1', 'web-1', 'regcred-20260101000000')]
  })
  const { outputs } = await cloud.run(rotation({ pods: 'pod-a1', 'keep-secrets': '2' }))
  expect(JSON.parse(outputs['deleted-secrets'] as string)).toEqual([
    'regcred-20250601000000',
    'regcred-20250101000000'
  ])
  expect(
    cloud.emulator
      .secrets()
      .map(secret => secret.name)
      .sort()
  ).toEqual(['regcred-20251001000000', 'regcred-20260101000000', NEW])
})

test('another family’s secrets are never touched', async () => {
  cloud = await seeded({
    secrets: [
      version('regcred-20260101000000'),
      version('regcred-other-20200101000000'),
      version('other-20200101000000')
    ],
    pods: [onSecret('pod-a1', 'web-1', 'regcred-20260101000000')]
  })
  const { outputs } = await cloud.run(rotation({ pods: 'pod-a1', 'keep-secrets': '0' }))
  expect(JSON.parse(outputs['deleted-secrets'] as string)).toEqual(['regcred-20260101000000'])
  expect(cloud.emulator.secrets().map(secret => secret.name)).toEqual(
    expect.arrayContaining(['regcred-other-20200101000000', 'other-20200101000000'])
  )
})

test('refused credentials: the pod goes back to its old secret, the new one is deleted, old ones stay', async () => {
  cloud = await seeded({
    secrets: [
      version('regcred-20260101000000', 'n3w-Pa55word!'),
      version('regcred-20250601000000')
    ],
    pods: [onSecret('pod-a1', 'web-1', 'regcred-20260101000000')]
  })
  const { report, outputs, exitCode } = await cloud.run(
    rotation({
      pods: 'pod-a1',
      'registry-password': 'a-wrong-password',
      'fail-fast': '10s',
      'keep-secrets': '0'
    })
  )
  expect(report.result).toBe('rolled-back')
  expect(exitCode).toBe(1)
  expect(report.pods[0]?.message).toMatch(/unauthorized|ErrImagePull|ImagePullBackOff/)
  expect(cloud.emulator.pod('pod-a1').containers?.[0]?.secret).toBe('regcred-20260101000000')
  expect(cloud.emulator.pod('pod-a1').containers?.[0]?.containerStatus?.ready).toBe(true)
  expect(JSON.parse(outputs['deleted-secrets'] as string)).toEqual([NEW])
  expect(
    cloud.emulator
      .secrets()
      .map(secret => secret.name)
      .sort()
  ).toEqual(['regcred-20250601000000', 'regcred-20260101000000'])
})

test('a pod that fails after another moved: the moved one keeps the new secret, which is kept', async () => {
  // web-2 pulls from a mirror that the new credentials do not open: only it fails.
  const MIRROR = 'mirror.example.com'
  cloud = await seeded({
    secrets: [
      version('regcred-20260101000000', 'n3w-Pa55word!'),
      {
        name: 'regcred-20250601000000',
        data: { server: b64(MIRROR), username: b64('deployer'), password: b64('mirror-pass') }
      }
    ],
    registries: {
      [REGISTRY]: { username: 'deployer', password: 'n3w-Pa55word!' },
      [MIRROR]: { username: 'deployer', password: 'mirror-pass' }
    },
    pods: [
      onSecret('pod-a1', 'web-1', 'regcred-20260101000000'),
      podSeed({
        podId: 'pod-a2',
        name: 'web-2',
        containers: [{ secret: 'regcred-20250601000000', image: `${MIRROR}/shop/web:1.0` }]
      })
    ]
  })
  const { report, outputs } = await cloud.run(
    rotation({ pods: 'pod-a1,pod-a2', 'fail-fast': '10s' })
  )
  expect(report.result).toBe('rolled-back')
  expect(cloud.emulator.pod('pod-a1').containers?.[0]?.secret).toBe(NEW)
  expect(cloud.emulator.pod('pod-a2').containers?.[0]?.secret).toBe('regcred-20250601000000')
  expect(cloud.emulator.pod('pod-a2').containers?.[0]?.containerStatus?.ready).toBe(true)
  expect(JSON.parse(outputs['deleted-secrets'] as string)).toEqual([])
  expect(report.secret?.versions[0]).toMatchObject({
    name: NEW,
    outcome: 'in-use',
    usedBy: ['pod-a1 (web-1)']
  })
  expect(cloud.emulator.secrets()).toHaveLength(3)
})

test('a name collision gets a clear error and changes nothing', async () => {
  cloud = await seeded({ secrets: [version(NEW)], pods: [onSecret('pod-a1', 'web-1', NEW)] })
  const { report } = await cloud.run(rotation({ pods: 'pod-a1' }))
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(
    /A secret named regcred-20261122100000 already exists .* nothing was changed/
  )
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('a target pod with no container on the family fails before anything is created', async () => {
  cloud = await seeded({
    secrets: [version('regcred-20260101000000')],
    pods: [onSecret('pod-a1', 'web-1', 'unrelated-secret')]
  })
  const { report } = await cloud.run(rotation({ pods: 'pod-a1' }))
  expect(report.error).toMatch(
    /pods: pod pod-a1 \(web-1\) has no container on a version of regcred \(web: unrelated-secret\)/
  )
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('container gives a container without a secret the new one', async () => {
  cloud = await seeded({
    pods: [podSeed({ podId: 'pod-a1', containers: [{ image: `${REGISTRY}/shop/web:1.0` }] })]
  })
  cloud.emulator.requireRegistryCredentials(REGISTRY, {
    username: 'deployer',
    password: 'n3w-Pa55word!'
  })
  const { report } = await cloud.run(rotation({ pods: 'pod-a1', container: 'web' }))
  expect(report.result).toBe('succeeded')
  expect(cloud.emulator.pod('pod-a1').containers?.[0]?.secret).toBe(NEW)
})

test('at the secret quota, an unused old version of the family makes room first', async () => {
  cloud = await seeded({
    secrets: [
      version('regcred-20260101000000'),
      version('regcred-20250101000000'),
      version('keep-me-20200101000000')
    ],
    pods: [onSecret('pod-a1', 'web-1', 'regcred-20260101000000')]
  })
  cloud.emulator.inject({
    api: 'createSecret',
    kind: 'status',
    status: 429,
    errorStatus: 'QUOTA_EXCEEDED',
    message: 'secret quota exceeded'
  })
  const { report } = await cloud.run(rotation({ pods: 'pod-a1', 'keep-secrets': '1' }))
  expect(report.result).toBe('succeeded')
  expect(mutations(cloud.emulator).slice(0, 2)).toEqual([
    'deleteSecret regcred-20250101000000',
    `createSecret ${NEW}`
  ])
  expect(cloud.emulator.secrets().map(secret => secret.name)).toContain('keep-me-20200101000000')
})

test('at the secret quota with nothing to let go, the error says which quota and changes nothing', async () => {
  cloud = await seeded({
    secrets: [version('regcred-20260101000000')],
    pods: [onSecret('pod-a1', 'web-1', 'regcred-20260101000000')]
  })
  cloud.emulator.inject({
    api: 'createSecret',
    kind: 'status',
    status: 429,
    errorStatus: 'QUOTA_EXCEEDED',
    times: 2
  })
  const { report } = await cloud.run(rotation({ pods: 'pod-a1' }))
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(/The secret quota is full \(\d+ of 100 used\)/)
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('dry-run creates nothing and shows which containers would move', async () => {
  cloud = await seeded({
    secrets: [version('regcred-20260101000000')],
    pods: [onSecret('pod-a1', 'web-1', 'regcred-20260101000000')]
  })
  const { report, log } = await cloud.run(rotation({ pods: 'pod-a1', 'dry-run': 'true' }))
  expect(report.result).toBe('planned')
  expect(log).toContain(`web.secret: regcred-20260101000000 → ${NEW}`)
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})
