// The fault matrix of issue 5, part three: faults on the secret APIs, one row per fault. Each row
// runs operation rotate-secret in-process against the emulator (one VirtualClock for both) with
// the fault injected, then checks which calls landed, how many times each was sent, the secret
// versions left, and a result whose message names what happened. Part one is
// fault-matrix-ridden-out.test.ts, part two fault-matrix-outcomes.test.ts.
import { podSeed } from '../../emulator/index.js'
import type { ApiName, Fault } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { ActionRun } from '../../__fixtures__/action-runner.js'
import { expectRunResult, kind, landed, sent, status } from '../../__fixtures__/fault-matrix.js'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

// ---------------------------------------------------------------------------------------------
// The secret APIs, through operation rotate-secret: regcred has two versions; a pod outside the
// rotation uses the newer one. A rotation creates regcred-20261122100000 (the VirtualClock's
// now) and, with keep-secrets 1, deletes the older unused version.

const REGISTRY = 'registry.example.com'
const b64 = (text: string): string => Buffer.from(text).toString('base64')
const V2026 = 'regcred-20260101000000'
const V2025 = 'regcred-20250601000000'
const CREATED = 'regcred-20261122100000'
const secretVersion = (name: string) => ({
  name,
  data: { server: b64(REGISTRY), username: b64('deployer'), password: b64('old-password') }
})
const ROTATION = [`createSecret ${CREATED}`, `deleteSecret ${V2025}`]

interface SecretRow {
  faults: Fault[]
  inputs?: Record<string, string>
  result: 'succeeded' | 'failed'
  error?: RegExp
  landed: string[]
  /** The secrets at the end, sorted. */
  secrets: string[]
  sent: Array<[ApiName, number]>
  check?: (run: ActionRun) => void
}

/** The end of a rotation that got through its faults: created, pruned, nothing else. */
const ROTATED = {
  result: 'succeeded',
  landed: ROTATION,
  secrets: [V2026, CREATED]
} satisfies Partial<SecretRow>

