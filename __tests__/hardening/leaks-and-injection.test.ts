// Hardening II, 6–9: probe header values and exec commands hidden in plans and summaries; pod IDs
// and every cloud string escaped in the summary, newlines folded; no regular expression built from
// data; outputs written inside their own guard, never crashing on a huge fleet.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { podSeed } from '../../emulator/index.js'
import { RequestLedger } from '../../src/jdcloud/call-ledger.js'
import { diffSpecs } from '../../src/pod-spec/diff.js'
import type { PodReport, RunReport } from '../../src/report/model.js'
import { outputsOf } from '../../src/report/outputs.js'
import { renderSummary } from '../../src/report/summary.js'
import { isVersionOf } from '../../src/secrets/versions.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const TOKEN = 'Bearer s3cr3t-probe-token'
const EXEC_SECRET = 'PGPASSWORD=hunter2'

test('6: a plan shows probe header names and hides their values and exec commands', async () => {
  const cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-leak1' })] })
  try {
    const containers = [
      '- name: web',
      '  livenessProbe:',
      `    exec: {command: ["sh", "-c", "${EXEC_SECRET} pg_isready"]}`,
      '  readinessProbe:',
      '    httpGet:',
      '      port: 80',
      '      path: /healthz',
      `      httpHeader: [{name: Authorization, value: "${TOKEN}"}]`
    ].join('\n')
    const { log, summary, outputs } = await cloud.run({
      pods: 'pod-leak1',
      containers,
      'dry-run': 'true'
    })
    for (const text of [log, summary, outputs.pods ?? '']) {
      expect(text).not.toContain('s3cr3t-probe-token')
      expect(text).not.toContain('hunter2')
    }
    expect(summary).toContain('Authorization')
    expect(summary.replaceAll('\\*', '*')).toContain('&quot;value&quot;:&quot;***&quot;')
  } finally {
    await cloud.close()
  }
})

test('6: a change of a hidden value alone is still shown as a change', () => {
  const probe = (value: string) => ({
    httpGet: { port: 80, path: '/', httpHeader: [{ name: 'X-Token', value }] }
  })
  const [change] = diffSpecs(
    { name: 'web', image: 'a:1', readinessProbe: probe('old') },
    { name: 'web', image: 'a:1', readinessProbe: probe('new') }
  )
  expect(change?.field).toBe('readinessProbe')
  expect(change?.after).toMatch(/\(a hidden value changed\)$/)
  expect(JSON.stringify(change)).not.toMatch(/"(old|new)"/)
})

function pod(podId: string, message: string): PodReport {
  return {
    podId,
    name: podId,
    phase: 'running',
    containers: [],
    secondsToReady: null,
    requestIds: [],
    outcome: 'unhealthy',
    message
  }
}

const report = (pods: PodReport[], notes: string[]): RunReport => ({
  operation: 'status',
  result: 'failed',
  startedAt: 0,
  finishedAt: 1000,
  pods,
  requestIds: [],
  notes,
  error: 'x',
  dryRun: false
})

test('7: pod IDs and cloud strings cannot break the table or add a heading to the summary', () => {
  const hostile = 'pod-x` | <b>evil</b> |\n# ✅ All pods healthy'
  const summary = renderSummary(
    report(
      [pod(hostile, 'waiting\n# ✅ All pods healthy\n<img src=x>')],
      [`pod ${hostile} is not healthy: waiting\n# ✅ All pods healthy`]
    ),
    {},
    'cn-north-1'
  )
  expect(summary).not.toMatch(/^#\s*✅/m)
  expect(summary).not.toContain('<b>evil</b>')
  expect(summary).not.toContain('<img')
  const rows = summary.split('\n').filter(line => line.startsWith('| '))
  for (const row of rows) expect(row.split(' | ')).toHaveLength(4)
})

test('8: no regular expression is built from a pod ID or a secret name', () => {
  const ledger = new RequestLedger()
  const evil = `pod-${'a'.repeat(30)}(a+)+$[`
  ledger.record({
    service: 'pod',
    api: 'describePod',
    method: 'GET',
    path: `/pods/${evil}`,
    about: [evil],
    listed: [],
    attempt: 1,
    durationMs: 1,
    requestId: 'r1',
    outcome: 'ok'
  })
  const started = Date.now()
  expect(ledger.about(evil)).toEqual(['r1'])
  expect(ledger.about(`pod-${'a'.repeat(30)}`)).toEqual([])
  expect(isVersionOf('a.b', 'a.b-20260101000000')).toBe(true)
  expect(isVersionOf('a.b', 'axb-20260101000000')).toBe(false)
  expect(isVersionOf('(a+)+', '(a+)+-20260101000000')).toBe(true)
  expect(Date.now() - started).toBeLessThan(100)
})

test('9: twenty thousand pods with long messages: the outputs are written, cut, with a note', () => {
  const long = 'x'.repeat(60_000) // one string shared by every pod: cheap here, 1.2 GB as one JSON
  const pods = Array.from({ length: 20_000 }, (_, i) => pod(`pod-h${i}`, long))
  const { outputs, cut } = outputsOf(report(pods, []))
  expect(Buffer.byteLength(outputs.pods as string)).toBeLessThan(1_000_000)
  expect(cut).toMatch(/^The pods output lists \d+ of 20000 pods/)
  expect((JSON.parse(outputs.pods as string) as unknown[]).length).toBeGreaterThan(0)
})

test('9: an output file that cannot be written is a warning; the summary and the verdict still come', async () => {
  const cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-out1' })] })
  try {
    const directory = mkdtempSync(join(tmpdir(), 'output-is-a-directory-'))
    const {
      report: run,
      log,
      summary
    } = await cloud.run(
      { operation: 'status', pods: 'pod-out1' },
      { extraEnv: { GITHUB_OUTPUT: directory } }
    )
    expect(run.result).toBe('succeeded')
    expect(log).toMatch(/::warning::The outputs could not be written: /)
    expect(summary).toContain('JD Cloud pod status')
  } finally {
    await cloud.close()
  }
})
