// After an input error, the summary is headed by the operation asked for, shows the region, and
// lists each problem on its own line, led by the input it is about (issue 15, 1).
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

let cloud: EmulatedCloud
afterEach(() => cloud?.close())

test('a stop with two mistakes: "stop ❌ failed", the region, two lines, no API call', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-ie1' })] })
  const run = await cloud.run({
    operation: 'stop',
    pods: 'pod-ie1',
    image: 'registry.example.com/shop/web:1.1',
    timeout: 'soon'
  })
  expect(run.report).toMatchObject({ operation: 'stop', result: 'failed' })
  expect(run.report.problems).toHaveLength(2)
  expect(run.summary).toContain('## ❌ JD Cloud pod stop: invalid input')
  expect(run.summary).toContain('0 s · `cn-north-1`')
  expect(run.summary).toContain(
    '> **Invalid input.** Nothing was changed: no API call was made. Fix these 2 problems and run again:'
  )
  const lines = run.summary.split('\n').filter(line => line.startsWith('- `'))
  expect(lines).toHaveLength(2)
  expect(lines[0]).toMatch(/^- `timeout`: /)
  expect(lines[1]).toBe('- `image`: is used only by operation deploy, not stop')
  expect(run.summary).not.toContain('### Notes')
  expect(cloud.emulator.calls).toEqual([])
})

test('an operation that is none: "action", the suggestion, and no region', async () => {
  cloud = await startEmulatedCloud({ pods: [] })
  const { region: _region, ...connection } = cloud.connection
  const run = await cloud.run(
    { ...connection, region: '', operation: 'deplyo', pods: 'pod-x1' },
    { env: { ...process.env, JDCLOUD_REGION: '' } }
  )
  expect(run.report.operation).toBeUndefined()
  expect(run.summary).toContain('## ❌ JD Cloud pod action: invalid input')
  expect(run.summary).toContain('0 s · no region set')
  expect(run.summary).toContain('did you mean deploy?')
  expect(run.summary).toContain('Fix these 2 problems')
})

test('one problem: "this problem", and a field path as its lead', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-ie2' })] })
  const run = await cloud.run({
    pods: 'pod-ie2',
    containers: '- name: web\n  env:\n    - name: "a-b"\n      value: x\n'
  })
  expect(run.summary).toContain('Fix this problem and run again:')
  expect(run.summary).toMatch(/^- `containers\[0\]\.env\[0\]\.name`: /m)
})
