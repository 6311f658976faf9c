import { Problems } from '../../src/problems.js'
import { readCanary, readVerifySettings } from '../../src/inputs/verify-input.js'
import { displayUrlFor, maskTemplate } from '../../src/verify/url.js'

/** readVerifySettings over `inputs` (missing ones read as ''), with the problems and masks seen. */
function parse(inputs: Record<string, string>) {
  const problems = new Problems()
  const masked: string[] = []
  const settings = readVerifySettings(
    name => inputs[name] ?? '',
    problems,
    secret => masked.push(secret)
  )
  return { settings, problems: [...problems.messages], masked }
}

function problemsOf(inputs: Record<string, string>): string[] {
  return parse({ 'verify-url': 'http://{podIp}:8080/healthz', ...inputs }).problems
}

test('no verify-url: no gate, and no problem', () => {
  expect(parse({})).toEqual({ settings: undefined, problems: [], masked: [] })
})

test('defaults: 200-299, 30s polled every 5s, no body rule, no headers', () => {
  expect(parse({ 'verify-url': 'https://shop.example.com/healthz' })).toEqual({
    settings: {
      url: 'https://shop.example.com/healthz',
      perPod: false,
      statuses: [[200, 299]],
      forMs: 30_000,
      intervalMs: 5000,
      headers: [],
      secrets: []
    },
    problems: [],
    masked: []
  })
})

test('a placeholder makes the check per pod; every value lands typed', () => {
  const { settings, problems } = parse({
    'verify-url': ' http://{podIp}:8080/pods/{podName}?id={podId} ',
    'verify-status': '200, 204\n300-302',
    'verify-body': '"status":"UP"',
    'verify-for': '2m',
    'verify-interval': '10s'
  })
  expect(problems).toEqual([])
  expect(settings).toMatchObject({
    url: 'http://{podIp}:8080/pods/{podName}?id={podId}',
    perPod: true,
    statuses: [
      [200, 200],
      [204, 204],
      [300, 302]
    ],
    body: { text: '"status":"UP"' },
    forMs: 120_000,
    intervalMs: 10_000
  })
})

test('verify-for 0 means one passing answer', () => {
  expect(parse({ 'verify-url': 'http://a/', 'verify-for': '0' }).settings?.forMs).toBe(0)
})

test('verify-body as /regex/flags', () => {
  const body = parse({ 'verify-url': 'http://a/', 'verify-body': '/v1\\.2/i' }).settings?.body
  expect(body).toEqual({ regex: expect.anything(), source: '/v1\\.2/i' })
  const regex = (body as { regex: { test(text: string): boolean } }).regex
  expect([regex.test('app V1.2 up'), regex.test('v1x2')]).toEqual([true, false])
  // Text that only starts with a slash stays text.
  expect(parse({ 'verify-url': 'http://a/', 'verify-body': '/healthz' }).settings?.body).toEqual({
    text: '/healthz'
  })
})

test('header values are masked at once and kept as secrets; names are not', () => {
  const { settings, masked } = parse({
    'verify-url': 'http://a/',
    'verify-header': 'Authorization: Bearer tok-3f9a\n\n  X-Env :  prod, eu \nX-Empty:'
  })
  expect(settings?.headers).toEqual([
    ['Authorization', 'Bearer tok-3f9a'],
    ['X-Env', 'prod, eu'],
    ['X-Empty', '']
  ])
  expect(masked).toEqual(['Bearer tok-3f9a', 'prod, eu'])
  expect(settings?.secrets).toEqual(['Bearer tok-3f9a', 'prod, eu'])
})

test("a URL's password and token-like query values are masked and never shown", () => {
  const url = 'https://deploy:pa%24%24w0rd@shop.example.com/health?access_token=abc123xyz&x=1'
  const { settings, masked } = parse({ 'verify-url': url })
  const basic = Buffer.from('deploy:pa$$w0rd').toString('base64')
  expect(masked).toEqual(['pa$$w0rd', 'pa%24%24w0rd', basic, 'abc123xyz'])
  expect(settings?.secrets).toEqual(expect.arrayContaining(['pa$$w0rd', 'abc123xyz']))
  expect(maskTemplate(url)).toBe('https://deploy:***@shop.example.com/health?access_token=***&x=1')
})

test('placeholders survive masking and expand in the shown URL', () => {
  const url = 'http://{podIp}:8080/{podName}?sig=s3cr3t-s1gnature&pod={podId}#frag'
  expect(maskTemplate(url)).toBe('http://{podIp}:8080/{podName}?sig=***&pod={podId}')
  expect(displayUrlFor(url, { podId: 'pod-a1', podName: 'web 1', podIp: '10.0.0.7' })).toBe(
    'http://10.0.0.7:8080/web%201?sig=***&pod=pod-a1'
  )
})

test('a long token-looking query value is masked whatever its name', () => {
  expect(maskTemplate('http://a/h?q=Zx81kP03mQ7vT2nB5cLw&page=2')).toBe('http://a/h?q=***&page=2')
})

