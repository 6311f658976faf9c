// The verification gate in a whole run (issue 14): the action against the emulator, its smoke
// check against a scripted HTTP server on loopback. A failing gate fails its batch, which is rolled
// back; pods of later batches are never touched; the outputs and the summary say what the check saw.
import { EventEmitter } from 'node:events'
import { podSeed } from '../../emulator/index.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { SEED } from '../../__fixtures__/secret-scan.js'
import { ScriptedServer } from './scripted-server.js'

const OLD = 'registry.example.com/shop/web:1.0'
const NEW = 'registry.example.com/shop/web:1.1'
const TOKEN = 'tok3n-s3cr3t-value'
let cloud: EmulatedCloud
let server: ScriptedServer
beforeEach(async () => {
  server = await ScriptedServer.start()
})
afterEach(async () => {
  await cloud?.close()
  await server.close()
})

async function twoPods(): Promise<EmulatedCloud> {
  return startEmulatedCloud({
    pods: [podSeed({ podId: 'pod-v1', name: 'web-1' }), podSeed({ podId: 'pod-v2', name: 'web-2' })]
  })
}

interface PodRow {
  podId: string
  outcome: string
  message: string | null
  containers: Array<{ image: string; previousImage: string | null; triedImage: string | null }>
  verify: { url: string; passed: boolean; status: number | null; checkedSeconds: number } | null
}
const rows = (outputs: Record<string, string>) => JSON.parse(outputs.pods as string) as PodRow[]
/** Everything a person could read (the runner consumes `::add-mask::` lines, never shows them). */
const shown = (run: { log: string; summary: string; files: string }) =>
  (run.log + run.summary + run.files).replace(/^::add-mask::.*$/gm, '')
const base = () => `http://127.0.0.1:${server.port}`

test('canary 1 fails its smoke check: the canary is rolled back, the other pod never moves', async () => {
  cloud = await twoPods()
  server.script('web-1', [{ status: 500, body: 'release 1.1 is broken\nstack: …' }])
  const run = await cloud.run({
    pods: 'web-1\nweb-2',
    image: NEW,
    canary: '1',
    'verify-url': `${base()}/script/{podName}?token=${TOKEN}`,
    'verify-for': '0'
  })
  expect(run.report.result).toBe('rolled-back')
  expect(mutations(cloud.emulator)).toEqual([
    'stopPod pod-v1',
    'rebuildPod pod-v1',
    'startPod pod-v1',
    'stopPod pod-v1',
    'rebuildPod pod-v1',
    'startPod pod-v1'
  ])
  expect(cloud.emulator.pod('pod-v1').containers?.[0]?.image).toBe(OLD)
  expect(cloud.emulator.pod('pod-v2').containers?.[0]?.image).toBe(OLD)
  const [canary, other] = rows(run.outputs)
  expect(canary).toMatchObject({
    outcome: 'rolled-back',
    verify: {
      url: `${base()}/script/web-1?token=***`,
      passed: false,
      status: 500,
      checkedSeconds: 0
    }
  })
  expect(other).toMatchObject({ outcome: 'not-started', verify: null })
  expect(run.report.error).toContain('the verification of batch 1 failed')
  // The summary shows what the check saw: URL (masked), status, body, first failure, counts.
  expect(run.summary).toContain('### Verification')
  expect(run.summary).toMatch(/\*\*Batch 1\*\* ❌ failed · pod-v1/)
  expect(run.summary).toContain('HTTP 500 · 0 passes, 1 failure')
  expect(run.summary).toContain('first failure at 2026-11-22T10:')
  // The body as safe text: its lines kept (as character references inside its block).
  expect(run.summary).toContain('release 1.1 is broken&#10;stack: …')
  expect(shown(run)).not.toContain(TOKEN)
  // Only the canary was checked.
  expect(server.requests.map(request => request.path)).toEqual(['/script/web-1'])
})

