import { Problems } from '../../src/problems.js'
import { checkContainerSpec } from '../../src/pod-spec/rules.js'

function problemsOf(spec: unknown, mode: 'patch' | 'full' = 'patch', volumes?: string[]): string[] {
  const problems = new Problems()
  checkContainerSpec(spec, 's', problems, mode, volumes)
  return [...problems.messages]
}

const probe = (body: Record<string, unknown>) => ({ name: 'web', readinessProbe: body })

describe('checkContainerSpec', () => {
  test('a complete, valid spec has no problem in either mode', () => {
    const spec = {
      name: 'web',
      image: 'registry.example.com/shop/web:1.0',
      command: ['/app/server'],
      args: ['--port', '80'],
      env: [{ name: 'A', value: '1' }, { name: 'EMPTY' }],
      secret: 'regcred-20260101000000',
      tty: false,
      workingDir: '/',
      livenessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 0, successThreshold: 1 },
      readinessProbe: {
        httpGet: {
          scheme: 'HTTPS',
          host: 'localhost',
          port: 443,
          path: '/healthz',
          httpHeader: [{ name: 'X-Probe', value: 'yes' }]
        }
      },
      volumeMounts: [{ name: 'data', mountPath: '/data/', readOnly: true }]
    }
    expect(problemsOf(spec, 'full', ['data'])).toEqual([])
    expect(problemsOf(spec, 'patch')).toEqual([])
  })

  test('a patch may null any field but image; a full spec needs image', () => {
    const nulls = {
      name: 'web',
      command: null,
      args: null,
      env: null,
      secret: null,
      tty: null,
      workingDir: null,
      livenessProbe: null,
      readinessProbe: null,
      volumeMounts: null
    }
    expect(problemsOf(nulls)).toEqual([])
    expect(problemsOf({ name: 'web', image: null })).toEqual(['s.image: is required'])
    expect(problemsOf({ name: 'web' }, 'full')).toEqual(['s.image: is required'])
    expect(problemsOf({ name: 'web', command: null }, 'full')).toEqual([
      's.image: is required',
      's.command: must be a list of strings (the entrypoint)'
    ])
  })

  test.each<[string, unknown, RegExp]>([
    ['not an object', 'web', /^s: must be an object with name/],
    ['no name', { image: 'a:1' }, /^s\.name: is required: the name of the container to change/],
    ['image not a string', { name: 'web', image: 3 }, /^s\.image: must be a string/],
    [
      'command not strings',
      { name: 'web', command: ['a', 1] },
      /^s\.command: must be a list of strings/
    ],
    [
      'env not a list',
      { name: 'web', env: { A: '1' } },
      /^s\.env: must be a list of \{name, value\}/
    ],
    [
      'env entry not an object',
      { name: 'web', env: ['A=1'] },
      /^s\.env\[0\]: must be an object with name and value/
    ],
    [
      'env entry with an extra key',
      { name: 'web', env: [{ name: 'A', value: '1', valueFrom: {} }] },
      /^s\.env\[0\]\.valueFrom: unknown field; allowed: name, value/
    ],
    ['probe not an object', probe([] as never), /^s\.readinessProbe: must be an object/],
    [
      'exec not an object',
      probe({ exec: 'true' }),
      /^s\.readinessProbe\.exec: must be an object with command/
    ],
    [
      'exec with an empty command',
      probe({ exec: { command: [] } }),
      /^s\.readinessProbe\.exec\.command: must not be empty/
    ],
    [
      'httpGet not an object',
      probe({ httpGet: 80 }),
      /^s\.readinessProbe\.httpGet: must be an object with port/
    ],
    [
      'httpGet host with a space',
      probe({ httpGet: { port: 80, path: '/', host: 'a b' } }),
      /httpGet\.host: "a b" must be a host name or IPv4 address of at most 253 characters/
    ],
    [
      'httpGet host of 254 characters',
      probe({ httpGet: { port: 80, path: '/', host: `${'h'.repeat(63)}.`.repeat(4) + 'ab' } }),
      /httpGet\.host: .* at most 253 characters/
    ],
    [
      'httpGet path too long',
      probe({ httpGet: { port: 80, path: '/' + 'p'.repeat(256) } }),
      /httpGet\.path: is required: the HTTP path to probe, 1 to 256 characters/
    ],
    [
      'httpGet without a path (HgSpec.path is required)',
      probe({ httpGet: { port: 80 } }),
      /httpGet\.path: is required/
    ],
    [
      'httpGet scheme in mixed case (HgSpec lists http, https, HTTP, HTTPS)',
      probe({ httpGet: { port: 80, path: '/', scheme: 'Https' } }),
      /httpGet\.scheme: "Https" must be one of http, https, HTTP, HTTPS/
    ],
    [
      'httpHeader name of 65 characters',
      probe({
        httpGet: { port: 80, path: '/', httpHeader: [{ name: 'h'.repeat(65), value: 'v' }] }
      }),
      /httpHeader\[0\]\.name: .* is not an HTTP header name of 1 to 64 characters/
    ],
    [
      'httpHeader not a list',
      probe({ httpGet: { port: 80, httpHeader: {} } }),
      /httpGet\.httpHeader: must be a list of \{name, value\}/
    ],
    [
      'httpHeader entry not an object',
      probe({ httpGet: { port: 80, httpHeader: ['X: y'] } }),
      /httpHeader\[0\]: must be an object with name and value/
    ],
    [
      'httpHeader with a bad name',
      probe({ httpGet: { port: 80, httpHeader: [{ name: 'X Y', value: 'v' }] } }),
      /httpHeader\[0\]\.name: "X Y" is not an HTTP header name/
    ],
    [
      'httpHeader value with a newline',
      probe({ httpGet: { port: 80, httpHeader: [{ name: 'X', value: 'a\r\nb' }] } }),
      /httpHeader\[0\]\.value: must be a string on one line/
    ],
    [
      'tcpSocket not an object',
      probe({ tcpSocket: 80 }),
      /^s\.readinessProbe\.tcpSocket: must be an object with port/
    ],
    [
      'timeoutSeconds a fraction',
      probe({ tcpSocket: { port: 1 }, timeoutSeconds: 1.5 }),
      /timeoutSeconds: "1\.5" must be a whole number from 1 to 300/
    ],
    [
      'volumeMounts not a list',
      { name: 'web', volumeMounts: {} },
      /^s\.volumeMounts: must be a list/
    ],
    [
      'mount not an object',
      { name: 'web', volumeMounts: ['/data'] },
      /^s\.volumeMounts\[0\]: must be an object with name and mountPath/
    ],
    [
      'mount readOnly not a boolean',
      { name: 'web', volumeMounts: [{ name: 'd', mountPath: '/d', readOnly: 'yes' }] },
      /volumeMounts\[0\]\.readOnly: must be true or false/
    ],
    [
      'mount path with a control character',
      { name: 'web', volumeMounts: [{ name: 'd', mountPath: '/d\u0001' }] },
      /mountPath: must not contain control characters/
    ],
    [
      'mount paths repeated',
      {
        name: 'web',
        volumeMounts: [
          { name: 'a', mountPath: '/d' },
          { name: 'b', mountPath: '/d/' }
        ]
      },
      /volumeMounts\[1\]\.mountPath: repeats s\.volumeMounts\[0\]\.mountPath/
    ],
    [
      'workingDir too long',
      { name: 'web', workingDir: '/' + 'w'.repeat(1024) },
      /workingDir: .* must be an absolute path of 1 to 1024 characters/
    ],
    [
      'a type field',
      { name: 'web', type: 'initContainer' },
      /^s\.type: cannot be changed by a rebuild \(an init container stays one\)/
    ],
    [
      'an unknown field far from any',
      { name: 'web', zzzzzz: 1 },
      /^s\.zzzzzz: unknown field; allowed: name, image/
    ]
  ])('%s', (_name, spec, rule) => {
    const problems = problemsOf(spec)
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.join('\n')).toMatch(rule)
  })

  test('mounts must name the pod’s own volumes when the pod says which it has', () => {
    const spec = {
      name: 'web',
      image: 'a:1',
      volumeMounts: [{ name: 'logs', mountPath: '/logs' }]
    }
    expect(problemsOf(spec, 'full', ['data'])).toEqual([
      's.volumeMounts[0].name: "logs" is not a volume of this pod (volumes: data)'
    ])
    expect(problemsOf(spec, 'full', [])).toEqual([
      's.volumeMounts[0].name: "logs" is not a volume of this pod (volumes: none)'
    ])
    expect(problemsOf(spec, 'full')).toEqual([])
  })
})
