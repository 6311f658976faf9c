import { parseEndpoint } from '../../src/inputs/endpoint.js'
import { classifyFailure, JdcloudError } from '../../src/jdcloud/errors.js'
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay } from '../../src/jdcloud/retry.js'

describe('classifyFailure', () => {
  test.each([
    [429, 'RATE_LIMIT', 'throttled'],
    [429, 'HTTP_RATE_LIMIT_EXCEEDED', 'throttled'],
    [429, 'TOO_MANY_REQUESTS', 'throttled'],
    [429, 'QUOTA_EXCEEDED', 'final'],
    [500, 'INTERNAL', 'transient'],
    [502, 'SOURCE_UNAVAILABLE', 'transient'],
    [503, 'UNAVAILABLE', 'transient'],
    [504, 'HTTP_GATEWAY_TIMEOUT', 'transient'],
    [200, 'MALFORMED_RESPONSE', 'transient'],
    [400, 'INVALID_ARGUMENT', 'final'],
    [400, 'FAILED_PRECONDITION', 'final'],
    [401, 'ACCESS_ERROR', 'final'],
    [403, 'HTTP_FORBIDDEN', 'final'],
    [404, 'NOT_FOUND', 'final'],
    [409, 'ALREADY_EXISTS', 'final']
  ] as const)('HTTP %i %s is %s', (httpStatus, status, expected) => {
    expect(classifyFailure({ httpStatus, status })).toBe(expected)
  })

  test('transport failures: timeouts and resets are transient, a DNS miss and cancellation are final', () => {
    expect(classifyFailure({ status: 'TIMEOUT', code: 'UND_ERR_HEADERS_TIMEOUT' })).toBe(
      'transient'
    )
    expect(classifyFailure({ status: 'NETWORK_ERROR', code: 'ECONNRESET' })).toBe('transient')
    expect(classifyFailure({ status: 'NETWORK_ERROR', code: 'ENOTFOUND' })).toBe('final')
    expect(classifyFailure({ status: 'CANCELLED' })).toBe('final')
  })

  test('the error names the api, status and request id, and says what to do', () => {
    const error = new JdcloudError({
      api: 'stopPod',
      httpStatus: 403,
      status: 'HTTP_FORBIDDEN',
      message: 'no',
      requestId: 'r1'
    })
    expect(error.message).toBe('stopPod: HTTP 403 HTTP_FORBIDDEN: no (requestId r1)')
    expect(error.hint).toMatch(/may not call stopPod/)
  })
})

describe('retryDelay', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, random: () => 0.5 }

  test('full jitter over an exponential ceiling', () => {
    expect(retryDelay(1, {}, policy)).toBe(250)
    expect(retryDelay(2, {}, policy)).toBe(500)
    expect(retryDelay(10, {}, policy)).toBe(10_000) // capped at maxDelayMs 20 s, halved by the jitter
  })

  test('Retry-After wins; one beyond the policy is not honoured', () => {
    expect(retryDelay(1, { retryAfterSeconds: 7 }, policy)).toBe(7000)
    expect(retryDelay(1, { retryAfterSeconds: 3600 }, policy)).toBeUndefined()
  })

  test('parseRetryAfter takes seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 10, 22, 10, 0, 0)
    expect(parseRetryAfter('5', now)).toBe(5)
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})

describe('parseEndpoint', () => {
  test.each([
    ['pod.jdcloud-api.com', 'https://pod.jdcloud-api.com'],
    ['pod.jdcloud-api.com:8443', 'https://pod.jdcloud-api.com:8443'],
    ['http://127.0.0.1:8123', 'http://127.0.0.1:8123'],
    ['https://pod.internal.example/', 'https://pod.internal.example']
  ])('%s → %s', (value, origin) => {
    expect(parseEndpoint(value).origin).toBe(origin)
  })

  test.each(['', 'ftp://x', 'http://h/path', 'https://u:p@h', 'http://h?x=1', 'http://[bad'])(
    'refuses %j',
    value => {
      expect(() => parseEndpoint(value)).toThrow()
    }
  )
})
