// Issue 18, 5: cancellation puts traffic back first. A SIGINT right after the rollback's stopPod
// used to leave the pod out of traffic: the rollback went on past the grace period, and the
// put-back then ran on the already-aborted restore signal. Now the pods held out go back at the
// first signal, before the rollback's next step. And the outputs and the summary are written
// before the GitHub deployment's last call, which gets only what is left of the grace; the
// signal handlers stay until the run is done, so a second signal cuts that call short.
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MUTATING_APIS, podSeed } from '../../emulator/index.js'
import type { ApiName } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import type { EmulatedCloud } from '../../__fixtures__/emulated-cloud.js'

const BROKEN = 'registry.example.com/shop/web:broken'
const NEW = 'registry.example.com/shop/web:1.1'
let cloud: EmulatedCloud
afterEach(() => cloud?.close())

test.each(['alb', 'nlb'] as const)(
  '%s: SIGINT right after the rollback’s stop: back in traffic before the rollback’s next call, though the grace period ends during it',
  async type => {
    const ids = ['pod-ct1', 'pod-ct2']
    cloud = await startEmulatedCloud({
      pods: ids.map(podId => podSeed({ podId })),
      images: { [BROKEN]: 'never-pulls' },
      loadBalancing: {
        targetGroups: [{ targetGroupId: 'tg-ct', loadBalancerId: 'lb-ct', loadBalancerType: type }],
        backends: [
          {
            backendId: 'backend-ct',
            port: 80,
            targetGroupIds: ['tg-ct'],
            ...(type === 'nlb' ? { connectionDrainingSeconds: 0 } : {})
          }
        ],
        targets: ids.map(instanceId => ({
          targetGroupId: 'tg-ct',
          type: 'container',
          instanceId,
          port: 80,
          weight: 30
        }))
      }
    })
    const signals = new EventEmitter()
    cloud.emulator.onCall('stopPod', () => {
      if (cloud.emulator.callsTo('stopPod').length !== 2) return
      // The rollback's rebuild outlasts the grace period.
      cloud.emulator.inject({ api: 'rebuildPod', kind: 'slow', delayMs: 600 })
      setImmediate(() => signals.emit('SIGINT', 'SIGINT'))
    })
    const { report } = await cloud.run(
      {
        pods: 'pod-ct1',
        image: BROKEN,
        'target-groups': 'tg-ct',
        drain: '0',
        'fail-fast': '5s'
      },
      { signals, graceMs: 300 }
    )
    expect(report.result).toBe('cancelled')
    // Every change sent, in order of arrival (the rebuild never got its answer).
    const story = cloud.emulator.calls
      .filter(call => MUTATING_APIS.has(call.api as ApiName))
      .map(call => call.api)
    const rollbackStop = story.lastIndexOf('stopPod')
    const back = type === 'alb' ? 'updateTargets' : 'registerTargets'
    expect(story.slice(rollbackStop, rollbackStop + 3)).toEqual(['stopPod', back, 'rebuildPod'])
    expect(cloud.emulator.lb.targets('tg-ct').map(t => [t.instanceId, t.weight])).toEqual(
      type === 'alb'
        ? [
            ['pod-ct1', 30],
            ['pod-ct2', 30]
          ]
        : [
            ['pod-ct2', 30],
            ['pod-ct1', 30]
          ]
    )
    expect(report.pods[0]?.balancer?.note).toBe('cancelled: put back without waiting for health')
  }
)

test('the outputs come before the deployment’s last call, and a second SIGINT cuts that call short', async () => {
  cloud = await startEmulatedCloud({ pods: [podSeed({ podId: 'pod-gh1' })] })
  const signals = new EventEmitter()
  let outputsWhenAsked: string | undefined
  let statuses = 0
  const github = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.url?.endsWith('/deployments')) {
        res.writeHead(201, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ id: 7 }))
      }
      if (++statuses === 1) {
        res.writeHead(201, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ id: 8 }))
      }
      // The last status hangs: what the step wrote by now is all a cancelled run may write.
      outputsWhenAsked = readFileSync(process.env.GITHUB_OUTPUT as string, 'utf8')
      signals.emit('SIGINT', 'SIGINT')
    })
  })
  await new Promise<void>(resolve => github.listen(0, '127.0.0.1', resolve))
  const apiUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`
  cloud.emulator.onCall('startPod', () => setImmediate(() => signals.emit('SIGINT', 'SIGINT')))
  try {
    const began = Date.now()
    const { report, outputs } = await cloud.run(
      { pods: 'pod-gh1', image: NEW, 'github-token': 'ghs_token0123456789', environment: 'prod' },
      { signals, graceMs: 5000, extraEnv: { GITHUB_API_URL: apiUrl } }
    )
    expect(report.result).toBe('cancelled')
    expect(outputs.result).toBe('cancelled')
    expect(outputsWhenAsked).toContain('cancelled')
    // Neither the grace period (5 s) nor the call's own 10 s bound: the second signal ended it.
    expect(Date.now() - began).toBeLessThan(4000)
  } finally {
    github.closeAllConnections()
    await new Promise(resolve => github.close(resolve))
  }
})
