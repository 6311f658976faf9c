import { describeGate, pollCount } from '../../src/verify/describe.js'
import type { GateTarget } from '../../src/verify/gate.js'
import { fromInputs } from './helpers.js'

const PODS: GateTarget[] = [
  { podId: 'pod-a1', podName: 'web-1', podIp: '10.0.0.1' },
  { podId: 'pod-b2', podName: 'web-2' }
]

test('once per batch, with the defaults', () => {
  expect(
    describeGate(fromInputs({ 'verify-url': 'https://shop.example.com/healthz' }), PODS)
  ).toEqual([
    'Verification gate: GET https://shop.example.com/healthz once per batch, when the batch is ready',
    '  passes: HTTP 200-299',
    '  must keep passing for 30s, checked every 5s (7 checks); the first failure fails the batch',
    '  each check: at most 10s, up to 5 redirects within the same scheme and host'
  ])
})

test('once per pod, each URL shown; body rule, statuses and header names; never a secret', () => {
  const token = 'Bearer tok-1a2b3c4d'
  const settings = fromInputs({
    'verify-url': 'http://ops:hunter22@{podIp}:8080/health?pod={podName}&token=t0p-s3cret',
    'verify-status': '200,204,300-302',
    'verify-body': '/v1\\.2/i',
    'verify-for': '1m',
    'verify-interval': '15s',
    'verify-header': `Authorization: ${token}\nX-Env: prod`
  })
  const lines = describeGate(settings, PODS)
  expect(lines).toEqual([
    'Verification gate: GET http://ops:***@{podIp}:8080/health?pod={podName}&token=*** once per pod of each batch, when it is ready',
    '  web-1: http://ops:***@10.0.0.1:8080/health?pod=web-1&token=***',
    '  web-2: http://ops:***@{podIp}:8080/health?pod=web-2&token=***',
    '  passes: HTTP 200, 204, 300-302 and its body must match /v1\\.2/i',
    '  must keep passing for 1m, checked every 15s (5 checks); the first failure fails the batch',
    '  headers: Authorization: ***, X-Env: *** (values hidden)',
    '  each check: at most 10s, up to 5 redirects within the same scheme and host'
  ])
  const text = lines.join('\n')
  for (const secret of ['tok-1a2b3c4d', 'prod', 'hunter22', 't0p-s3cret'])
    expect(text).not.toContain(secret)
})

test('verify-for 0, a text body rule, and a long list of pods cut short', () => {
  const pods = Array.from({ length: 23 }, (_, i) => ({
    podId: `pod-${i}`,
    podName: `web-${i}`,
    podIp: `10.0.1.${i}`
  }))
  const lines = describeGate(
    fromInputs({
      'verify-url': 'http://{podIp}/',
      'verify-for': '0',
      'verify-body': 'status: "UP"\n'
    }),
    pods
  )
  expect(lines).toHaveLength(1 + 20 + 1 + 3)
  expect(lines[21]).toBe('  … and 3 more pods')
  expect(lines.slice(22)).toEqual([
    '  passes: HTTP 200-299 and its body must contain "status: \\"UP\\""',
    '  one passing answer lets the rollout go on',
    '  each check: at most 10s, up to 5 redirects within the same scheme and host'
  ])
})

test('a pod name with control characters is shown escaped', () => {
  const lines = describeGate(fromInputs({ 'verify-url': 'http://{podIp}/' }), [
    { podId: 'pod-x', podName: 'evil\n::error::x', podIp: '10.0.0.9' }
  ])
  expect(lines[1]).toBe('  evil\\u000a::error::x: http://10.0.0.9/')
  const unnamed = describeGate(fromInputs({ 'verify-url': 'http://{podIp}/' }), [
    { podId: 'pod-y', podName: '', podIp: '10.0.0.8' }
  ])
  expect(unnamed[1]).toBe('  pod-y: http://10.0.0.8/')
})

test.each([
  [0, 5000, 1],
  [30_000, 5000, 7],
  [12_000, 5000, 4],
  [10_000, 30_000, 2]
])('pollCount(for %i ms, every %i ms) = %i', (forMs, intervalMs, count) => {
  expect(pollCount({ forMs, intervalMs })).toBe(count)
})
