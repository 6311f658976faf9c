// GitHub Deployments: the action run in-process against the pod emulator, with GITHUB_API_URL
// pointing at a local stand-in of the two GitHub endpoints it calls. No network.
import { EventEmitter } from 'node:events'
import { PodEmulator, podSeed } from '../../emulator/index.js'
import { closedPortUrl, startGithubStandIn } from '../../__fixtures__/github-api.js'
import type { GithubStandIn } from '../../__fixtures__/github-api.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { emulatorConnection, JOB_TOKEN, runBundled } from '../../__fixtures__/runner-step.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEW = 'registry.example.com/shop/web:1.1'
const BROKEN = 'registry.example.com/shop/web:broken'
const TOKEN = 'ghs_standInToken0123456789'
const SHA = '0123456789abcdef0123456789abcdef01234567'
const RUN_URL = 'https://github.com/acme/shop/actions/runs/4242'
const DEPLOYMENT = { 'github-token': TOKEN, environment: 'production' }

let cloud: EmulatedCloud
let github: GithubStandIn
afterEach(async () => {
  await cloud?.close()
  await github?.close()
})

async function setUp(
  pods = [podSeed({ podId: 'pod-web01', name: 'web-1' })],
  images: Record<string, 'crash-loop' | 'never-pulls'> = {}
): Promise<void> {
  cloud = await startEmulatedCloud({ pods, images })
  github = await startGithubStandIn()
}

function run(inputs: Record<string, string>, apiUrl = github.url) {
  return cloud.run(inputs, { extraEnv: { GITHUB_API_URL: apiUrl } })
}

const states = (): unknown[] => github.statuses().map(status => status.body.state)
const warnings = (log: string): string[] =>
  log.split('\n').filter(line => line.startsWith('::warning::'))

test('a successful deploy: a deployment for the commit, in_progress, then success with the run and pod URLs', async () => {
  await setUp([
    podSeed({
      podId: 'pod-web01',
      name: 'web-1',
      elasticIp: { elasticIpId: 'fip-1', elasticIpAddress: '203.0.113.7' }
    })
  ])
  const { report, exitCode, log } = await run({ pods: 'web-1', image: NEW, ...DEPLOYMENT })
  expect(report.result).toBe('succeeded')
  expect(exitCode).toBeUndefined()
  expect(warnings(log)).toEqual([])

  const [created, ...more] = github.deployments()
  expect(more).toEqual([])
  expect(created?.path).toBe('/repos/acme/shop/deployments')
  expect(created?.authorization).toBe(`token ${TOKEN}`)
  expect(created?.body).toMatchObject({
    ref: SHA,
    environment: 'production',
    auto_merge: false,
    required_contexts: []
  })
  expect(created?.body.description).toMatch(/^deploy by release$/)

  expect(states()).toEqual(['in_progress', 'success'])
  const [progress, success] = github.statuses()
  expect(progress?.path).toBe('/repos/acme/shop/deployments/1000/statuses')
  expect(progress?.body).toMatchObject({ state: 'in_progress', log_url: RUN_URL })
  expect(progress?.body.environment_url).toBeUndefined()
  expect(success?.path).toBe('/repos/acme/shop/deployments/1000/statuses')
  expect(success?.body).toEqual({
    state: 'success',
    description: '1 pod(s) deployed and ready',
    log_url: RUN_URL,
    environment_url: 'http://203.0.113.7'
  })
  expect(github.requests.every(request => request.authorization === `token ${TOKEN}`)).toBe(true)
})

test('without an elastic IP the environment URL is the first pod’s private IP', async () => {
  await setUp([podSeed({ podId: 'pod-web01', name: 'web-1' })])
  const { report } = await run({ pods: 'pod-web01', image: NEW, ...DEPLOYMENT })
  expect(report.result).toBe('succeeded')
  const privateIp = cloud.emulator.pod('pod-web01').privateIpAddress
  expect(privateIp).toMatch(/^10\./)
  expect(github.statuses().at(-1)?.body.environment_url).toBe(`http://${privateIp}`)
})

test('the environment-url input wins over the pod’s address', async () => {
  await setUp()
  const { report } = await run({
    pods: 'pod-web01',
    image: NEW,
    ...DEPLOYMENT,
    'environment-url': 'https://shop.example.com/'
  })
  expect(report.result).toBe('succeeded')
  expect(github.statuses().at(-1)?.body).toMatchObject({
    state: 'success',
    environment_url: 'https://shop.example.com/'
  })
})