const secretRows: Array<[string, SecretRow]> = [
  [
    'createSecret: two 503s before the server acted',
    {
      faults: [status('createSecret', 503, 2)],
      ...ROTATED,
      sent: [['createSecret', 3]]
    }
  ],
  [
    'createSecret: connection reset before the server applied it',
    {
      faults: [kind('createSecret', 'reset')],
      ...ROTATED,
      sent: [['createSecret', 2]]
    }
  ],
  [
    'createSecret: connection reset after the server applied it (never created twice)',
    {
      faults: [kind('createSecret', 'reset', { when: 'after' })],
      ...ROTATED,
      sent: [['createSecret', 1]],
      check: run => expect(run.outputs['secret-name']).toBe(CREATED)
    }
  ],
  [
    'createSecret: 429 RATE_LIMIT with Retry-After: 2 (throttling: waited out)',
    {
      faults: [status('createSecret', 429, 1, { retryAfter: '2' })],
      ...ROTATED,
      sent: [['createSecret', 2]]
    }
  ],
  [
    'createSecret: 429 QUOTA_EXCEEDED is final — not sent again; the error names the quota',
    {
      faults: [status('createSecret', 429, 1, { errorStatus: 'QUOTA_EXCEEDED' })],
      inputs: { 'keep-secrets': '5' },
      result: 'failed',
      error:
        /^The secret quota is full \(2 of 100 used\) and no version of regcred can go \(each is kept by keep-secrets or used by a pod\).*Nothing was changed\.$/,
      landed: [],
      secrets: [V2025, V2026],
      sent: [
        ['createSecret', 1],
        ['describeQuota', 1]
      ]
    }
  ],
  [
    'describeSecrets: three 503s while finding the previous version',
    {
      faults: [status('describeSecrets', 503, 3)],
      ...ROTATED,
      sent: [['describeSecrets', 5]],
      check: run => expect(run.outputs['previous-secret-name']).toBe(V2026)
    }
  ],
  [
    'describeSecrets: truncated JSON',
    {
      faults: [kind('describeSecrets', 'truncated')],
      ...ROTATED,
      sent: [['describeSecrets', 3]]
    }
  ],
  [
    'deleteSecret: two 503s before the server acted',
    {
      faults: [status('deleteSecret', 503, 2)],
      ...ROTATED,
      sent: [['deleteSecret', 3]]
    }
  ],
  [
    'deleteSecret: connection reset before the server applied it',
    {
      faults: [kind('deleteSecret', 'reset')],
      ...ROTATED,
      sent: [['deleteSecret', 2]]
    }
  ],
  [
    'deleteSecret: connection reset after the server applied it (not sent again)',
    {
      faults: [kind('deleteSecret', 'reset', { when: 'after' })],
      ...ROTATED,
      sent: [['deleteSecret', 1]],
      check: run => expect(JSON.parse(run.outputs['deleted-secrets'] as string)).toEqual([V2025])
    }
  ],
  [
    'deleteSecret down for good: the rotation stands, the old version is kept and reported',
    {
      faults: [status('deleteSecret', 503, Infinity)],
      result: 'succeeded',
      landed: [`createSecret ${CREATED}`],
      secrets: [V2025, V2026, CREATED],
      sent: [['deleteSecret', 5]],
      check: run => {
        expect(JSON.parse(run.outputs['deleted-secrets'] as string)).toEqual([])
        expect(run.log).toMatch(
          /^::warning::Could not delete regcred-20250601000000: deleteSecret: HTTP 503/m
        )
        expect(run.summary).toMatch(
          /regcred-20250601000000` \| .* \| delete-failed \| deleteSecret: HTTP 503/
        )
      }
    }
  ],
  [
    'describeQuota: two 503s while explaining a full quota',
    {
      faults: [
        status('createSecret', 429, 1, { errorStatus: 'QUOTA_EXCEEDED' }),
        status('describeQuota', 503, 2)
      ],
      inputs: { 'keep-secrets': '5' },
      result: 'failed',
      error: /^The secret quota is full \(2 of 100 used\)/,
      landed: [],
      secrets: [V2025, V2026],
      sent: [
        ['createSecret', 1],
        ['describeQuota', 3]
      ]
    }
  ]
]

async function runSecretRow(row: SecretRow): Promise<void> {
  cloud = await startEmulatedCloud({
    secrets: [secretVersion(V2026), secretVersion(V2025)],
    pods: [
      podSeed({
        podId: 'pod-batch',
        name: 'batch',
        containers: [{ secret: V2026, image: `${REGISTRY}/shop/batch:1.0` }]
      })
    ]
  })
  for (const fault of row.faults) cloud.emulator.inject(fault)
  const run = await cloud.run({
    operation: 'rotate-secret',
    'secret-name': 'regcred',
    'registry-server': REGISTRY,
    'registry-username': 'deployer',
    'registry-password': 'n3w-Pa55word!',
    'keep-secrets': '1',
    ...row.inputs
  })
  expectRunResult(run, row.result, row.error)
  expect(landed(cloud.emulator)).toEqual(row.landed)
  expect(
    cloud.emulator
      .secrets()
      .map(secret => secret.name)
      .sort()
  ).toEqual(row.secrets)
  for (const [api, times] of row.sent) expect([api, sent(cloud, api)]).toEqual([api, times])
  // The pod outside the rotation is never touched.
  expect(cloud.emulator.pod('pod-batch').containers?.[0]?.secret).toBe(V2026)
  row.check?.(run)
}

describe('faults on the secret APIs (rotate-secret)', () => {
  test.each(secretRows)('%s', (_, row) => runSecretRow(row))

  test('describeQuota down for good while explaining a full quota: the error still says the quota is full', () =>
    runSecretRow({
      faults: [
        status('createSecret', 429, 1, { errorStatus: 'QUOTA_EXCEEDED' }),
        status('describeQuota', 503, Infinity)
      ],
      inputs: { 'keep-secrets': '5' },
      result: 'failed',
      error: /^The secret quota is full\b.*no version of regcred can go/,
      landed: [],
      secrets: [V2025, V2026],
      sent: [
        ['createSecret', 1],
        ['describeQuota', 5]
      ]
    }))
})
