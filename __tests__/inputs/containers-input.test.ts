// The `containers` input names each container `name`, as rebuildPod's RebuildContainerSpec does
// (jdcloud-sdk-go services/pod/models/RebuildContainerSpec.go); `containerName`, the 2018 page's
// key, still works so that existing workflows keep running.
import { podSeed } from '../../emulator/index.js'
import { Problems } from '../../src/problems.js'
import { parseContainersInput } from '../../src/inputs/containers-input.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

function parse(yaml: string): { patches: unknown; problems: readonly string[]; notices: string[] } {
  const problems = new Problems()
  const notices: string[] = []
  const patches = parseContainersInput(yaml, problems, notice => notices.push(notice))
  return { patches, problems: problems.messages, notices }
}

test('name is the key', () => {
  expect(parse('- name: web\n  image: nginx:1.27')).toEqual({
    patches: [{ name: 'web', image: 'nginx:1.27' }],
    problems: [],
    notices: []
  })
})

test('containerName is read as name, with one notice however many entries use it', () => {
  const { patches, problems, notices } = parse(
    '- containerName: web\n  image: nginx:1.27\n- containerName: sidecar\n  image: envoy:1'
  )
  expect(patches).toEqual([
    { name: 'web', image: 'nginx:1.27' },
    { name: 'sidecar', image: 'envoy:1' }
  ])
  expect(problems).toEqual([])
  expect(notices).toEqual([
    'containers: containerName is the old name of the key; it still works, but write name (as rebuildPod calls it since 2019)'
  ])
})

test('both keys saying the same is fine; saying different things is an input error', () => {
  expect(parse('- name: web\n  containerName: web\n  image: a:1').patches).toEqual([
    { name: 'web', image: 'a:1' }
  ])
  const { patches, problems, notices } = parse('- name: web\n  containerName: api\n  image: a:1')
  expect(patches).toBeUndefined()
  expect(problems).toEqual([
    'containers[0].containerName: "api" differs from name "web": give only name (line 2)'
  ])
  expect(notices).toEqual([])
})

test.each([
  ['absolute', '/etc/app.conf'],
  ['climbing out', '../secrets/key'],
  ['climbing out further in', 'conf/../../key'],
  ['not a string', '7']
])('a subPath that is %s is refused, naming the field', (_how, subPath) => {
  const value = subPath === '7' ? '7' : JSON.stringify(subPath)
  const { problems } = parse(
    `- name: web\n  volumeMounts:\n    - {name: config, mountPath: /etc/app.conf, subPath: ${value}}`
  )
  expect(problems).toEqual([
    expect.stringMatching(
      /^containers\[0\]\.volumeMounts\[0\]\.subPath: .* must be a relative path inside the volume/
    )
  ])
})

test('a relative subPath is taken', () => {
  const { patches, problems } = parse(
    '- name: web\n  volumeMounts:\n    - {name: config, mountPath: /etc/nginx/nginx.conf, subPath: nginx/nginx.conf}'
  )
  expect(problems).toEqual([])
  expect(patches).toEqual([
    {
      name: 'web',
      volumeMounts: [
        { name: 'config', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx/nginx.conf' }
      ]
    }
  ])
})

test('end to end: a workflow still written with containerName deploys, with a notice, and name goes on the wire', async () => {
  const cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-alias1' })] })
  try {
    const { report, log } = await cloud.run({
      pods: 'pod-alias1',
      containers: '- containerName: web\n  image: registry.example.com/shop/web:1.1'
    })
    expect(report.result).toBe('succeeded')
    expect(log).toMatch(/^::notice::containers: containerName is the old name of the key/m)
    const body = cloud.emulator.callsTo('rebuildPod')[0]?.body as { containers: object[] }
    expect(body.containers[0]).toMatchObject({
      name: 'web',
      image: 'registry.example.com/shop/web:1.1'
    })
    expect(body.containers[0]).not.toHaveProperty('containerName')
  } finally {
    await cloud.close()
  }
})

describe('a problem says where it is', () => {
  test.each([
    [
      'a nested mapping on one line',
      '- name: web\n  image: a:1\n  env: a: b\n',
      'containers: line 3, column 8: is not valid YAML or JSON: a second "key: value" on one line; put the inner field on a line of its own, indented, or quote a value that holds ": "'
    ],
    [
      'a key given twice',
      '- name: web\n  name: api\n',
      'containers: line 2, column 3: is not valid YAML or JSON: a field is given twice in the same item'
    ],
    [
      'JSON without a comma',
      '[{"name": "web"\n  "image": "a:1"}]',
      'containers: line 2, column 3: is not valid YAML or JSON: Missing , between flow map items'
    ],
    [
      'an unknown tag (a warning, refused too)',
      '- name: web\n  image: !foo a:1',
      'containers: line 2, column 10: is not valid YAML or JSON: an unknown !tag; write the value without it, or quote it'
    ],
    [
      'a tab to indent',
      '- name: web\n\timage: a:1\n',
      'containers: line 2, column 2: is not valid YAML or JSON: a tab is used to indent; YAML indents with spaces only'
    ]
  ])('%s: the line and column of the syntax error, in plain words', (_what, yaml, problem) => {
    expect(parse(yaml).problems).toEqual([problem])
  })

  test('an alias bomb has no position to give: the reason alone', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [${'*a, '.repeat(8)}*a]\nc: [${'*b, '.repeat(8)}*b]`
    expect(parse(bomb).problems).toEqual([
      'containers: is not valid YAML or JSON: Excessive alias count indicates a resource exhaustion attack'
    ])
  })

  test('a field problem in a text of several lines says the line of its field', () => {
    const yaml = [
      '- name: web',
      '  image: a:1',
      '- name: sidecar',
      '  imagee: b:1',
      '  readinessProbe:',
      '    tcpSocket: {port: 80}',
      '    periodSeconds: 0',
      '  env:',
      '    - {name: A, value: x}',
      '    - {name: FOO-BAR, value: y}',
      '- name: web'
    ].join('\n')
    expect(parse(yaml).problems).toEqual([
      'containers[1].imagee: unknown field (did you mean image?) (line 4)',
      'containers[1].env[1].name: "FOO-BAR" must be 1 to 64 letters, digits or _ (line 10)',
      'containers[1].readinessProbe.periodSeconds: "0" must be a whole number from 1 to 300 (line 7)',
      'containers[2].name: web is already listed at containers[0] (line 11)'
    ])
  })

  test('a field that is missing is placed at the nearest field that is there', () => {
    const { problems } = parse('- name: web\n  volumeMounts:\n    - {mountPath: /data}')
    expect(problems).toEqual([
      'containers[0].volumeMounts[0].name: is required: the name of one of the pod’s volumes (line 3)'
    ])
  })

  test('one line of JSON gives no line number', () => {
    expect(parse('[{"name": "web", "imagee": "a:1"}]').problems).toEqual([
      'containers[0].imagee: unknown field (did you mean image?)'
    ])
  })
})
