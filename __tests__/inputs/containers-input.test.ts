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
    'containers[0].containerName: "api" differs from name "web": give only name'
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
