// Whatever happens, the job summary stays well under GitHub's 1 MiB a step and every output
// under the runner's 1 MB: logs are cut first, then dropped, then rows.
import { podSeed } from '../../emulator/index.js'
import type { PodReport, RunReport } from '../../src/report/model.js'
import { outputsOf } from '../../src/report/outputs.js'
import { MAX_SUMMARY_BYTES, renderSummary } from '../../src/report/summary.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const MIB = 1024 * 1024
const logOf4k = Array.from(
  { length: 64 },
  (_, i) =>
    `2026-11-22T10:00:${String(i % 60).padStart(2, '0')}Z ERROR <${'x'.repeat(30)}> | * _ [${i}]`
).join('\n')

function failingPod(i: number, requestIds = 20): PodReport {
  return {
    podId: `pod-f${i}`,
    name: `web-${i}`,
    phase: 'running',
    privateIp: `10.0.0.${i % 250}`,
    containers: ['web', 'sidecar'].map(name => ({
      name,
      init: false,
      image: `registry.example.com/shop/${name}:2.0`,
      previousImage: `registry.example.com/shop/${name}:1.0`,
      ready: false,
      restartCount: 7
    })),
    secondsToReady: null,
    requestIds: Array.from(
      { length: requestIds },
      (_, r) => `req${i}x${r}abcdefghijklmnopqrstuvwx`
    ),
    outcome: 'rollback-failed',
    message: `pod-f${i} is failing: container web keeps restarting`,
    diagnosis: ['web', 'sidecar'].map(container => ({
      container,
      image: 'registry.example.com/shop/web:2.0',
      state: 'waiting',
      reason: 'CrashLoopBackOff',
      restartCount: 7,
      logs: logOf4k
    })),
    restoreSpec: [{ name: 'web', image: 'registry.example.com/shop/web:1.0' }]
  }
}

function report(pods: PodReport[]): RunReport {
  return {
    operation: 'deploy',
    result: 'failed',
    startedAt: 0,
    finishedAt: 600_000,
    pods,
    requestIds: pods.flatMap(pod => pod.requestIds),
    notes: [],
    error: 'many pods failed',
    dryRun: false
  }
}

test.each([1, 20, 150, 2000])(
  '%i failing pods with 4 KB of logs each: the summary stays under the cap',
  count => {
    const summary = renderSummary(
      report(Array.from({ length: count }, (_, i) => failingPod(i))),
      {},
      'cn-north-1'
    )
    const bytes = Buffer.byteLength(summary)
    expect(bytes).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(MAX_SUMMARY_BYTES).toBeLessThan(MIB)
    expect(summary).toContain('| web-0 <sub>pod-f0</sub> |')
    if (count === 1) expect(summary).toContain('<pre>') // small reports keep their logs
  }
)

test('every output stays under 1 MB, and pods is still JSON with the first pods in it', () => {
  const { outputs, cut } = outputsOf(
    report(Array.from({ length: 5000 }, (_, i) => failingPod(i, 200)))
  )
  expect(cut).toMatch(/^The pods output lists \d+ of 5000 pods/)
  for (const [name, value] of Object.entries(outputs))
    expect([name, Buffer.byteLength(value) < 1_000_000]).toEqual([name, true])
  const pods = JSON.parse(outputs.pods as string) as Array<{ podId: string; requestIds: string[] }>
  expect(pods[0]?.podId).toBe('pod-f0')
  expect(pods[0]?.requestIds).toHaveLength(1)
  expect((JSON.parse(outputs['request-ids'] as string) as string[]).length).toBeGreaterThan(0)
})

test('end to end: forty pods crash-looping with long logs at max-parallel 40', async () => {
  const broken = 'registry.example.com/shop/web:broken'
  const pods = Array.from({ length: 40 }, (_, i) =>
    podSeed({ podId: `pod-l${String(i).padStart(2, '0')}`, name: `web-${i}` })
  )
  const cloud = await startEmulatedCloud({
    pods,
    images: { [broken]: { behaviour: 'crash-loop', logs: logOf4k.split('\n') } }
  })
  try {
    const {
      report: run,
      summary,
      outputs
    } = await cloud.run({
      pods: pods.map(pod => pod.podId).join(','),
      image: broken,
      'max-parallel': '40',
      rollback: 'false',
      'fail-fast': '5s',
      'log-lines': '1000'
    })
    expect(run.result).toBe('failed')
    expect(run.pods.every(pod => pod.outcome === 'failed')).toBe(true)
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(Buffer.byteLength(outputs.pods as string)).toBeLessThan(1_000_000)
    expect(summary).toContain('### Failure details')
  } finally {
    await cloud.close()
  }
})
