// A rebuild resets every field it is not sent. This walks the whole RebuildContainerSpec field tree
// as JD Cloud's Go SDK defines it (contract/, from services/pod/models/*.go), gives every leaf a
// value that is not the API's default, and proves each one survives an image-only deploy and a
// rollback unchanged. A field added to the model without a sample here fails the first test; a
// field the action does not carry back fails the others (the emulator's rebuild unsets it).
import { podFieldPaths } from '../../contract/pod-api.js'
import { podSeed } from '../../emulator/index.js'
import type { Container } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const OLD = 'registry.example.com/shop/web:1.0'
const NEW = 'registry.example.com/shop/web:1.1'
const BROKEN = 'registry.example.com/shop/web:broken'
const POD = 'pod-every1'

const probeSamples = (probe: string): Record<string, unknown> => ({
  [`${probe}.initialDelaySeconds`]: 7,
  [`${probe}.periodSeconds`]: 11,
  [`${probe}.timeoutSeconds`]: 2,
  [`${probe}.failureThreshold`]: 4,
  [`${probe}.successThreshold`]: 2,
  [`${probe}.exec.command[]`]: '/bin/check',
  [`${probe}.httpGet.scheme`]: 'HTTPS',
  [`${probe}.httpGet.host`]: 'probe.internal',
  [`${probe}.httpGet.port`]: 8443,
  [`${probe}.httpGet.path`]: '/healthz/deep',
  [`${probe}.httpGet.httpHeader[].name`]: 'X-Probe',
  [`${probe}.httpGet.httpHeader[].value`]: 'deep',
  [`${probe}.tcpSocket.port`]: 9000
})

/** A value for every leaf of the tree, none of them the API's default. */
const SAMPLES: Record<string, unknown> = {
  name: 'web',
  image: OLD,
  'command[]': '/app/server',
  'args[]': '--port=80',
  'env[].name': 'FEATURE_X',
  'env[].value': 'on',
  secret: 'regcred-1',
  tty: true,
  workingDir: '/srv/app',
  'volumeMounts[].name': 'config',
  'volumeMounts[].mountPath': '/etc/app/app.conf',
  'volumeMounts[].readOnly': true,
  'volumeMounts[].subPath': 'app.conf',
  ...probeSamples('livenessProbe'),
  ...probeSamples('readinessProbe')
}

const leaves = (): string[] =>
  podFieldPaths('RebuildContainerSpec').filter(
    path => !podFieldPaths('RebuildContainerSpec').some(other => other.startsWith(`${path}.`))
  )

/** A probe takes one handler: each container covers other handlers, so all three cover all. */
const HANDLERS: Record<string, { liveness: string; readiness: string; type?: string }> = {
  web: { liveness: 'exec', readiness: 'httpGet' },
  sidecar: { liveness: 'httpGet', readiness: 'tcpSocket' },
  'init-db': { liveness: 'tcpSocket', readiness: 'exec', type: 'initContainer' }
}

function containerWithEveryField(name: string, mountPath: string): Container {
  const { liveness, readiness, type } = HANDLERS[name] as (typeof HANDLERS)[string]
  const container: Record<string, unknown> = {}
  for (const path of leaves()) {
    const [probe, handler] = path.split('.')
    if (probe === 'livenessProbe' && ['exec', 'httpGet', 'tcpSocket'].includes(handler ?? ''))
      if (handler !== liveness) continue
    if (probe === 'readinessProbe' && ['exec', 'httpGet', 'tcpSocket'].includes(handler ?? ''))
      if (handler !== readiness) continue
    setPath(container, path, SAMPLES[path])
  }
  return {
    ...(container as unknown as Container),
    name,
    volumeMounts: [{ name: 'config', mountPath, readOnly: true, subPath: 'app.conf' }],
    ...(type ? { type } : {})
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.')
  const key = (head as string).replace('[]', '')
  const isList = (head as string).endsWith('[]')
  if (rest.length === 0) {
    target[key] = isList ? [value] : value
    return
  }
  const child = isList
    ? (((target[key] as unknown[]) ??= [{}])[0] as Record<string, unknown>)
    : ((target[key] ??= {}) as Record<string, unknown>)
  setPath(child, rest.join('.'), value)
}

/** Every leaf value of a container, keyed by path (lists of one element, as seeded). */
function leafValues(container: Container): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const path of leaves()) {
    let node: unknown = container
    for (const part of path.split('.')) {
      const key = part.replace('[]', '')
      node = (node as Record<string, unknown> | undefined)?.[key]
      if (part.endsWith('[]')) node = (node as unknown[] | undefined)?.[0]
    }
    if (node !== undefined && node !== null) values[path] = node
  }
  return values
}

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

async function seededCloud(): Promise<EmulatedCloud> {
  const pod = podSeed({
    podId: POD,
    containers: [
      containerWithEveryField('init-db', '/etc/init/app.conf'),
      containerWithEveryField('web', '/etc/web/app.conf'),
      containerWithEveryField('sidecar', '/etc/sidecar/app.conf')
    ]
  })
  return startEmulatedCloud({
    pods: [{ ...pod, volumes: [{ name: 'config', configFile: { name: 'app-config' } }] }],
    secrets: [
      {
        name: 'regcred-1',
        data: { server: 'cmVnaXN0cnk=', username: 'dXNlcg==', password: 'cGFzcw==' }
      }
    ],
    images: { [BROKEN]: 'never-pulls' }
  })
}

const snapshot = (cloud: EmulatedCloud) =>
  Object.fromEntries(
    (cloud.emulator.pod(POD).containers ?? []).map(c => [
      c.name,
      { type: c.type, ...leafValues(c) }
    ])
  )

test('every leaf of the Go model has a sample value here (a new field fails this first)', () => {
  const missing = leaves().filter(path => !(path in SAMPLES))
  expect(missing).toEqual([])
  expect(leaves()).toEqual(expect.arrayContaining(['volumeMounts[].subPath', 'name']))
})

test('an image-only deploy sends back and keeps every field of every container', async () => {
  cloud = await seededCloud()
  const before = snapshot(cloud)
  // Each leaf is set somewhere: the walk above covers the whole tree across the three containers.
  const covered = new Set(Object.values(before).flatMap(values => Object.keys(values)))
  expect(leaves().filter(path => !covered.has(path))).toEqual([])

  const { report } = await cloud.run({ pods: POD, container: 'web', image: NEW })
  expect(report.result).toBe('succeeded')
  const after = snapshot(cloud)
  expect(after).toEqual({ ...before, web: { ...before.web, image: NEW } })
  const [rebuild] = cloud.emulator.callsTo('rebuildPod')
  const sent = (rebuild?.body as { containers: Container[] }).containers
  for (const container of sent)
    expect(Object.keys(leafValues(container)).sort()).toEqual(
      Object.keys(before[container.name] ?? {})
        .filter(key => key !== 'type')
        .sort()
    )
})

test('a failed deploy is rolled back with every field of every container as it was', async () => {
  cloud = await seededCloud()
  const before = snapshot(cloud)
  const { report } = await cloud.run({
    pods: POD,
    container: 'web',
    image: BROKEN,
    'fail-fast': '5s'
  })
  expect([report.result, report.error]).toEqual(['rolled-back', expect.any(String)])
  expect(snapshot(cloud)).toEqual(before)
  expect(cloud.emulator.pod(POD).containers?.find(c => c.name === 'init-db')?.type).toBe(
    'initContainer'
  )
})