test('a rolled-back deploy posts failure, with the reason', async () => {
  await setUp(undefined, { [BROKEN]: 'crash-loop' })
  const { report, exitCode } = await run({
    pods: 'pod-web01',
    image: BROKEN,
    'fail-fast': '20s',
    ...DEPLOYMENT
  })
  expect(report.result).toBe('rolled-back')
  expect(exitCode).toBe(1)
  expect(states()).toEqual(['in_progress', 'failure'])
  const failure = github.statuses()[1]
  expect(failure?.body.log_url).toBe(RUN_URL)
  expect(failure?.body.description).toMatch(/pod-web01/)
  expect((failure?.body.description as string).length).toBeLessThanOrEqual(140)
})

test('a deploy that fails without rollback posts failure', async () => {
  await setUp(undefined, { [BROKEN]: 'never-pulls' })
  const { report } = await run({
    pods: 'pod-web01',
    image: BROKEN,
    rollback: 'false',
    'fail-fast': '10s',
    ...DEPLOYMENT
  })
  expect(report.result).toBe('failed')
  expect(states()).toEqual(['in_progress', 'failure'])
})

test.each([
  ['stop', '2 pod(s) stopped'],
  ['restart', '2 pod(s) restarted and ready']
])('a scheduled %s says what it did in the success description', async (operation, said) => {
  await setUp([podSeed({ podId: 'pod-web01' }), podSeed({ podId: 'pod-web02' })])
  const { report } = await run({ operation, pods: 'pod-web01,pod-web02', ...DEPLOYMENT })
  expect(report.result).toBe('succeeded')
  expect(states()).toEqual(['in_progress', 'success'])
  expect(github.statuses()[1]?.body.description).toBe(said)
})

test('a cancelled deploy posts error', async () => {
  await setUp()
  const signals = new EventEmitter()
  cloud.emulator.onCall('stopPod', () => setImmediate(() => signals.emit('SIGINT', 'SIGINT')))
  const { report } = await cloud.run(
    { pods: 'pod-web01', image: NEW, ...DEPLOYMENT },
    { signals, extraEnv: { GITHUB_API_URL: github.url } }
  )
  expect(report.result).toBe('cancelled')
  expect(states()).toEqual(['in_progress', 'error'])
})

test('bad input: settings fail first, so there is no deployment and no API call at all', async () => {
  await setUp()
  const { report, exitCode } = await run({
    pods: 'pod-web01',
    image: NEW,
    'max-parallel': '0',
    ...DEPLOYMENT
  })
  expect(report.result).toBe('failed')
  expect(exitCode).toBe(1)
  expect(github.requests).toEqual([])
  expect(cloud.emulator.calls).toEqual([])
})

test('a run that fails before touching any pod posts error, not failure', async () => {
  await setUp()
  const { report } = await run({ pods: 'web-does-not-exist', image: NEW, ...DEPLOYMENT })
  expect(report.result).toBe('failed')
  expect(cloud.emulator.mutatingCalls()).toEqual([])
  expect(states()).toEqual(['in_progress', 'error'])
  expect(github.statuses()[1]?.body.description).toMatch(/web-does-not-exist/)
})