test('a passing gate after every batch: polled for verify-for, then the next batch', async () => {
  cloud = await twoPods()
  const run = await cloud.run({
    pods: 'pod-v1\npod-v2',
    image: NEW,
    'verify-url': `${base()}/ok`,
    'verify-body': '/UP$/',
    'verify-for': '10s',
    'verify-interval': '5s'
  })
  expect(run.report.result).toBe('succeeded')
  expect(server.requests).toHaveLength(6) // at 0, 5 and 10 s, for each of the two batches
  expect(rows(run.outputs).map(row => row.verify)).toEqual([
    { url: `${base()}/ok`, passed: true, status: 200, checkedSeconds: 10 },
    { url: `${base()}/ok`, passed: true, status: 200, checkedSeconds: 10 }
  ])
  expect(run.report.verifications?.map(v => [v.batch, v.podIds, v.passed])).toEqual([
    [1, ['pod-v1'], true],
    [2, ['pod-v2'], true]
  ])
  expect(run.summary).toContain('**Batch 2** ✅ passed · pod-v2')
  expect(run.summary).toContain('HTTP 200 · 3 passes, 0 failures · 10 s')
  // The second pod was stopped only after the first batch's gate was over.
  const firstChecks = cloud.emulator.calls.filter(call => call.api === 'stopPod')
  expect(firstChecks).toHaveLength(2)
})

test('a flapping endpoint that passes, fails and passes again within verify-for fails the batch', async () => {
  cloud = await twoPods()
  server.script('flap', [{ status: 200 }, { status: 200 }, { status: 503 }, { status: 200 }])
  const run = await cloud.run({
    pods: 'pod-v1\npod-v2',
    image: NEW,
    'verify-url': `${base()}/script/flap`,
    'verify-for': '30s',
    'verify-interval': '5s'
  })
  expect(run.report.result).toBe('rolled-back')
  expect(server.requests).toHaveLength(3) // the first failure ends the gate
  const check = run.report.verifications?.[0]?.checks[0]
  expect(check).toMatchObject({ passed: false, status: 503, passes: 2, failures: 1 })
  expect(check?.checkedSeconds).toBe(10)
  expect(cloud.emulator.pod('pod-v2').containers?.[0]?.image).toBe(OLD)
})

test('a hanging endpoint fails at its request timeout, long before the rollout’s', async () => {
  cloud = await twoPods()
  const started = Date.now()
  const run = await cloud.run(
    {
      pods: 'pod-v1\npod-v2',
      image: NEW,
      'verify-url': `${base()}/hang`,
      'verify-for': '0',
      timeout: '1h'
    },
    { verifyRequestTimeoutMs: 200 }
  )
  expect(Date.now() - started).toBeLessThan(20_000)
  expect(run.report.result).toBe('rolled-back')
  expect(run.report.verifications?.[0]?.checks[0]).toMatchObject({
    passed: false,
    failures: 1,
    reason: 'no complete answer within 200ms'
  })
  expect(rows(run.outputs)[0]?.verify).toMatchObject({ passed: false, status: null })
})

test('the gate counts against timeout: verify-for longer than what the move left fails the batch', async () => {
  cloud = await twoPods()
  // It fits the timeout on its own (a longer one is refused before any call), not after the move.
  const run = await cloud.run({
    pods: 'pod-v1',
    image: NEW,
    'verify-url': `${base()}/ok`,
    'verify-for': '299s',
    'verify-interval': '1m',
    timeout: '5m'
  })
  expect(run.report.result).toBe('rolled-back')
  expect(run.report.verifications?.[0]?.checks[0]?.reason).toMatch(
    /^the overall deadline passed .* into verify-for /
  )
})

test('cancelled during the gate: it stops at once, nothing is rolled back, the next pod is not touched', async () => {
  cloud = await twoPods()
  server.script('slow', ['hang'])
  const signals = new EventEmitter()
  const waiting = (async () => {
    while (server.requests.length === 0) await new Promise(resolve => setTimeout(resolve, 5))
    signals.emit('SIGINT', 'SIGINT')
  })()
  const run = await cloud.run(
    { pods: 'pod-v1\npod-v2', image: NEW, 'verify-url': `${base()}/script/slow` },
    { signals }
  )
  await waiting
  expect(run.report.result).toBe('cancelled')
  expect(mutations(cloud.emulator)).toEqual([
    'stopPod pod-v1',
    'rebuildPod pod-v1',
    'startPod pod-v1'
  ])
  const [first, second] = rows(run.outputs)
  expect(first).toMatchObject({ outcome: 'cancelled', verify: { passed: false } })
  expect(first?.message).toContain('cancelled during the verification of batch 1')
  expect(second?.outcome).toBe('not-started')
  expect(run.summary).toContain('**Batch 1** ⏹️ cancelled')
})

