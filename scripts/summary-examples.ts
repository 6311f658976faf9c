// npm run docs:examples — writes docs/examples/*.md: the job summaries of runs of the action
// against the emulator (on a virtual clock, so that they take milliseconds), for reviewers to see
// what a run leaves on its page. Request ids are random, so they are numbered in order of
// appearance, and the smoke check's port is fixed; everything else is as the action wrote it.
// `--check` only compares, and fails when the files are stale (a test does too). The emulator's
// pods and the action share a virtual clock, but real I/O between them can move a step by a
// second from run to run: the comparison leaves out times and what follows from them, and a file
// is rewritten only when more than that changed (`--force` rewrites every one).
// `npm run docs:screenshots` renders them as GitHub would (scripts/summary-screenshots.ts).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { podSeed } from '../emulator/index.js'
import type { PodSeed, Seed } from '../emulator/index.js'
import { startEmulatedCloud } from '../__fixtures__/emulated-cloud.js'
import type { ActionRun } from '../__fixtures__/action-runner.js'
import type { RunResult } from '../src/report/model.js'

export const OLD = 'registry.example.com/shop/web:1.4.2'
export const NEW = 'registry.example.com/shop/web:1.5.0'
export const CRASHING = 'registry.example.com/shop/web:crash-1.5.0'
const REGISTRY = 'registry.example.com'

/** The last lines a crash-looping container writes, fixed so that the example is repeatable. */
export const CRASH_LOG = [
  '2026-11-22T10:00:05.120Z INFO  shop-web 1.5.0 starting on :80',
  '2026-11-22T10:00:05.131Z INFO  reading configuration from /app/config.yaml',
  '2026-11-22T10:00:05.214Z FATAL DATABASE_URL is not set',
  '2026-11-22T10:00:05.215Z INFO  exiting with status 1'
]
/** The line the summary must show uncollapsed for the fleet failure. */
export const EXPLAINING_LINE = '2026-11-22T10:00:05.214Z FATAL DATABASE_URL is not set'

export const EXAMPLE_NAMES = [
  'fleet-failure',
  'fleet-success',
  'verification-failure',
  'rotate-secret',
  'input-error-after-read'
] as const
export type ExampleName = (typeof EXAMPLE_NAMES)[number]

export const exampleFile = (name: ExampleName): URL =>
  new URL(`../docs/examples/${name}.md`, import.meta.url)

/** Eight pods behind tg-shopweb, as a shop's web tier. */
function fleet(count = 8): Seed {
  const ids = Array.from({ length: count }, (_, i) => `pod-web0${i + 1}`)
  return {
    pods: ids.map((podId, i) =>
      podSeed({ podId, name: `web-${i + 1}`, containers: [{ image: OLD }] })
    ),
    loadBalancing: {
      targetGroups: [
        { targetGroupId: 'tg-shopweb', loadBalancerId: 'alb-shop', loadBalancerType: 'alb' }
      ],
      backends: [{ backendId: 'backend-shopweb', port: 80, targetGroupIds: ['tg-shopweb'] }],
      targets: ids.map(instanceId => ({
        targetGroupId: 'tg-shopweb',
        type: 'container',
        instanceId,
        port: 80,
        weight: 10
      }))
    }
  }
}

const pair = (): PodSeed[] =>
  [1, 2].map(n =>
    podSeed({ podId: `pod-web0${n}`, name: `web-${n}`, containers: [{ image: OLD }] })
  )

const b64 = (text: string): string => Buffer.from(text).toString('base64')

/** Runs the action against a fresh emulator; the seed and images decide the story. */
async function runOnce(
  seed: Seed,
  inputs: Record<string, string>,
  expected: RunResult
): Promise<ActionRun> {
  const cloud = await startEmulatedCloud(seed)
  try {
    const run = await cloud.run(inputs)
    if (run.report.result !== expected)
      throw new Error(
        `unexpected result ${run.report.result} (expected ${expected}): ${run.report.error ?? ''}`
      )
    return run
  } finally {
    await cloud.close()
  }
}

/** A smoke check that answers 503 with a body of two lines, on a loopback port of its own. */
async function failingHealthEndpoint<T>(use: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain' })
    res.end('status: DOWN\ndatabase: unreachable (connection refused)\n')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  } finally {
    await new Promise(resolve => server.close(resolve))
  }
}

