import {
  canonicalPath,
  canonicalQuery,
  computeSignature,
  encodePath,
  parseAuthorization,
  signRequest,
  signedHeaderNames
} from '../../src/jdcloud/signer.js'
import { captureOfficialRequests, officialPodClient } from '../../__fixtures__/official-sdk.js'

const credentials = { accessKey: 'AK0123456789', secretKey: 'SK-very-secret-0123456789' }
const sdk = officialPodClient({ ...credentials, host: 'pod.jdcloud-api.com', protocol: 'https' })

/** Each case is one official SDK call; ours must sign what it sent to the same bytes. */
const cases: Array<[string, () => Promise<unknown>]> = [
  ['describePod', () => sdk.describePod({ podId: 'pod-abc123' })],
  [
    'describePods with podId filters and paging',
    () =>
      sdk.describePods({
        pageNumber: 2,
        pageSize: 100,
        filters: [
          { name: 'podId', values: ['pod-b', 'pod-a', 'pod-c'] },
          { name: 'phase', values: ['running'] }
        ]
      })
  ],
  [
    'describePods with 11 filters (filters.10 sorts before filters.2)',
    () =>
      sdk.describePods({
        filters: Array.from({ length: 11 }, (_, i) => ({ name: 'podId', values: [`pod-${i}`] }))
      })
  ],
  [
    'describePods with tags and a non-ASCII name filter',
    () =>
      sdk.describePods({
        filters: [{ name: 'name', values: ['网站 前端'] }],
        tags: [{ key: 'env', values: ['prod', 'staging'] }]
      })
  ],
  ['stopPod (`:` action, literal {} body)', () => sdk.stopPod({ podId: 'pod-abc123' })],
  ['startPod', () => sdk.startPod({ podId: 'pod-abc123' })],
  [
    'rebuildPod with a JSON body, runs of spaces and non-ASCII values',
    () =>
      sdk.rebuildPod({
        podId: 'pod-abc123',
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            command: ['sh', '-c', 'echo   three   spaces'],
            env: [
              { name: 'GREETING', value: '你好，世界 ✓' },
              { name: 'PADDED', value: '  a   b  ' }
            ],
            readinessProbe: { httpGet: { port: 80, path: '/healthz' }, periodSeconds: 5 }
          }
        ]
      })
  ],
  [
    'getContainerLogs (`:` action with a query)',
    () => sdk.getContainerLogs({ podId: 'pod-abc123', containerName: 'web', tailLines: 50 })
  ],
  [
    'createSecret',
    () =>
      sdk.createSecret({
        name: 'registry-20261122000000',
        secretType: 'docker-registry',
        data: { server: 'cmVn', username: 'dXNlcg==', password: 'cGFzcw==' }
      })
  ],
  [
    'describeSecrets with a value holding runs of spaces',
    () => sdk.describeSecrets({ filters: [{ name: 'name', values: ['my   secret'] }] })
  ],
  ['describeSecret', () => sdk.describeSecret({ name: 'registry-20261122000000' })],
  ['deleteSecret (DELETE)', () => sdk.deleteSecret({ name: 'registry-20261122000000' })],
  ['describeQuota', () => sdk.describeQuota({ resourceType: 'secret' })],
  [
    'a custom header with runs of spaces',
    () =>
      sdk.describePod({
        podId: 'pod-abc123',
        'x-extra-header': { 'x-jdcloud-trace': '  one   two  three ' }
      })
  ]
]

describe('signRequest matches jdcloud-sdk-js byte for byte', () => {
  test.each(cases)('%s', async (_name, call) => {
    const [sent] = await captureOfficialRequests(call)
    if (!sent) throw new Error('the SDK sent nothing')
    const {
      authorization,
      'x-jdcloud-date': date,
      'x-jdcloud-nonce': nonce,
      ...rest
    } = sent.headers
    const dateValue = date ?? ''
    const signingDate = new Date(
      `${dateValue.slice(0, 4)}-${dateValue.slice(4, 6)}-${dateValue.slice(6, 8)}T` +
        `${dateValue.slice(9, 11)}:${dateValue.slice(11, 13)}:${dateValue.slice(13, 15)}Z`
    )
    const ours = signRequest(
      {
        method: sent.method,
        path: sent.url.pathname,
        query: sent.url.search.slice(1),
        headers: rest,
        body: sent.body
      },
      credentials,
      { region: 'cn-north-1', service: 'pod', date: signingDate, nonce: nonce ?? '' }
    )
    expect(ours.authorization).toBe(authorization)
  })

  test('the cases cover at least 8 distinct requests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8)
  })
})