test('rollback: false leaves the failed batch on the release and says so', async () => {
  cloud = await twoPods()
  const run = await cloud.run({
    pods: 'pod-v1\npod-v2',
    image: NEW,
    rollback: 'false',
    'verify-url': `${base()}/fail`,
    'verify-for': '0'
  })
  expect(run.report.result).toBe('failed')
  expect(cloud.emulator.pod('pod-v1').containers?.[0]?.image).toBe(NEW)
  expect(cloud.emulator.pod('pod-v2').containers?.[0]?.image).toBe(OLD)
  expect(run.report.notes).toContain('rollback is off: the failed pods were left as they are.')
})

test('rotate-secret: a failing gate moves the canary back onto the old secret and keeps every version', async () => {
  cloud = await startEmulatedCloud(SEED)
  const run = await cloud.run({
    operation: 'rotate-secret',
    pods: 'pod-s1\npod-s2',
    'secret-name': 'regcred',
    'registry-server': 'registry.example.com',
    'registry-username': 'deployer',
    'registry-password': 'n3w-Pa55word!',
    canary: '1',
    'verify-url': `${base()}/fail`,
    'verify-for': '0'
  })
  expect(run.report.result).toBe('rolled-back')
  for (const podId of ['pod-s1', 'pod-s2'])
    expect(cloud.emulator.pod(podId).containers?.[0]?.secret).toBe('regcred-20260101000000')
  expect(mutations(cloud.emulator).filter(line => line.endsWith('pod-s2'))).toEqual([])
  expect(run.report.secret?.deleted).toEqual([expect.stringMatching(/^regcred-2026/)])
})

test('dry run: the gate is printed, batch by batch, and the URL is never asked', async () => {
  cloud = await twoPods()
  const run = await cloud.run({
    pods: 'pod-v1\npod-v2',
    image: NEW,
    'dry-run': 'true',
    canary: '1',
    'max-parallel': '2',
    'verify-url': `${base()}/ok`,
    'verify-header': `Authorization: Bearer ${TOKEN}`
  })
  expect(run.report.result).toBe('planned')
  expect(server.requests).toEqual([])
  expect(run.log).toContain('Verification gate (dry run: no request is made)')
  expect(run.log).toContain(`Verification gate: GET ${base()}/ok once per batch`)
  expect(run.log).toContain('headers: Authorization: *** (values hidden)')
  expect(run.report.notes).toEqual(
    expect.arrayContaining([
      'would verify batch 1 (canary) (web-1) before going on',
      'would verify batch 2 (web-2) before going on'
    ])
  )
  expect(shown(run)).not.toContain(TOKEN)
})

describe('bad gate inputs are refused before any API call', () => {
  test.each([
    [{ 'verify-url': 'http://{podIP}:8080/' }, 'verify-url: unknown placeholder "{podIP}"'],
    [{ 'verify-url': 'ftp://host/' }, 'verify-url: "ftp:" is not http: or https:'],
    [{ 'verify-status': '300-200' }, 'verify-status: "300-200" is not a range'],
    [{ 'verify-url': 'http://a/', 'verify-body': '/(/' }, 'verify-body: "/(/" is not a valid'],
    [{ 'verify-url': 'http://a/', 'verify-header': 'Bearer x' }, 'verify-header: line 1 has no'],
    [{ 'verify-for': 'soon' }, 'verify-for:'],
    [{ canary: '0' }, 'canary: "0" must be a whole number'],
    [{ operation: 'start', 'verify-url': 'http://a/' }, 'verify-url: is used only by deploy']
  ])('%j', async (inputs, problem) => {
    cloud = await twoPods()
    const run = await cloud.run({ pods: 'pod-v1', image: NEW, ...inputs })
    expect(run.report.result).toBe('failed')
    expect(run.report.error).toContain(problem)
    expect(cloud.emulator.calls).toEqual([])
    expect(server.requests).toEqual([])
  })
})
