// npm run docs:examples — writes docs/examples/summary-success.md and summary-failure.md: the job
// summaries of two runs of the action against the emulator (on a virtual clock, so that they take
// milliseconds), for reviewers to see what a run leaves on its page. Request ids are random, so
// they are numbered in order of appearance; everything else is as the action wrote it.
// `--check` only compares, and fails when the files are stale (the README-sync test does too).
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { podSeed } from '../emulator/index.js'
import type { PodSeed } from '../emulator/index.js'
import { startEmulatedCloud } from '../__fixtures__/emulated-cloud.js'
import type { ActionRun } from '../__fixtures__/action-runner.js'

export const OLD = 'registry.example.com/shop/web:1.0'
export const NEW = 'registry.example.com/shop/web:1.1'
export const CRASHING = 'registry.example.com/shop/web:1.2-rc1'

/** The last lines a crash-looping container writes, fixed so that the example is repeatable. */
export const CRASH_LOG = [
  '2026-11-22T10:00:05.120Z INFO  shop-web 1.2-rc1 starting on :80',
  '2026-11-22T10:00:05.131Z INFO  reading configuration from /app/config.yaml',
  '2026-11-22T10:00:05.214Z ERROR cannot connect to postgres://db.internal:5432/shop: connection refused',
  '2026-11-22T10:00:05.215Z FATAL exiting with status 1'
]

export const EXAMPLES = {
  success: new URL('../docs/examples/summary-success.md', import.meta.url),
  failure: new URL('../docs/examples/summary-failure.md', import.meta.url)
}

function fleet(): PodSeed[] {
  return [1, 2].map(n =>
    podSeed({
      podId: `pod-web0${n}`,
      name: `web-${n}`,
      containers: [{ image: OLD }],
      ...(n === 1
        ? { elasticIp: { elasticIpId: 'fip-web1', elasticIpAddress: '203.0.113.7' } }
        : {})
    })
  )
}

/** Runs the action against a fresh emulator; the seed and images decide the story. */
async function runOnce(
  inputs: Record<string, string>,
  images: Record<string, { behaviour: 'crash-loop'; logs: string[] }> = {}
): Promise<ActionRun> {
  const cloud = await startEmulatedCloud({ pods: fleet(), images })
  try {
    return await cloud.run(inputs)
  } finally {
    await cloud.close()
  }
}

/** Random request ids become req-01, req-02… in order of first appearance. */
export function stableIds(summary: string, requestIds: readonly string[]): string {
  const numbered = new Map<string, string>()
  return summary.replace(/[a-z0-9]{32}/g, id => {
    if (!requestIds.includes(id)) return id
    if (!numbered.has(id)) numbered.set(id, `req-${String(numbered.size + 1).padStart(2, '0')}`)
    return numbered.get(id) as string
  })
}

export async function renderExamples(): Promise<{ success: string; failure: string }> {
  const success = await runOnce({ pods: 'web-1\nweb-2', image: NEW, 'max-parallel': '2' })
  const failure = await runOnce(
    { pods: 'web-1\nweb-2', image: CRASHING, 'fail-fast': '20s', 'log-lines': '20' },
    { [CRASHING]: { behaviour: 'crash-loop', logs: CRASH_LOG } }
  )
  if (success.report.result !== 'succeeded' || failure.report.result !== 'rolled-back')
    throw new Error(
      `unexpected results: ${success.report.result} and ${failure.report.result} (expected succeeded and rolled-back)`
    )
  return {
    success: stableIds(success.summary, success.report.requestIds),
    failure: stableIds(failure.summary, failure.report.requestIds)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  const rendered = await renderExamples()
  let stale = false
  for (const name of ['success', 'failure'] as const) {
    const file = EXAMPLES[name]
    let current = ''
    try {
      current = readFileSync(file, 'utf8')
    } catch {
      current = ''
    }
    if (current === rendered[name]) continue
    if (check) {
      console.error(`${fileURLToPath(file)} is stale: run npm run docs:examples`)
      stale = true
    } else {
      writeFileSync(file, rendered[name])
      console.log(`wrote ${fileURLToPath(file)}`)
    }
  }
  process.exitCode = stale ? 1 : 0
}
