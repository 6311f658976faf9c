import { displayUrlFor, expandUrl, looksSecret, maskTemplate } from '../../src/verify/url.js'

describe('expandUrl', () => {
  const pod = { podId: 'pod-a1', podName: 'web 1', podIp: '10.0.0.1' }

  test('fills each placeholder; names and IDs percent-encoded', () => {
    const expanded = expandUrl('http://{podIp}:8080/p/{podName}?id={podId}', pod)
    expect('url' in expanded && expanded.url.href).toBe('http://10.0.0.1:8080/p/web%201?id=pod-a1')
  })

  test('a pod without a usable IP address, or a URL that breaks, is an error', () => {
    expect(expandUrl('http://{podIp}/', { ...pod, podIp: undefined })).toEqual({
      error: 'pod web 1 has no IP address yet'
    })
    expect(expandUrl('http://{podIp}/', { ...pod, podIp: '10.0.0.1/x' })).toEqual({
      error: 'pod web 1 has no usable IP address'
    })
    expect(expandUrl('http://{podName}.svc/', pod)).toEqual({
      error: 'the URL for pod web 1 is not valid'
    })
  })

  test('the shown form never takes an IP that is not one', () => {
    expect(displayUrlFor('http://{podIp}/', { ...pod, podIp: '1.2.3.4@evil' })).toBe(
      'http://{podIp}/'
    )
  })
})

describe('masking', () => {
  test.each([
    ['access_token', 'abc', true],
    ['X-Amz-Signature', 'abc', true],
    ['page', '2', false],
    ['q', 'Zx81kP03mQ7vT2nB5cLw', true],
    ['q', 'aaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['token', '', false]
  ])('looksSecret(%j, %j) is %j', (name, value, secret) => {
    expect(looksSecret(name, value)).toBe(secret)
  })

  test('an empty secret query value is left as it is', () => {
    expect(maskTemplate('http://a/?token=&x=1')).toBe('http://a/?token=&x=1')
  })

  test('a template that is no URL is not shown at all', () => {
    expect(maskTemplate('http://user:pw@ bad/')).toBe('(not a valid URL)')
  })
})