/** Random request ids become req-01, req-02… in order of first appearance; the port, 8300. */
export function stableIds(summary: string, requestIds: readonly string[]): string {
  const numbered = new Map<string, string>()
  return summary
    .replace(/[a-z0-9]{32}/g, id => {
      if (!requestIds.includes(id)) return id
      if (!numbered.has(id)) numbered.set(id, `req-${String(numbered.size + 1).padStart(2, '0')}`)
      return numbered.get(id) as string
    })
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:8300')
}

/**
 * The summary without what may differ between two runs of the same story: times and durations,
 * which timeline labels fit their bars, how many request ids (a sweep more or less).
 */
export function comparable(summary: string): string {
  return summary
    .replace(
      /^ {2}\S.* :((?:(?:crit|done|active|milestone), )*)t(\d+), [\d:.]+, [\d:.]+$/gm,
      '  ? :t$2'
    )
    .replace(/\b\d+(\.\d+)? s\b/g, '? s')
    .replace(/req-\d+/g, 'req-?')
    .replace(/\b\d+ request ids\b/g, '? request ids')
    .replace(/\(the last 3 of \d+\)/g, '(the last 3 of ?)')
}

const stable = (run: ActionRun): string => stableIds(run.summary, run.report.requestIds)

export async function renderExamples(): Promise<Record<ExampleName, string>> {
  const lb = { 'target-groups': 'tg-shopweb', drain: '2s' }
  const crash = { [CRASHING]: { behaviour: 'crash-loop' as const, logs: CRASH_LOG } }
  const fleetFailure = await runOnce(
    { ...fleet(), images: crash },
    {
      ...lb,
      'name-prefix': 'web-',
      image: CRASHING,
      'max-parallel': '3',
      'fail-fast': '20s',
      'log-lines': '20'
    },
    'rolled-back'
  )
  const fleetSuccess = await runOnce(
    fleet(),
    { ...lb, 'name-prefix': 'web-', image: NEW, 'max-parallel': '2' },
    'succeeded'
  )
  const verification = await failingHealthEndpoint(base =>
    runOnce(
      { pods: pair() },
      {
        pods: 'web-1\nweb-2',
        image: NEW,
        canary: '1',
        'verify-url': `${base}/healthz`,
        'verify-for': '0'
      },
      'rolled-back'
    )
  )
  const rotation = await runOnce(
    {
      registries: { [REGISTRY]: { username: 'deployer', password: 'n3w-Pa55word!' } },
      secrets: ['regcred-20260101000000', 'regcred-20250601000000'].map(name => ({
        name,
        data: { server: b64(REGISTRY), username: b64('deployer'), password: b64('old-password') }
      })),
      pods: [1, 2].map(n =>
        podSeed({
          podId: `pod-web0${n}`,
          name: `web-${n}`,
          containers: [{ image: OLD, secret: 'regcred-20260101000000' }]
        })
      )
    },
    {
      operation: 'rotate-secret',
      pods: 'web-1,web-2',
      'secret-name': 'regcred',
      'registry-server': REGISTRY,
      'registry-username': 'deployer',
      'registry-password': 'n3w-Pa55word!',
      'keep-secrets': '1'
    },
    'succeeded'
  )
  const lateInputError = await runOnce(
    { pods: pair() },
    { pods: 'web-1\nweb-2', image: NEW, container: 'api' },
    'failed'
  )
  return {
    'fleet-failure': stable(fleetFailure),
    'fleet-success': stable(fleetSuccess),
    'verification-failure': stable(verification),
    'rotate-secret': stable(rotation),
    'input-error-after-read': stable(lateInputError)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  const force = process.argv.includes('--force')
  const rendered = await renderExamples()
  let stale = false
  for (const name of EXAMPLE_NAMES) {
    const file = exampleFile(name)
    let current = ''
    try {
      current = readFileSync(file, 'utf8')
    } catch {
      current = ''
    }
    // Rewritten only when the story changed (or with --force), so that the PNGs stay in step.
    if (!force && comparable(current) === comparable(rendered[name])) continue
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
