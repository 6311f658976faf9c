// "Did it land?" compares every field sent with what describePod echoes, in the API's echo form:
// documented defaults filled in, order-free lists sorted. Only a real difference counts.
import type { Container, RebuildContainerSpec } from '../../src/jdcloud/types.js'
import { difference, differences, echoMatches, podRunsSpecs } from '../../src/pod-spec/echo.js'

const sent: RebuildContainerSpec = {
  name: 'web',
  image: 'a:1',
  env: [
    { name: 'B', value: '2' },
    { name: 'A', value: '1' }
  ],
  readinessProbe: { httpGet: { port: 80, path: '/h', httpHeader: [{ name: 'X', value: 'y' }] } },
  livenessProbe: { exec: { command: ['true'] } },
  volumeMounts: [
    { name: 'v', mountPath: '/b' },
    { name: 'w', mountPath: '/a', subPath: 'x' }
  ]
}

/** The same container as the API might echo it: defaults spelt out, lists in another order. */
const echoed: Container = {
  name: 'web',
  image: 'a:1',
  command: [],
  args: null,
  env: [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' }
  ],
  secret: '',
  tty: false,
  workingDir: '/',
  readinessProbe: {
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 1,
    failureThreshold: 3,
    successThreshold: 1,
    httpGet: {
      scheme: 'HTTP',
      host: '',
      port: 80,
      path: '/h',
      httpHeader: [{ name: 'X', value: 'y' }]
    },
    exec: null,
    tcpSocket: null
  },
  livenessProbe: { exec: { command: ['true'] }, periodSeconds: 10 },
  volumeMounts: [
    { name: 'w', mountPath: '/a', subPath: 'x', readOnly: false },
    { name: 'v', mountPath: '/b', readOnly: false, subPath: '' }
  ]
}

test('the echo of what was sent matches, defaults and order notwithstanding', () => {
  expect(echoMatches(sent, echoed)).toBe(true)
  expect(podRunsSpecs({ podId: 'p', containers: [echoed] }, [sent])).toBe(true)
})

test.each<[string, Partial<Container>, string]>([
  ['the image', { image: 'a:2' }, 'runs a:2, not a:1'],
  [
    'an env value',
    {
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '3' }
      ]
    },
    'env differs'
  ],
  [
    'a probe timing',
    { livenessProbe: { exec: { command: ['true'] }, periodSeconds: 5 } },
    'livenessProbe differs'
  ],
  ['a probe handler', { livenessProbe: { tcpSocket: { port: 80 } } }, 'livenessProbe differs'],
  [
    'a header value',
    {
      readinessProbe: { httpGet: { port: 80, path: '/h', httpHeader: [{ name: 'X', value: 'z' }] } }
    },
    'readinessProbe differs'
  ],
  [
    'a subPath',
    {
      volumeMounts: [
        { name: 'v', mountPath: '/b' },
        { name: 'w', mountPath: '/a' }
      ]
    },
    'volumeMounts differs'
  ],
  ['tty', { tty: true }, 'tty differs'],
  ['the working directory', { workingDir: '/srv' }, 'workingDir differs'],
  ['the secret', { secret: 'regcred' }, 'secret differs']
])('a different %s does not match, and is named', (_what, change, named) => {
  const container = { ...echoed, ...change }
  expect(echoMatches(sent, container)).toBe(false)
  expect(difference(sent, container)).toContain(named)
})

test('differences names each container that does not run what was sent, or is missing', () => {
  const pod = { podId: 'p', containers: [{ ...echoed, args: ['--x'] }] }
  expect(differences(pod, [sent, { name: 'sidecar', image: 'b:1' }])).toBe(
    'container web args differs from what was sent; no container sidecar'
  )
  expect(podRunsSpecs(pod, [sent])).toBe(false)
  expect(podRunsSpecs({ podId: 'p' }, [sent])).toBe(false)
})
