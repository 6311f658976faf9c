// What the secret scans share: credentials that must never be seen, the region they deploy to,
// the scenarios (every operation, failures injected) and the check itself. The key pair, the
// registry password, their base64 forms and any Authorization header must appear nowhere —
// stdout, stderr, outputs, summary or the step's files. (`::add-mask::` lines are how a value is
// masked: the runner consumes them and never shows them.)
import { podSeed } from '../emulator/index.js'
import type { Fault, PodEmulator, Seed } from '../emulator/index.js'

export const ACCESS_KEY = 'AKID-emu-4q9zWx'
export const SECRET_KEY = 'SK-super-secret-7Yt2p9Lm'
export const PASSWORD = 'Rg-pa55/Zq81!x+y'
export const REGISTRY = 'registry.example.com'
const b64 = (text: string): string => Buffer.from(text).toString('base64')

const NEEDLES = [
  SECRET_KEY,
  b64(SECRET_KEY),
  PASSWORD,
  b64(PASSWORD),
  ACCESS_KEY,
  'JDCLOUD2-HMAC-SHA256',
  'Signature='
]

/** Two pods on one registry secret, and an image that never pulls. */
export const SEED: Seed = {
  pods: [
    podSeed({ podId: 'pod-s1', name: 'web-1', containers: [{ secret: 'regcred-20260101000000' }] }),
    podSeed({ podId: 'pod-s2', name: 'web-2', containers: [{ secret: 'regcred-20260101000000' }] })
  ],
  secrets: [
    {
      name: 'regcred-20260101000000',
      data: { server: b64(REGISTRY), username: b64('deployer'), password: b64(PASSWORD) }
    }
  ],
  images: { [`${REGISTRY}/shop/web:broken`]: 'never-pulls' }
}

/** Step debug logging on: the most a run ever prints. */
export const DEBUG_ENV = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }

const rotate = {
  operation: 'rotate-secret',
  'secret-name': 'regcred',
  'registry-server': REGISTRY,
  'registry-username': 'deployer',
  'registry-password': PASSWORD
}

export type Scenario = [name: string, inputs: Record<string, string>, faults: Fault[]]

/** In this order against one emulator: each starts where the one before left the pods. */
export const SCENARIOS: Scenario[] = [
  ['deploy', { pods: 'web-1', image: `${REGISTRY}/shop/web:1.1` }, []],
  [
    'deploy that fails and rolls back',
    { pods: 'web-1', image: `${REGISTRY}/shop/web:broken`, 'fail-fast': '1s' },
    []
  ],
  [
    'deploy through 503s and a reset',
    { pods: 'web-2', image: `${REGISTRY}/shop/web:1.2` },
    [
      { api: 'describePods', kind: 'status', status: 503 },
      { api: 'stopPod', kind: 'reset', when: 'after' }
    ]
  ],
  [
    'deploy refused with 401',
    { pods: 'web-1', image: `${REGISTRY}/shop/web:1.3` },
    [{ api: 'describePods', kind: 'status', status: 401 }]
  ],
  ['rotate-secret', { ...rotate, pods: 'web-1,web-2' }, []],
  [
    'rotate-secret whose credentials are refused',
    { ...rotate, pods: 'web-1', 'registry-password': `${PASSWORD}-wrong`, 'fail-fast': '1s' },
    []
  ],
  ['rotate-secret dry run', { ...rotate, pods: 'web-2', 'dry-run': 'true' }, []],
  ['status', { operation: 'status', pods: 'web-1,web-2' }, []],
  ['stop', { operation: 'stop', pods: 'web-2' }, []],
  [
    'start',
    { operation: 'start', pods: 'web-2' },
    [{ api: 'startPod', kind: 'malformed', when: 'after' }]
  ],
  ['restart', { operation: 'restart', pods: 'web-1' }, []],
  ['bad input', { pods: 'web-1', image: 'nginx', timeout: 'soon' }, []]
]

/** The registry the scenarios push to accepts only the deployer's password. */
export function requireRegistryCredentials(emulator: PodEmulator): void {
  emulator.requireRegistryCredentials(REGISTRY, { username: 'deployer', password: PASSWORD })
}

/** What a step left behind: its log, stderr, files, outputs and summary. */
export interface StepTrace {
  stdout: string
  stderr: string
  files: string
  outputs: Record<string, string>
  summary: string
}

/** No credential anywhere in what the step left, with debug logging on and every secret masked. */
export function expectNoCredentialLeaked(run: StepTrace, inputs: Record<string, string>): void {
  const visible = run.stdout
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  expect(run.stdout).toMatch(/::debug::|::error::Invalid input/) // debug logging was on
  expect(run.stdout).toContain(`::add-mask::${SECRET_KEY}`)
  for (const haystack of [visible, run.stderr, run.files, JSON.stringify(run.outputs), run.summary])
    for (const needle of NEEDLES) expect(haystack).not.toContain(needle)
  if ('registry-password' in inputs) {
    expect(run.stdout).toContain(`::add-mask::${inputs['registry-password']}`)
    expect(run.stdout).toContain(`::add-mask::${b64(inputs['registry-password'] as string)}`)
  }
}
