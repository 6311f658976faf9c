import { inputEnv, JOB_TOKEN } from '../../__fixtures__/runner-step.js'
import { readSettings } from '../../src/inputs/settings.js'

/** readSettings over action.yml's defaults plus `inputs`, as the runner would hand them over. */
function settingsFor(
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
  mask: (s: string) => void = () => undefined
) {
  const values = inputEnv(inputs)
  return readSettings(name => values[`INPUT_${name.toUpperCase()}`] ?? '', env, mask)
}

const base = {
  region: 'cn-north-1',
  'access-key': 'ak',
  'secret-key': 'sk',
  pods: 'pod-a1',
  image: 'nginx:1.27'
}

test('defaults come from action.yml and land typed', () => {
  expect(settingsFor(base)).toMatchObject({
    operation: 'deploy',
    endpoint: new URL('https://pod.jdcloud-api.com'),
    wait: true,
    timeoutMs: 600_000,
    failFastMs: 30_000,
    rollback: true,
    maxParallel: 1,
    logLines: 50,
    dryRun: false,
    change: { kind: 'image', image: 'nginx:1.27' },
    targets: { pods: ['pod-a1'], tags: [] }
  })
  // Typed per operation: status has fail-on-unhealthy, deploy has no such field.
  expect(settingsFor(base)).not.toHaveProperty('failOnUnhealthy')
  expect(settingsFor({ ...base, image: '', operation: 'status' })).toMatchObject({
    operation: 'status',
    failOnUnhealthy: true
  })
})

test('credentials and region fall back to the JDCLOUD_* environment, and are masked first', () => {
  const masked: string[] = []
  const settings = settingsFor(
    { ...base, region: '', 'access-key': '', 'secret-key': '' },
    { JDCLOUD_REGION: 'cn-east-2', JDCLOUD_ACCESS_KEY: 'env-ak', JDCLOUD_SECRET_KEY: 'env-sk' },
    secret => masked.push(secret)
  )
  expect(settings.region).toBe('cn-east-2')
  expect(settings.credentials).toEqual({ accessKey: 'env-ak', secretKey: 'env-sk' })
  // …and the job token github-token defaults to.
  expect(masked).toEqual(['env-ak', 'env-sk', JOB_TOKEN])
})

test('durations, lists and tags', () => {
  const settings = settingsFor({
    ...base,
    timeout: '1h30m',
    'fail-fast': '90',
    pods: 'pod-a1,\n web-2 ,',
    tags: 'team=shop\nteam=ops\ncanary'
  })
  expect(settings.timeoutMs).toBe(5_400_000)
  expect(settings.operation === 'deploy' && settings.failFastMs).toBe(90_000)
  expect(settings.targets.pods).toEqual(['pod-a1', 'web-2'])
  expect(settings.targets.tags).toEqual([
    { key: 'team', values: ['shop', 'ops'] },
    { key: 'canary' }
  ])
})

test('rotate-secret: the password and its base64 are masked; email is optional', () => {
  const masked: string[] = []
  const settings = settingsFor(
    {
      operation: 'rotate-secret',
      region: 'cn-north-1',
      'access-key': 'ak',
      'secret-key': 'sk',
      'secret-name': 'regcred',
      'registry-server': 'r.example.com',
      'registry-username': 'u',
      'registry-password': 'p@ss',
      'registry-email': 'ops@example.com'
    },
    {},
    secret => masked.push(secret)
  )
  expect(masked).toEqual(['ak', 'sk', JOB_TOKEN, 'p@ss', Buffer.from('p@ss').toString('base64')])
  expect(settings.operation === 'rotate-secret' && settings.rotation).toEqual({
    baseName: 'regcred',
    keep: 1,
    registry: { server: 'r.example.com', username: 'u', password: 'p@ss', email: 'ops@example.com' }
  })
})

test('a GitHub deployment is made for an environment, with the job token unless given another', () => {
  // The job token is always there (github-token's default); without environment it is unused.
  expect(settingsFor(base).deployment).toBeUndefined()
  expect(settingsFor({ ...base, 'github-token': 'ghs_x y' }).deployment).toBeUndefined()
  expect(settingsFor({ ...base, environment: 'production' }).deployment).toEqual({
    token: JOB_TOKEN,
    environment: 'production',
    environmentUrl: undefined
  })
  expect(
    settingsFor({
      ...base,
      'github-token': 't',
      environment: 'production',
      'environment-url': 'https://shop.example.com'
    }).deployment
  ).toEqual({
    token: 't',
    environment: 'production',
    environmentUrl: 'https://shop.example.com'
  })
})
