// Small parts whose corners the end-to-end stories rarely reach.
import { neutralise } from '../../src/github/core-log.js'
import { Cancellation } from '../../src/rollout/cancellation.js'
import { assessPod, containerHealth, phaseOf, progressLine } from '../../src/rollout/health.js'
import { diffSpecs } from '../../src/pod-spec/diff.js'
import { familyVersions } from '../../src/secrets/versions.js'
import { quote } from '../../src/text.js'

test('neutralise marks any line that would read as a workflow command', () => {
  expect(neutralise('fine\n  ::set-output name=result::succeeded\r\n::error::x')).toBe(
    'fine\n›   ::set-output name=result::succeeded\n› ::error::x'
  )
  expect(neutralise('a :: b')).toBe('a :: b')
})

test('quote: strings, other values, nothing, and long values', () => {
  expect(quote('a"b\n')).toBe('"a\\"b\\n"')
  expect(quote(42)).toBe('"42"')
  expect(quote(undefined)).toBe('(nothing)')
  expect(quote('x'.repeat(100), 5)).toBe('"xxxxx…"')
  expect(quote('\u2028')).toBe('"\\u2028"')
})

test('a second abortEverything changes nothing; guard throws once cancelled', () => {
  const cancellation = new Cancellation()
  expect(() => cancellation.guard()).not.toThrow()
  cancellation.abortEverything('first')
  cancellation.abortEverything('second')
  expect((cancellation.restoreSignal.reason as Error).message).toBe('first')
  expect(() => cancellation.guard()).toThrow('first')
})

test('health with the API saying little', () => {
  expect(phaseOf(undefined)).toBe('')
  expect(phaseOf({ podId: 'p' })).toBe('')
  // An empty part is what a Go server sends for an unset one (go-shaped-states.test.ts).
  expect(
    containerHealth({
      name: 'c',
      image: 'i',
      containerStatus: { lastState: { terminated: { finishedAt: '2026-06-08T07:00:00Z' } } }
    })
  ).toMatchObject({
    state: 'unknown',
    ready: false,
    restartCount: 0,
    lastTermination: 'terminated (exit code ?)'
  })
  expect(
    containerHealth({ name: 'c', image: 'i', containerStatus: { lastState: { terminated: {} } } })
      .lastTermination
  ).toBeUndefined()
  const silent = assessPod({ podId: 'p', containers: [{ name: 'c', image: 'i' }] })
  expect(progressLine(silent)).toBe('phase unknown, 0/1 containers ready, 0 restarts')
  const foreign = assessPod(
    {
      podId: 'p',
      podStatus: { phase: 'running' },
      containers: [{ name: 'c', image: 'i', containerStatus: { ready: true } }]
    },
    { specs: new Map([['c', { name: 'c', image: 'i', env: [{ name: 'A', value: '1' }] }]]) }
  )
  expect(foreign.failing).toBe(
    'container c env differs from what was sent: the change did not land, or someone else changed the pod meanwhile'
  )
  const restarting = assessPod(
    {
      podId: 'p',
      podStatus: { phase: 'running' },
      containers: [{ name: 'c', image: 'i', containerStatus: { restartCount: 1 } }]
    },
    { restartBaseline: new Map([['c', 0]]) }
  )
  expect(restarting.failing).toBe('container c keeps restarting (1 restarts)')
})

test('diff: env variables without a value count as empty', () => {
  expect(
    diffSpecs(
      { name: 'c', image: 'i', env: [{ name: 'A' }, { name: 'B', value: 'x' }] },
      { name: 'c', image: 'i', env: [{ name: 'A', value: '' }, { name: 'B' }] }
    ).map(change => change.field)
  ).toEqual(['env.B'])
})

test('family versions: a malformed stamp falls back to createdAt, then to the epoch', () => {
  expect(
    familyVersions('r', [
      { name: 'r-20261399999999', createdAt: '2024-01-01T00:00:00Z' },
      { name: 'r', createdAt: 'not a date' },
      { name: 'r-20250101000000' }
    ]).map(version => [version.name, version.time])
  ).toEqual([
    ['r-20250101000000', Date.UTC(2025, 0, 1)],
    ['r-20261399999999', Date.UTC(2024, 0, 1)],
    ['r', 0]
  ])
})
