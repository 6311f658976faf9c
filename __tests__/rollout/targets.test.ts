// Hints where a selection fails for a reason of how it was written: pods separated by spaces
// (`web-1 web-2`, read as one name) and a tag written key:value (read as a key alone). Checked
// on their own, then where the user sees them: the run's error, against the emulator.
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { separatorHint, tagSeparatorHint } from '../../src/rollout/targets.js'

const NEW = 'registry.example.com/shop/web:1.1'
const SPACES = '; separate pods with commas or newlines'

test.each([
  ['web-1 web-2', SPACES],
  ['pod-a1  pod-a2\tweb_3', SPACES],
  ['web-1 pod-a2', SPACES],
  ['商店 web.2', SPACES],
  ['web-1; web-2', SPACES],
  ['web-1;web-2', SPACES],
  ['pod-a1 ; pod-a2', SPACES],
  ['web-1;', ''],
  ['web-1', ''],
  ['shop web (old)', ''],
  ['web-1 -', ''],
  ['web-1 /x', '']
])('separatorHint(%j) is %j', (entry, hint) => {
  expect(separatorHint(entry)).toBe(hint)
})

test.each([
  [[{ key: 'app:shop-web' }], '; write key=value, e.g. app=shop-web'],
  [[{ key: 'team', values: ['ops'] }, { key: 'app : web' }], '; write key=value, e.g. app=web'],
  [[{ key: 'app:shop-web', values: ['x'] }], ''],
  [[{ key: 'app:' }, { key: ':web' }], ''],
  [[{ key: 'app' }], '']
])('tagSeparatorHint(%j) is %j', (tags, hint) => {
  expect(tagSeparatorHint(tags)).toBe(hint)
})

describe('where the run fails', () => {
  let cloud: EmulatedCloud
  beforeEach(async () => {
    cloud = await startEmulatedCloud({
      pods: [
        podSeed({ podId: 'pod-a1', name: 'web-1', tags: { app: 'shop-web' } }),
        podSeed({ podId: 'pod-a2', name: 'web-2', tags: { app: 'shop-web' } })
      ]
    })
  })
  afterEach(() => cloud.close())

  test('pods separated by a space: no pod has that name, and the hint says why', async () => {
    const { report } = await cloud.run({ pods: 'web-1 web-2', image: NEW })
    expect(report.result).toBe('failed')
    expect(report.error).toBe(
      'Invalid input: pods[0]: no pod in region cn-north-1 is named "web-1 web-2"; separate pods with commas or newlines'
    )
    expect(cloud.emulator.mutatingCalls()).toEqual([])
  })

  test('a tag written key:value: no pod has that key, and the hint says how to write it', async () => {
    const { report } = await cloud.run({ pods: '', tags: 'app:shop-web', image: NEW })
    expect(report.result).toBe('failed')
    expect(report.error).toBe(
      'Invalid input: tags: no pod in region cn-north-1 matches tags app:shop-web; write key=value, e.g. app=shop-web'
    )
    expect(cloud.emulator.mutatingCalls()).toEqual([])
    // Written as the hint says, it selects them.
    const fixed = await cloud.run({ pods: '', tags: 'app=shop-web', image: NEW })
    expect(fixed.report.result).toBe('succeeded')
    expect(fixed.report.pods.map(pod => pod.podId)).toEqual(['pod-a1', 'pod-a2'])
  })
})
