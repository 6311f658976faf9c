import { CancelledError, JdcloudError } from '../../src/jdcloud/errors.js'
import { systemClock } from '../../src/clock.js'
import { runContext } from '../../src/github/run-context.js'

describe('JdcloudError.hint says what to do next', () => {
  test.each<[number | undefined, string, RegExp]>([
    [401, 'ACCESS_ERROR', /check access-key and secret-key .* runner clock/],
    [403, 'HTTP_FORBIDDEN', /may not call describePod: grant it the pod permissions/],
    [404, 'NOT_FOUND', /does not exist in this region/],
    [409, 'ALREADY_EXISTS', /already taken/],
    [429, 'QUOTA_EXCEEDED', /quota is exhausted \(describeQuota shows limit and used\)/],
    [429, 'RATE_LIMIT', /kept throttling .* lower max-parallel/],
    [undefined, 'TIMEOUT', /did not answer: check the endpoint/],
    [undefined, 'NETWORK_ERROR', /did not answer: check the endpoint/],
    [503, 'UNAVAILABLE', /server-side problem; the action retried/]
  ])('HTTP %s %s', (httpStatus, status, hint) => {
    expect(new JdcloudError({ api: 'describePod', httpStatus, status, message: 'm' }).hint).toMatch(
      hint
    )
  })

  test('no answer from the load balancer API: the hint names lb-endpoint', () => {
    const error = new JdcloudError({
      api: 'describeTargets',
      status: 'NETWORK_ERROR',
      message: 'm',
      service: 'lb'
    })
    expect(error.hint).toBe(
      'The load balancer API did not answer: check the lb-endpoint input and the runner network.'
    )
  })

  test('a 400 has no generic hint: the message is the hint', () => {
    expect(
      new JdcloudError({
        api: 'stopPod',
        httpStatus: 400,
        status: 'INVALID_ARGUMENT',
        message: 'm'
      }).hint
    ).toBeUndefined()
  })

  test('CancelledError carries its reason', () => {
    expect(new CancelledError().message).toBe('the run was cancelled')
    expect(new CancelledError('received SIGINT').name).toBe('CancelledError')
  })
})

describe('systemClock', () => {
  test('sleeps in real time and ends early, rejecting, when aborted', async () => {
    const started = Date.now()
    await systemClock.sleep(20)
    expect(Date.now() - started).toBeGreaterThanOrEqual(15)
    const controller = new AbortController()
    const pending = systemClock.sleep(10_000, controller.signal)
    controller.abort(new CancelledError('stop'))
    await expect(pending).rejects.toThrow('stop')
    await expect(systemClock.sleep(10, controller.signal)).rejects.toThrow('stop')
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(5)
  })
})

describe('runContext', () => {
  test('links the run (and its attempt) from the runner’s environment', () => {
    expect(
      runContext({
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '7',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_SERVER_URL: 'https://ghe.example.com',
        GITHUB_SHA: 'abc'
      })
    ).toMatchObject({
      repository: 'acme/shop',
      sha: 'abc',
      runUrl: 'https://ghe.example.com/acme/shop/actions/runs/7/attempts/2'
    })
    expect(runContext({}).runUrl).toBeUndefined()
  })
})
