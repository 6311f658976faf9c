import type { Container } from '../../src/jdcloud/types.js'
import { diffSpecs, sameSpec } from '../../src/pod-spec/diff.js'
import { normaliseProbe, toRebuildSpec } from '../../src/pod-spec/from-described.js'
import { applyPatch, mergeEnv } from '../../src/pod-spec/merge.js'

const described: Container = {
  name: 'web',
  image: 'shop/web:1.0',
  command: ['/bin/web'],
  args: ['--port', '80'],
  env: [
    { name: 'MODE', value: 'prod' },
    { name: 'DB_PASSWORD', value: 's3cr3t-value' }
  ],
  secret: 'regcred-20260101000000',
  tty: false,
  workingDir: '/srv',
  livenessProbe: { periodSeconds: 10, exec: null, httpGet: null, tcpSocket: { port: 80 } },
  readinessProbe: {
    httpGet: { port: 80, path: '/healthz', scheme: 'HTTP', httpHeader: [] },
    exec: { command: [] }
  },
  volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: false }],
  resources: { limits: { cpu: '1' } },
  systemDisk: { diskType: 'local' },
  containerStatus: { ready: true, restartCount: 0 }
}

describe('toRebuildSpec', () => {
  test('carries every rebuildable field and normalises the API’s unset forms', () => {
    expect(toRebuildSpec(described)).toEqual({
      name: 'web',
      image: 'shop/web:1.0',
      command: ['/bin/web'],
      args: ['--port', '80'],
      env: [
        { name: 'MODE', value: 'prod' },
        { name: 'DB_PASSWORD', value: 's3cr3t-value' }
      ],
      secret: 'regcred-20260101000000',
      tty: false,
      workingDir: '/srv',
      livenessProbe: { periodSeconds: 10, tcpSocket: { port: 80 } },
      readinessProbe: { httpGet: { port: 80, path: '/healthz', scheme: 'HTTP' } },
      volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: false }]
    })
  })

  test('a minimal container stays minimal; an empty probe is no probe', () => {
    expect(
      toRebuildSpec({
        name: 'a',
        image: 'x',
        command: [],
        env: null,
        secret: '',
        livenessProbe: { exec: {}, httpGet: null }
      })
    ).toEqual({ name: 'a', image: 'x' })
    expect(normaliseProbe({ httpGet: { port: 0 } })).toBeUndefined()
  })
})

describe('applyPatch', () => {
  const current = toRebuildSpec(described)

  test('a field given replaces, a field left out is kept', () => {
    const next = applyPatch(current, {
      name: 'web',
      image: 'shop/web:2.0',
      args: ['--port', '8080']
    })
    expect(next).toEqual({ ...current, image: 'shop/web:2.0', args: ['--port', '8080'] })
    expect(current.image).toBe('shop/web:1.0') // not mutated
  })

  test('null removes a field', () => {
    const next = applyPatch(current, {
      name: 'web',
      command: null,
      livenessProbe: null,
      secret: null,
      workingDir: null
    })
    expect(next.command).toBeUndefined()
    expect(next.livenessProbe).toBeUndefined()
    expect(next.secret).toBeUndefined()
    expect(next.workingDir).toBeUndefined()
    expect(next.args).toEqual(current.args)
  })

  test('env merges by name: replace in place, append new, null removes', () => {
    expect(
      mergeEnv(current.env ?? [], [
        { name: 'NEW', value: '1' },
        { name: 'MODE', value: 'canary' },
        { name: 'DB_PASSWORD', value: null }
      ])
    ).toEqual([
      { name: 'MODE', value: 'canary' },
      { name: 'NEW', value: '1' }
    ])
    expect(applyPatch(current, { name: 'web', env: null }).env).toBeUndefined()
  })
})

describe('diffSpecs', () => {
  const current = toRebuildSpec(described)

  test('lists changed fields, never env values', () => {
    const next = applyPatch(current, {
      name: 'web',
      image: 'shop/web:2.0',
      env: [
        { name: 'DB_PASSWORD', value: 'n3w-s3cr3t' },
        { name: 'ADDED', value: 'also-secret' }
      ]
    })
    const changes = diffSpecs(current, next)
    expect(changes).toEqual([
      { container: 'web', field: 'image', before: 'shop/web:1.0', after: 'shop/web:2.0' },
      { container: 'web', field: 'env.DB_PASSWORD', before: '(value)', after: '(new value)' },
      { container: 'web', field: 'env.ADDED', before: '(unset)', after: '(set)' }
    ])
    expect(JSON.stringify(changes)).not.toMatch(/s3cr3t|also-secret/)
  })

  test('equal specs have no diff, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(current).reverse()) as typeof current
    expect(Object.keys(reordered)[0]).toBe('volumeMounts')
    expect(sameSpec(current, reordered)).toBe(true)
    expect(diffSpecs(current, current)).toEqual([])
  })

  test('a removed variable and a new order are reported', () => {
    const next = {
      ...current,
      env: [
        { name: 'DB_PASSWORD', value: 's3cr3t-value' },
        { name: 'MODE', value: 'prod' }
      ]
    }
    expect(diffSpecs(current, next).map(change => change.field)).toEqual(['env (order)'])
    expect(diffSpecs(current, { ...current, env: [] }).map(change => change.field)).toEqual([
      'env.MODE',
      'env.DB_PASSWORD'
    ])
  })
})

describe('applyPatch edges', () => {
  const current = toRebuildSpec(described)

  test('an empty list removes the field, as null does; tty can be set', () => {
    const next = applyPatch(current, {
      name: 'web',
      command: [],
      args: [],
      volumeMounts: [],
      secret: '',
      tty: true,
      env: [
        { name: 'MODE', value: null },
        { name: 'DB_PASSWORD', value: null }
      ]
    })
    expect(next).toEqual({
      name: 'web',
      image: 'shop/web:1.0',
      tty: true,
      workingDir: '/srv',
      livenessProbe: current.livenessProbe,
      readinessProbe: current.readinessProbe
    })
  })

  test('a probe given replaces the whole probe, normalised', () => {
    const next = applyPatch(current, {
      name: 'web',
      readinessProbe: { exec: { command: ['true'] }, httpGet: null, periodSeconds: 3 }
    })
    expect(next.readinessProbe).toEqual({ periodSeconds: 3, exec: { command: ['true'] } })
  })
})
