// Hardening II, 2: rotate-secret deleted a version a pod still used. Pods are listed by offset:
// another actor deleting an unrelated pod between two pages shifts the offsets, and a pod is never
// seen. A version is deleted only on a whole view (two listings in a row that agree), read again
// right before the deletion; when no whole view can be had, nothing is deleted, and the log says why.
import { podSeed } from '../../emulator/index.js'
import { collectPages } from '../../src/jdcloud/paging.js'
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
 * 150 pods sorted by ID: `pod-a…` filler, the rotated pod, and `pod-z999` on the OLD version, the
 * 101st pod — the first of page 2 with pages of 100.
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
  let victim = 0
  cloud.emulator.onCall('describePods', call => {
    if (call.query.pageNumber === '1' && !('filters.1.name' in call.query) && victim < 40)
      cloud.emulator.actor.deletePod(`pod-a${String(victim++).padStart(3, '0')}`)
  })
  const { report, log } = await cloud.run(rotation)
  expect(report.result).toBe('succeeded')
  expect(cloud.emulator.secrets().map(secret => secret.name)).toContain(OLD)
  expect(report.secret?.deleted).not.toContain(OLD)
  expect(log).toMatch(/kept changing across 4 listings/)
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
    fate: 'in-use',
    usedBy: ['pod-m001 (batch)']
  })
})

test('paging cut short is never taken for the whole list', async () => {
  const listing = await collectPages(
    async pageNumber => ({ items: [pageNumber], totalCount: 10, requestId: `r${pageNumber}` }),
    3
  )
  expect(listing).toMatchObject({ items: [1, 2, 3], complete: false })
  const moving = await collectPages(async pageNumber => ({
    items: pageNumber === 1 ? [1, 2] : [3],
    totalCount: pageNumber === 1 ? 4 : 3,
    requestId: `r${pageNumber}`
  }))
  expect(moving).toMatchObject({ items: [1, 2, 3], complete: true, steady: false })
})
