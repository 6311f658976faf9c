import { parseImage } from '../../src/pod-spec/image.js'

describe('parseImage', () => {
  test.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['library/nginx:latest', { repository: 'library/nginx', tag: 'latest' }],
    [
      'registry.example.com/shop/web:1.0',
      { registry: 'registry.example.com', repository: 'shop/web', tag: '1.0' }
    ],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    [
      'jdcloudcs-cn-north-1.jcr.service.jdcloud.com/team/api@sha256:' + 'a'.repeat(64),
      {
        registry: 'jdcloudcs-cn-north-1.jcr.service.jdcloud.com',
        repository: 'team/api',
        digest: 'sha256:' + 'a'.repeat(64)
      }
    ]
  ])('accepts %s', (image, expected) => {
    expect(parseImage(image)).toEqual(expect.objectContaining(expected))
  })

  test.each([
    ['', /1 to 639/],
    ['a'.repeat(640), /1 to 639/],
    ['nginx:1.27 ', /white space/],
    ['Nginx:1', /lower-case/],
    ['nginx:-bad', /tag/],
    ['nginx:' + 't'.repeat(129), /tag/],
    ['registry.example.com/', /no repository/],
    ['nginx@sha256:zz', /digest/],
    ['bad_host_.com/x/y', /lower-case|registry/],
    ['example.com/' + 'r'.repeat(257), /256/]
  ])('refuses %j', (image, rule) => {
    const result = parseImage(image)
    expect(typeof result).toBe('string')
    expect(result).toMatch(rule)
  })
})

test('639 characters is the longest image the current model allows (the 2018 page said 500)', () => {
  // registry 255, repository 256, tag 126: 255 + 1 + 256 + 1 + 126 = 639
  const registry = `${'r'.repeat(60)}.${'e'.repeat(60)}.${'g'.repeat(60)}.${'x'.repeat(72)}`
  const image = `${registry}/${'p'.repeat(256)}:${'t'.repeat(126)}`
  expect(image).toHaveLength(639)
  expect(typeof parseImage(image)).toBe('object')
  expect(parseImage(`${image}t`)).toBe('must be 1 to 639 characters')
})
