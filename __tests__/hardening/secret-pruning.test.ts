// Hardening II, 2: rotate-secret deleted a version a pod still used. Pods are listed by offset:
// someone else deleting an unrelated pod between two pages shifts the offsets, and a pod is never
// seen. A version is deleted only on a whole view (two listings in a row that agree), read again
// right before the deletion; when no whole view can be had, nothing is deleted, and the log says why.
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

const REGISTRY = 'registry.example.com'
const b64 = (text: string): string => Buffer.from(text).toString('base64')
const version = (name: string) => ({
  name,
  data: { server: b64(REGISTRY), username: b64('deployer'), password: b64('pw') }
})
const OLD = 'regcred-20250601000000'
const CURRENT = 'regcred-20260101000000'

/**
 * 150 pods sorted by ID: `pod-a…` filler, the rotated pod `pod-m000`, and `pod-m001` on the OLD
 * version, the 101st pod — the first of page 2 with pages of 100.
 */
function region() {
  const filler = Array.from({ length: 148 }, (_, i) =>
    podSeed({ podId: `pod-a${String(i).padStart(3, '0')}`, phase: 'stopped' })
  )
  return {
    secrets: [version(OLD), version(CURRENT)],
    pods: [
      ...filler.slice(0, 99),
      podSeed({ podId: 'pod-m000', name: 'web', containers: [{ secret: CURRENT }] }),
      podSeed({
        podId: 'pod-m001',
        name: 'batch',
        containers: [{ secret: OLD }],
        phase: 'stopped'
      }),
      ...filler.slice(99)
    ]
  }
}

const rotation = {
  operation: 'rotate-secret',
  'secret-name': 'regcred',
  'registry-server': REGISTRY,
  'registry-username': 'deployer',
  'registry-password': 'n3w',
  pods: 'web',
  'keep-secrets': '0'
}

test('a pod deleted between two pages of every listing: the version still in use is kept, and why', async () => {
  cloud = await startEmulatedCloud(region())
  // Every first page of an unfiltered listing is followed by a deletion of an unrelated pod that
  // sorts before the user of OLD: each listing skips one pod at the page boundary.
  let deleted = 0
  cloud.emulator.onCall('describePods', call => {
    if (call.query.pageNumber === '1' && !('filters.1.name' in call.query) && deleted < 40)
      cloud.emulator.someoneElse.deletePod(`pod-a${String(deleted++).padStart(3, '0')}`)
  })
  const { report, log } = await cloud.run(rotation)
  expect(report.result).toBe('succeeded')
  expect(cloud.emulator.secrets().map(secret => secret.name)).toContain(OLD)
  expect(report.secret?.deleted).not.toContain(OLD)
  expect(log).toMatch(/the pods of the region kept changing while they were listed/)
  expect(cloud.emulator.pod('pod-m001').containers?.[0]?.secret).toBe(OLD)
})

test('once the region is quiet again, the same rotation deletes only what no pod uses', async () => {
  cloud = await startEmulatedCloud({
    ...region(),
    secrets: [version(OLD), version(CURRENT), version('regcred-20240101000000')]
  })
  const { report } = await cloud.run(rotation)
  expect(report.result).toBe('succeeded')
  expect(report.secret?.deleted).toEqual([CURRENT, 'regcred-20240101000000'])
  expect(report.secret?.versions.find(v => v.name === OLD)).toMatchObject({
    outcome: 'in-use',
    usedBy: ['pod-m001 (batch)']
  })
})

test('a pod moved onto a version between the plan and its deletion: read again, kept, and said so', async () => {
  cloud = await startEmulatedCloud({
    ...region(),
    secrets: [version(OLD), version(CURRENT), version('regcred-20240101000000')],
    pods: [...region().pods, podSeed({ podId: 'pod-n000', name: 'late', phase: 'stopped' })]
  })
  // Once the plan's whole view is read (two listings after the rollout), someone else moves a
  // stopped pod onto the oldest version, which the plan meant to delete.
  let listings = 0
  let planned = false
  cloud.emulator.onCall('describeSecrets', () => {
    if (cloud.emulator.callsTo('createSecret').length > 0) planned = true
  })
  cloud.emulator.onCall('describePods', call => {
    if (!planned || 'filters.1.name' in call.query || call.query.pageNumber !== '2') return
    if (++listings === 2)
      cloud.emulator.someoneElse.rebuildPod('pod-n000', [
        {
          name: 'web',
          image: 'registry.example.com/shop/web:1.0',
          secret: 'regcred-20240101000000'
        }
      ])
  })
  const { report, log } = await cloud.run(rotation)
  expect(report.result).toBe('succeeded')
  expect(report.secret?.deleted).toEqual([CURRENT])
  expect(cloud.emulator.secrets().map(s => s.name)).toContain('regcred-20240101000000')
  expect(report.secret?.versions.find(v => v.name === 'regcred-20240101000000')).toMatchObject({
    outcome: 'in-use',
    usedBy: ['pod-n000 (late)']
  })
  expect(log).toMatch(/Kept regcred-20240101000000: still in use by pod-n000 \(late\)/)
})

test('a failed rotation while the region keeps changing: the new version is kept, and why', async () => {
  cloud = await startEmulatedCloud({
    ...region(),
    // The registry still takes only the current password: the new one cannot pull.
    registries: { [REGISTRY]: { username: 'deployer', password: 'pw' } }
  })
  let deleted = 0
  cloud.emulator.onCall('describePods', call => {
    if (call.query.pageNumber === '1' && !('filters.1.name' in call.query) && deleted < 40)
      cloud.emulator.someoneElse.deletePod(`pod-a${String(deleted++).padStart(3, '0')}`)
  })
  const { report } = await cloud.run({ ...rotation, 'fail-fast': '5s' })
  expect(report.result).toBe('rolled-back')
  const created = report.secret?.versions[0]
  expect(created).toMatchObject({ outcome: 'kept' })
  expect(created?.reason).toMatch(/^created; kept: the pods of the region kept changing/)
  expect(cloud.emulator.secrets().map(s => s.name)).toContain(report.secret?.name)
})
