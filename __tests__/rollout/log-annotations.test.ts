// What a person reads in the job log (issue 15, 6): one failure is one ::error annotation (the
// run's verdict), the long steps say what they are doing, an already stopped pod is mentioned,
// and a network error names the URL it tried.
import { podSeed } from '../../emulator/index.js'
import { runAction } from '../../__fixtures__/action-runner.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const NEVER = 'registry.example.com/shop/web:never'
let cloud: EmulatedCloud | undefined
afterEach(() => cloud?.close())

const annotations = (log: string, level: string) =>
  log.split('\n').filter(line => line.startsWith(`::${level}::`))

test.each(['true', 'false'])(
  'rollback %s: one failed pod, one ::error, and the log says stopping and rebuilding',
  async rollback => {
    cloud = await startEmulatedCloud({
      pods: [podSeed({ podId: 'pod-la1' })],
      images: { [NEVER]: 'never-pulls' }
    })
    const run = await cloud.run({ pods: 'pod-la1', image: NEVER, rollback, 'fail-fast': '5s' })
    expect(annotations(run.log, 'error')).toHaveLength(1)
    expect(annotations(run.log, 'warning')).toEqual([])
    expect(run.log).toContain(
      '[pod-la1] failed: pod-la1 is failing: container web: ImagePullBackOff'
    )
    expect(run.log).toContain('[pod-la1] stopping')
    expect(run.log).toContain('[pod-la1] rebuilding')
  }
)

test('an already stopped pod: no stop, and the log says why', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-la2', phase: 'stopped' })] })
  const run = await cloud.run({ pods: 'pod-la2', image: 'registry.example.com/shop/web:1.1' })
  expect(run.report.result).toBe('succeeded')
  expect(run.log).toContain('[pod-la2] is stopped: no stop needed')
})

test('a network error names the URL it tried, and the endpoint input', async () => {
  cloud = undefined
  const run = await runAction(
    {
      region: 'cn-north-1',
      'access-key': 'ak-la',
      'secret-key': 'sk-la',
      endpoint: 'http://127.0.0.1:1',
      pods: 'pod-la3',
      image: 'registry.example.com/shop/web:1.1',
      timeout: '5s'
    },
    { retry: { random: () => 0.5, maxAttempts: 1 } }
  )
  expect(run.report.error).toBe(
    'describePods: NETWORK_ERROR: the connection to http://127.0.0.1:1/v1/regions/cn-north-1/pods failed (ECONNREFUSED). The pod API did not answer: check the endpoint input and the runner network.'
  )
  expect(annotations(run.log, 'error')).toHaveLength(1)
})