test('GitHub refusing the token (403) is one warning; the deploy itself succeeds', async () => {
  await setUp()
  github.refuseWith(403, 'Resource not accessible by integration')
  const { report, exitCode, log, outputs } = await run({
    pods: 'pod-web01',
    image: NEW,
    ...DEPLOYMENT
  })
  expect(report.result).toBe('succeeded')
  expect(outputs.result).toBe('succeeded')
  expect(exitCode).toBeUndefined()
  expect(cloud.emulator.pod('pod-web01').containers?.[0]?.image).toBe(NEW)
  const [warning, ...more] = warnings(log)
  expect(more).toEqual([])
  expect(warning).toMatch(/GitHub deployment statuses are off for this run \(GitHub answered 403/)
  expect(warning).toMatch(/deployments: write/)
  // Tried once, then left alone: no status for a deployment that does not exist.
  expect(github.requests).toHaveLength(1)
})

test('GitHub unreachable is one warning; the deploy itself succeeds', async () => {
  await setUp()
  const { report, exitCode, log } = await run(
    { pods: 'pod-web01', image: NEW, ...DEPLOYMENT },
    await closedPortUrl()
  )
  expect(report.result).toBe('succeeded')
  expect(exitCode).toBeUndefined()
  expect(cloud.emulator.pod('pod-web01').containers?.[0]?.image).toBe(NEW)
  const [warning, ...more] = warnings(log)
  expect(more).toEqual([])
  // Octokit calls a request that got no answer a 500: the warning must not blame GitHub or the token.
  expect(warning).toMatch(
    /GitHub deployment statuses are off for this run \(GitHub could not be reached: /
  )
  expect(warning).not.toMatch(/answered|deployments: write/)
})

test('without GITHUB_REPOSITORY or GITHUB_SHA there is nothing to deploy against: one warning, no request', async () => {
  await setUp()
  const { report, log } = await cloud.run(
    { pods: 'pod-web01', image: NEW, ...DEPLOYMENT },
    { extraEnv: { GITHUB_API_URL: github.url, GITHUB_SHA: '' } }
  )
  expect(report.result).toBe('succeeded')
  expect(warnings(log)).toEqual([
    expect.stringMatching(
      /statuses are off for this run \(GITHUB_REPOSITORY or GITHUB_SHA is not set\)/
    )
  ])
  expect(github.requests).toEqual([])
})

test('an answer without a deployment (202 auto-merge) is one warning; no status is posted', async () => {
  await setUp()
  github.refuseWith(202, 'Auto-merged main into the deployed ref')
  const { report, log } = await run({ pods: 'pod-web01', image: NEW, ...DEPLOYMENT })
  expect(report.result).toBe('succeeded')
  expect(warnings(log)).toEqual([
    expect.stringMatching(/\(GitHub answered 202 without a deployment\)/)
  ])
  expect(github.statuses()).toEqual([])
})

test('a refused in_progress status turns statuses off: one warning, no final status attempted', async () => {
  await setUp()
  github.refuseWith(500, 'Server Error', 1)
  const { report, log } = await run({ pods: 'pod-web01', image: NEW, ...DEPLOYMENT })
  expect(report.result).toBe('succeeded')
  expect(warnings(log)).toEqual([expect.stringMatching(/\(GitHub answered 500: /)])
  expect(github.requests.map(request => request.body.state)).toEqual([undefined, 'in_progress'])
})

test('dry-run and status create no deployment', async () => {
  await setUp()
  const planned = await run({ pods: 'pod-web01', image: NEW, 'dry-run': 'true', ...DEPLOYMENT })
  expect(planned.report.result).toBe('planned')
  const status = await run({ operation: 'status', pods: 'pod-web01', ...DEPLOYMENT })
  expect(status.report.result).toBe('succeeded')
  expect(github.requests).toEqual([])
  expect(cloud.emulator.mutatingCalls()).toEqual([])
})

test('environment alone is enough: the job token, github-token’s default, makes the deployment', async () => {
  await setUp()
  const { report } = await run({ pods: 'pod-web01', image: NEW, environment: 'production' })
  expect(report.result).toBe('succeeded')
  expect(github.deployments()).toHaveLength(1)
  expect(states()).toEqual(['in_progress', 'success'])
  expect(github.requests.every(request => request.authorization === `token ${JOB_TOKEN}`)).toBe(
    true
  )
})

test('without environment the job token is there, masked, and unused: no GitHub request', async () => {
  await setUp()
  const { report, log } = await run({ pods: 'pod-web01', image: NEW })
  expect(report.result).toBe('succeeded')
  expect(log).toContain(`::add-mask::${JOB_TOKEN}`)
  expect(cloud.emulator.mutatingCalls().length).toBeGreaterThan(0)
  expect(github.requests).toEqual([])
})

test('the token is masked before anything can echo it', async () => {
  await setUp()
  const { log } = await run({ pods: 'pod-web01', image: NEW, ...DEPLOYMENT })
  const mask = `::add-mask::${TOKEN}\n`
  expect(log.startsWith(mask) || log.includes(`\n${mask}`)).toBe(true)
  expect(log.split(TOKEN)).toHaveLength(2)
})

test('the committed bundle loads its Octokit chunk (dist/) and posts the statuses', async () => {
  await setUp()
  // A child process signs with the real clock: this emulator keeps real time too.
  const emulator = await PodEmulator.start({
    seed: { pods: [podSeed({ podId: 'pod-web01', name: 'web-1' })] },
    timings: { stopMs: 50, startMs: 50, rebuildMs: 50, pullMs: 50, readyMs: 50 }
  })
  try {
    const run = await runBundled(
      {
        ...emulatorConnection(emulator),
        pods: 'pod-web01',
        image: NEW,
        ...DEPLOYMENT
      },
      {
        env: {
          GITHUB_API_URL: github.url,
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_SHA: SHA,
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_RUN_ID: '4242'
        }
      }
    )
    expect(run.outputs.result).toBe('succeeded')
    expect(github.deployments()).toHaveLength(1)
    expect(states()).toEqual(['in_progress', 'success'])
  } finally {
    await emulator.close()
  }
}, 60_000)
