import { Problems } from '../../src/problems.js'
import { toBase64, encodeRegistryData } from '../../src/jdcloud/secret-data.js'
import type { Pod } from '../../src/jdcloud/types.js'
import { planPrune, oldestDeletable } from '../../src/secrets/prune.js'
import { secretReferences } from '../../src/secrets/references.js'
import { previousVersion, rotationPatches } from '../../src/secrets/rotation-plan.js'
import { familyVersions, isVersionOf, versionName } from '../../src/secrets/versions.js'

const pod = (podId: string, secrets: Array<string | undefined>, name?: string): Pod => ({
  podId,
  name,
  containers: secrets.map((secret, i) => ({ name: `c${i}`, image: 'a:1', secret }))
})

test('version names and family membership', () => {
  expect(versionName('regcred', new Date(Date.UTC(2026, 10, 22, 9, 8, 7)))).toBe(
    'regcred-20261122090807'
  )
  expect(isVersionOf('regcred', 'regcred')).toBe(true)
  expect(isVersionOf('regcred', 'regcred-20261122090807')).toBe(true)
  expect(isVersionOf('regcred', 'regcred-old-20261122090807')).toBe(false)
  expect(isVersionOf('reg.cred', 'regXcred-20261122090807')).toBe(false)
  expect(isVersionOf('regcred', undefined)).toBe(false)
})

test('family versions, newest first; the bare base name orders by its creation date', () => {
  const versions = familyVersions('regcred', [
    { name: 'regcred-20250101000000' },
    { name: 'regcred', createdAt: '2025-06-01T00:00:00Z' },
    { name: 'other-20990101000000' },
    { name: 'regcred-20260101000000' }
  ])
  expect(versions.map(version => version.name)).toEqual([
    'regcred-20260101000000',
    'regcred',
    'regcred-20250101000000'
  ])
})

test('prune keeps keep-secrets, keeps what is in use, deletes the rest; room is made from the oldest', () => {
  const older = familyVersions('r', [
    { name: 'r-20260101000000' },
    { name: 'r-20250101000000' },
    { name: 'r-20240101000000' },
    { name: 'r-20230101000000' }
  ])
  const references = new Map([['r-20240101000000', ['pod-x']]])
  expect(
    planPrune(older, references, 1).map(decision => [decision.name, decision.outcome])
  ).toEqual([
    ['r-20260101000000', 'kept'],
    ['r-20250101000000', 'deleted'],
    ['r-20240101000000', 'in-use'],
    ['r-20230101000000', 'deleted']
  ])
  expect(oldestDeletable(older, references, 1)?.name).toBe('r-20230101000000')
  expect(
    oldestDeletable(older, new Map(older.map(version => [version.name, ['pod']])), 0)
  ).toBeUndefined()
})

test('references, and the version most moved containers used', () => {
  const pods = [pod('pod-a', ['r-1', 'r-1', undefined], 'web'), pod('pod-b', ['r-2'])]
  expect(secretReferences(pods)).toEqual(
    new Map([
      ['r-1', ['pod-a (web)']],
      ['r-2', ['pod-b']]
    ])
  )
  expect(
    previousVersion(
      [pod('pod-a', ['r-20250101000000', 'r-20260101000000']), pod('pod-b', ['r-20250101000000'])],
      'r'
    )
  ).toBe('r-20250101000000')
  expect(previousVersion([], 'r')).toBeUndefined()
})

test('rotation patches: the family’s containers, and a named container without a secret; never another family', () => {
  const problems = new Problems()
  expect(
    rotationPatches(
      pod('pod-a', ['r-20250101000000', 'other', undefined]),
      'r',
      'r-new',
      'c2',
      problems
    )
  ).toEqual([
    { name: 'c0', secret: 'r-new' },
    { name: 'c2', secret: 'r-new' }
  ])
  rotationPatches(pod('pod-a', ['r-20250101000000', 'other']), 'r', 'r-new', 'c1', problems)
  rotationPatches(pod('pod-a', ['r-20250101000000']), 'r', 'r-new', 'missing', problems)
  expect(problems.messages).toEqual([
    'container: c1 in pod pod-a pulls with secret other, not a version of r: it is left alone',
    'container: pod pod-a has no container "missing"'
  ])
})

test('registry data is base64 in one place; email only when given', () => {
  expect(toBase64('pässword')).toBe(Buffer.from('pässword').toString('base64'))
  expect(encodeRegistryData({ server: 's', username: 'u', password: 'p' })).toEqual({
    server: 'cw==',
    username: 'dQ==',
    password: 'cA=='
  })
  expect(
    encodeRegistryData({ server: 's', username: 'u', password: 'p', email: 'e@x' }).email
  ).toBe(toBase64('e@x'))
})