describe('canonical forms', () => {
  test('paths: segments encoded with the unreserved set only, literal and encoded `:` alike', () => {
    expect(encodePath('/v1/regions/cn-north-1/pods/pod-x:rebuild')).toBe(
      '/v1/regions/cn-north-1/pods/pod-x%3Arebuild'
    )
    expect(canonicalPath('/v1/pods/pod-x:rebuild')).toBe('/v1/pods/pod-x%3Arebuild')
    expect(canonicalPath('/v1/pods/pod-x%3arebuild')).toBe('/v1/pods/pod-x%3Arebuild')
    expect(canonicalPath("/a/b!*'()~")).toBe('/a/b%21%2A%27%28%29~')
    expect(canonicalPath('')).toBe('/')
  })

  test('query: decoded, re-encoded, sorted by name then value; empty value kept', () => {
    expect(canonicalQuery('')).toBe('')
    expect(canonicalQuery('b=2&a=1&flag')).toBe('a=1&b=2&flag=')
    expect(canonicalQuery('filters.2.name=x&filters.10.name=y')).toBe(
      'filters.10.name=y&filters.2.name=x'
    )
    expect(canonicalQuery('k=b&k=a')).toBe('k=a&k=b')
    expect(canonicalQuery('v=a+b%20c')).toBe('v=a%20b%20c')
    expect(canonicalQuery('bad=%E0%A4%A')).toBe('bad=%25E0%25A4%25A')
  })

  test('signed headers skip authorization and user-agent but never x-jdcloud-*', () => {
    expect(
      signedHeaderNames({
        Host: 'h',
        'User-Agent': 'u',
        authorization: 'a',
        'X-Jdcloud-Date': 'd',
        'content-type': 'c'
      })
    ).toEqual(['content-type', 'host', 'x-jdcloud-date'])
  })

  test('no security token header is sent: no input can set one', () => {
    const headers = signRequest(
      { method: 'GET', path: '/v1/x', query: '', headers: { host: 'h' }, body: '' },
      credentials,
      { region: 'cn-north-1', service: 'pod', date: new Date(0), nonce: 'n' }
    )
    expect(Object.keys(headers)).not.toContain('x-jdcloud-security-token')
    expect(headers.authorization).toContain('SignedHeaders=host;x-jdcloud-date;x-jdcloud-nonce,')
  })

  test('parseAuthorization reads what signRequest writes, and rejects anything else', () => {
    const request = { method: 'GET', path: '/v1/x', query: 'a=1', headers: { host: 'h' }, body: '' }
    const headers = signRequest(request, credentials, {
      region: 'cn-east-2',
      service: 'pod',
      date: new Date('2026-11-22T10:00:00Z'),
      nonce: 'n'
    })
    const parsed = parseAuthorization(headers.authorization)
    expect(parsed).toMatchObject({
      accessKey: credentials.accessKey,
      dateStamp: '20261122',
      region: 'cn-east-2',
      service: 'pod',
      signedHeaders: ['host', 'x-jdcloud-date', 'x-jdcloud-nonce']
    })
    expect(
      computeSignature(
        { ...request, headers },
        parsed?.signedHeaders ?? [],
        credentials.secretKey,
        '20261122T100000Z',
        'cn-east-2',
        'pod'
      )
    ).toBe(parsed?.signature)
    expect(parseAuthorization('Bearer x')).toBeUndefined()
    expect(parseAuthorization(undefined)).toBeUndefined()
  })
})
