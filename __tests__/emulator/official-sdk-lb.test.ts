// The official jdcloud-sdk-js lb client drives the emulator's lb API: proof that the emulator
// speaks JD Cloud's wire format for lb (paths with trailing slashes, %3A actions, the lb scope
// in signatures, filters, bodies) and not just what our tests send.
import { createRequire } from 'node:module'
import { PodEmulator } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { lbRegion } from './lb-region.js'

type Call = (opts: Record<string, unknown>) => Promise<{ requestId: string; result?: any }> // eslint-disable-line @typescript-eslint/no-explicit-any

const require = createRequire(import.meta.url)
const JDCloud = require('jdcloud-sdk-js') as {
  config: { logger: (message: string) => void }
  LB: new (config: Record<string, unknown>) => Record<string, Call>
}
// The SDK's signer logs its canonical strings and signatures through the global logger.
JDCloud.config.logger = () => undefined

// The SDK signs with the real time, so the emulator's clock starts at the real time.
let clock: VirtualClock
let emu: PodEmulator

beforeEach(async () => {
  clock = new VirtualClock(Date.now())
  emu = await PodEmulator.start({ clock, seed: lbRegion() })
})
afterEach(() => emu.close())

function sdk(): Record<string, Call> {
  return new JDCloud.LB({
    credentials: {
      accessKeyId: emu.credentials.accessKey,
      secretAccessKey: emu.credentials.secretKey
    },
    regionId: emu.region,
    endpoint: { host: new URL(emu.lbUrl).host, protocol: 'http' },
    logger: () => undefined
  })
}

test('a group found per type, its backends, targets and health, a drain and a re-registration', async () => {
  const lb = sdk()
  const byType = async (type: string) =>
    (
      await lb.describeTargetGroups!({
        filters: [
          { name: 'targetGroupIds', values: ['tg-tcp'] },
          { name: 'loadBalancerType', values: [type] }
        ]
      })
    ).result.targetGroups
  expect(await byType('alb')).toEqual([])
  expect(await byType('nlb')).toEqual([expect.objectContaining({ targetGroupId: 'tg-tcp' })])

  const backends = await lb.describeBackends!({
    filters: [{ name: 'loadBalancerType', values: ['nlb'] }]
  })
  expect(backends.result.backends).toEqual([
    expect.objectContaining({ backendId: 'be-tcp', targetGroupIds: ['tg-tcp'] })
  ])

  const targets = await lb.describeTargets!({
    targetGroupId: 'tg-tcp',
    filters: [{ name: 'instanceId', values: ['pod-c'] }]
  })
  expect(targets.result.targets).toEqual([expect.objectContaining({ targetId: 'target-c' })])

  const drained = await lb.deRegisterTargets!({ targetGroupId: 'tg-tcp', targetIds: ['target-c'] })
  expect(drained).toMatchObject({ requestId: expect.any(String) })
  expect(drained.result).toBeUndefined()
  expect((await lb.describeTargetHealth!({ backendId: 'be-tcp' })).result.targetHealths).toEqual([])

  await lb.registerTargets!({
    targetGroupId: 'tg-tcp',
    targetSpecs: [{ type: 'container', instanceId: 'pod-c', port: 0, weight: 20 }]
  })
  clock.advance(2000)
  const health = await lb.describeTargetHealth!({ backendId: 'be-tcp' })
  expect(health.result.targetHealths).toEqual([
    expect.objectContaining({ instanceId: 'pod-c', port: 443, weight: 20, status: 'healthy' })
  ])
  await lb.updateTargets!({
    targetGroupId: 'tg-tcp',
    targetUpdateSpecs: [{ targetId: emu.lb.targets('tg-tcp')[0]?.targetId, weight: 30 }]
  })
  expect(emu.lb.targets('tg-tcp')[0]?.weight).toBe(30)

  expect(emu.calls.map(call => `${call.status} ${call.api}`)).toEqual([
    '200 describeTargetGroups',
    '200 describeTargetGroups',
    '200 describeBackends',
    '200 describeTargets',
    '200 deRegisterTargets',
    '200 describeTargetHealth',
    '200 registerTargets',
    '200 describeTargetHealth',
    '200 updateTargets'
  ])
})