describe('each mistake is a problem naming its input', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [
      { 'verify-url': 'not a url' },
      'verify-url: "not a url" is not a URL, e.g. http://{podIp}:8080/healthz'
    ],
    [{ 'verify-url': 'ftp://files.example.com/x' }, 'verify-url: "ftp:" is not http: or https:'],
    [
      { 'verify-url': 'http://{podIP}:8080/healthz' },
      'verify-url: unknown placeholder "{podIP}": the placeholders are {podIp}, {podName}, {podId}'
    ],
    [{ 'verify-url': 'http://a/\thealth' }, 'verify-url: has a control character'],
    [
      { 'verify-url': `http://a/${'x'.repeat(2000)}` },
      'verify-url: is longer than 2000 characters'
    ],
    [{ 'verify-status': '99' }, 'verify-status: "99" is not an HTTP status code (100-599)'],
    [{ 'verify-status': '600' }, 'verify-status: "600" is not an HTTP status code (100-599)'],
    [
      { 'verify-status': '300-200' },
      'verify-status: "300-200" is not a range low-high of HTTP status codes (100-599)'
    ],
    [
      { 'verify-status': '200-600' },
      'verify-status: "200-600" is not a range low-high of HTTP status codes (100-599)'
    ],
    [
      { 'verify-status': 'abc' },
      'verify-status: "abc" is not an HTTP status code or a range such as 200-299'
    ],
    [{ 'verify-status': ',' }, 'verify-status: has no status code: use e.g. 200-299'],
    [
      { 'verify-body': '/(/' },
      'verify-body: "/(/" is not a valid regular expression: Unterminated group'
    ],
    [{ 'verify-body': '/ok/g' }, 'verify-body: "/ok/g": flag "g" is not allowed: use i, m, s or u'],
    [{ 'verify-body': 'x'.repeat(1001) }, 'verify-body: is longer than 1000 characters'],
    [
      { 'verify-for': 'soon' },
      'verify-for: "soon" is not a duration: use 90s, 10m, 1h or a number of seconds'
    ],
    [{ 'verify-for': '2h' }, 'verify-for: must be from 0s to 1h'],
    [{ 'verify-interval': '0' }, 'verify-interval: must be from 1s to 10m'],
    [
      { 'verify-interval': '5 s' },
      'verify-interval: "5 s" is not a duration: use 90s, 10m, 1h or a number of seconds'
    ],
    [
      { 'verify-header': 'X-Ok: 1\nBearer abc' },
      'verify-header: line 2 has no colon: write one Name: value a line'
    ],
    [
      { 'verify-header': 'X Token: abc' },
      `verify-header: line 1: "X Token" is not a header name (letters, digits and !#$%&'*+-.^_\`|~)`
    ],
    [
      { 'verify-header': 'X-Token: abc\rInjected: yes' },
      'verify-header: line 1 (X-Token): the value has a CR or LF character'
    ],
    [
      { 'verify-header': 'X-Token: a\u0000b' },
      'verify-header: line 1 (X-Token): the value has a control character'
    ],
    [
      { 'verify-header': 'Connection: upgrade' },
      'verify-header: line 1: "Connection" is set by the HTTP client itself'
    ]
  ]
  test.each(cases.map(([inputs, message]) => [message, inputs] as const))(
    '%s',
    (message, inputs) => {
      expect(problemsOf(inputs)).toEqual([message])
    }
  )
})

test('every problem at once, and the verify-* inputs are checked even without verify-url', () => {
  const { settings, problems } = parse({
    'verify-status': '300-200',
    'verify-for': 'soon',
    'verify-body': '/(/'
  })
  expect(settings).toBeUndefined()
  expect(problems.map(problem => problem.split(':')[0])).toEqual([
    'verify-body',
    'verify-status',
    'verify-body',
    'verify-for'
  ])
  expect(problems[0]).toBe('verify-body: is used only with verify-url')
})

test('no problem message echoes a header value, not even from a bad line', () => {
  const secret = 'sk-live-9d8f7e6c'
  const { problems, masked } = parse({
    'verify-url': 'http://a/',
    'verify-header': `${secret}\nBad Name: ${secret}\nX-A: ${secret}\r\nX-B: ${secret}\u0007`
  })
  expect(problems).toHaveLength(4)
  expect(problems.join('\n')).not.toContain(secret)
  expect(masked.every(value => value.includes(secret))).toBe(true)
  expect(masked).toHaveLength(4)
})

test('a URL that is not one is echoed without its password or query', () => {
  const [problem] = problemsOf({ 'verify-url': 'http://user:hunter2@ bad host/x?token=t0k3n' })
  expect(problem).toBe(
    'verify-url: "http://user:***@ bad host/x?…" is not a URL, e.g. http://{podIp}:8080/healthz'
  )
})

test('a URL with an unknown placeholder still has its password masked', () => {
  const { masked } = parse({ 'verify-url': 'http://u:hunter2@{podIP}/' })
  expect(masked).toContain('hunter2')
})

test('lists are bounded: 50 status entries, 50 headers', () => {
  const statuses = Array.from({ length: 51 }, (_, i) => `${200 + i}`).join(',')
  const headers = Array.from({ length: 52 }, (_, i) => `X-H${i}: v${i}`).join('\n')
  expect(problemsOf({ 'verify-status': statuses, 'verify-header': headers })).toEqual([
    'verify-header: has more than 50 headers',
    'verify-status: has more than 50 entries'
  ])
})

test('a password that is not valid percent-encoding is masked as written', () => {
  const { masked } = parse({ 'verify-url': 'http://u:%ZZpw@a/' })
  expect(masked).toContain('%ZZpw')
})

describe('canary', () => {
  const canary = (raw: string) => {
    const problems = new Problems()
    return { value: readCanary(() => raw, problems), problems: [...problems.messages] }
  }
  test('empty: undefined (the fleet uses max-parallel); a whole number ≥ 1 otherwise', () => {
    expect(canary('')).toEqual({ value: undefined, problems: [] })
    expect(canary(' 2 ')).toEqual({ value: 2, problems: [] })
  })
  test.each(['0', '-1', '1.5', 'two', '1001'])('%j is a problem naming canary', raw => {
    // The value is a placeholder once a problem is recorded: the read ends there.
    expect(canary(raw).problems).toEqual([
      `canary: ${JSON.stringify(raw)} must be a whole number from 1 to 1000`
    ])
  })
})
