// Issue 18, 14: the docs say what is true. Inputs are checked before the first API call, but names
// resolved by reads (pods by name, name-prefix, containers, target groups) can only be checked after
// those reads: the promise is "nothing changes before everything is checked", SECURITY.md lists the
// checks that need a read, and a run stopped by one of them reads but changes nothing, and does not
// claim that no call was made.
import { readFileSync } from 'node:fs'
import { podSeed } from '../../emulator/index.js'
import { mutations, startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')

test('no doc claims that every input is checked before the first API call', () => {
  for (const doc of ['README.md', 'SECURITY.md', ...['architecture.md'].map(f => `docs/${f}`)])
    expect(read(doc)).not.toMatch(/every input is checked before the first API call;/i)
  expect(read('README.md')).toContain('Nothing changes before everything is checked.')
})

test('SECURITY.md lists the checks that need a read, and what each reads', () => {
  const security = read('SECURITY.md')
  const section = security.slice(
    security.indexOf('### Nothing changes before everything is checked')
  )
  const rows = section
    .split('\n')
    .filter(
      line => line.startsWith('| ') && !line.startsWith('| Check') && !line.startsWith('| ---')
    )
  const table = rows.join('\n')
  for (const name of [
    'name matches exactly one pod',
    '`name-prefix`',
    '`containers`',
    '`target-groups`'
  ])
    expect(table).toContain(name)
  for (const row of rows) expect(row.split('|')[2]?.trim()).not.toBe('')
})

test('SECURITY.md makes a promise for every point of issue 18', () => {
  const security = read('SECURITY.md')
  for (const promise of [
    'No take-out leaves a target group without a healthy target',
    'Listings are complete and consistent',
    'Health by instance, not by port',
    'weight 0',
    'Cancellation puts traffic back first',
    'Redacted by the action itself, in every form',
    'Text from outside stays text',
    'Text work is linear and bounded',
    'Drains fit the timeout',
    'What can only fail is refused before any call',
    'containers-file is checked as opened',
    'Values read from pods are taken as they are',
    'States shaped as Go sends them',
    'Nothing changes before everything is checked'
  ])
    expect(security).toContain(promise)
})

describe('a check that needs a read stops the run with reads only', () => {
  let cloud: EmulatedCloud
  afterEach(() => cloud?.close())

  test.each([
    ['a pod name that matches no pod', { pods: 'web-9', image: 'nginx:1.2' }, /pods\[0\].*no pod/],
    [
      'a container the pod does not have',
      { pods: 'web-1', containers: '- name: sidecar\n  image: nginx:1.2' },
      /sidecar/
    ]
  ])('%s', async (_case, inputs, blames) => {
    cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-d1', name: 'web-1' })] })
    const run = await cloud.run(inputs)
    expect(run.report.result).toBe('failed')
    expect(run.report.error).toMatch(blames)
    expect(cloud.emulator.calls.length).toBeGreaterThan(0)
    expect(mutations(cloud.emulator)).toEqual([])
    expect(run.summary).not.toContain('no API call was made')
  })
})
