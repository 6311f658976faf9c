// Values read from pods are taken as they are (issue 18 point 12): our own rules (the secret-name
// rule, container and env names) hold for what a person types or the action makes, never for what
// a pod already runs — JD Cloud accepted that once, and no SDK file states those rules.
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { Pod } from '../../src/jdcloud/types.js'
import { planPodSpec } from '../../src/pod-spec/desired.js'
import { Problems } from '../../src/problems.js'

const NEW = 'registry.example.com/shop/web:1.1'
const FOREIGN = 'RegCred_Old.2019'
const pod: Pod = {
  podId: 'pod-rd1',
  containers: [
    {
      name: 'Web_1',
      image: 'registry.example.com/shop/web:1.0',
      secret: FOREIGN,
      env: [
        { name: 'app.mode', value: 'legacy' },
        { name: 'PORT', value: '80' }
      ]
    }
  ]
}

function plan(patch: Parameters<typeof planPodSpec>[1][number]) {
  const problems = new Problems()
  const result = planPodSpec(pod, [patch], problems)
  return { problems: problems.messages, desired: result.desired }
}

test('a secret, a container name and env names read from the pod are kept as they are', () => {
  const { problems, desired } = plan({
    name: 'Web_1',
    image: NEW,
    env: [{ name: 'FEATURE', value: 'on' }]
  })
  expect(problems).toEqual([])
  expect(desired[0]).toMatchObject({
    name: 'Web_1',
    image: NEW,
    secret: FOREIGN,
    env: [
      { name: 'app.mode', value: 'legacy' },
      { name: 'PORT', value: '80' },
      { name: 'FEATURE', value: 'on' }
    ]
  })
})

test('what the change sets is still held to the rules', () => {
  expect(plan({ name: 'Web_1', secret: 'Also_Bad' }).problems).toEqual([
    expect.stringMatching(/^pod pod-rd1 container Web_1\.secret: "Also_Bad" must be lower-case/)
  ])
  expect(plan({ name: 'Web_1', env: [{ name: 'bad.name', value: 'x' }] }).problems).toEqual([
    expect.stringMatching(/env\[2\]\.name: "bad\.name" must be 1 to 64 letters, digits or _/)
  ])
})

let cloud: EmulatedCloud | undefined
afterEach(() => cloud?.close())

test('a pod that pulls with RegCred_Old.2019 can be deployed, and keeps its secret', async () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64')
  cloud = await startEmulatedCloud({
    secrets: [
      {
        name: FOREIGN,
        data: { server: b64('registry.example.com'), username: b64('ci'), password: b64('pw') }
      }
    ],
    pods: [podSeed({ podId: 'pod-rd2', containers: [{ secret: FOREIGN }] })]
  })
  const { report } = await cloud.run({ pods: 'pod-rd2', image: NEW })
  expect(report.error).toBeUndefined()
  expect(report.result).toBe('succeeded')
  expect(cloud.emulator.pod('pod-rd2').containers?.[0]).toMatchObject({
    image: NEW,
    secret: FOREIGN
  })
})
