// The lb contract (contract/lb-api.ts) against the emulator: it serves every call of the table,
// accepts the smallest request and every documented filter, accepts path parameters echoed in a
// body as the Go and Python SDKs send them, and refuses what the table does not allow.
import { lbCalls } from '../../contract/lb-api.js'
import { PodEmulator } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { signed } from '../../__fixtures__/signed-request.js'
import type { SignedOptions } from '../../__fixtures__/signed-request.js'
import { apiError, filters } from './api.js'
import { lbRegion } from './lb-region.js'

let emu: PodEmulator
beforeEach(async () => {
  emu = await PodEmulator.start({ clock: new VirtualClock(), seed: lbRegion() })
})
afterEach(() => emu.close())

const send = (method: string, path: string, options: SignedOptions = {}) =>
  signed(
    { url: emu.lbUrl, region: emu.region, credentials: emu.credentials, clock: emu.clock },
    method,
    path,
    {
      ...options,
      service: 'lb'
    }
  )

/** The smallest body each change allows. */
const BODIES: Record<string, unknown> = {
  registerTargets: { targetSpecs: [{ type: 'container', instanceId: 'pod-d' }] },
  deRegisterTargets: { targetIds: ['target-a'] },
  updateTargets: { targetUpdateSpecs: [{ targetId: 'target-a' }] }
}

/** A value each documented filter accepts. */
const FILTER_VALUES: Record<string, string> = {
  targetGroupIds: 'tg-web',
  targetGroupNames: 'web',
  loadBalancerId: 'alb-shop',
  loadBalancerType: 'alb',
  targetIds: 'target-a',
  instanceId: 'pod-a',
  type: 'container',
  port: '80',
  ipAddress: '10.0.0.4',
  backendIds: 'be-http',
  backendNames: 'http',
  agId: 'ag-1',
  protocol: 'Http'
}

const pathOf = (template: string): string =>
  template.replace('{targetGroupId}', 'tg-web').replace('{backendId}', 'be-http')

test.each(lbCalls.map(call => [call.name, call] as const))(
  '%s: the smallest request is accepted, and so are all its documented filters',
  async (name, call) => {
    const body = BODIES[name]
    const smallest = await send(call.method, pathOf(call.path), body ? { body } : {})
    expect([smallest.status, smallest.json]).toEqual([
      200,
      expect.objectContaining({ requestId: expect.any(String) })
    ])
    if (!call.filters) return
    const all = filters(
      ...call.filters.map((filter): [string, string] => [
        filter.name,
        FILTER_VALUES[filter.name] ?? ''
      ])
    )
    const filtered = await send(call.method, pathOf(call.path), { query: all })
    expect(filtered.status).toBe(200)
  }
)

test('a body may echo its path parameters, as the Go and Python SDKs do', async () => {
  const reply = await send('POST', '/targetGroups/tg-web:deregisterTargets', {
    body: { regionId: 'cn-north-1', targetGroupId: 'tg-web', targetIds: ['target-a'] }
  })
  expect(reply.status).toBe(200)
})

test('refused: an unknown query parameter, a body on a read, a missing required field', async () => {
  const unknownParam = await send('GET', '/backends/', { query: [['loadBalancerType', 'alb']] })
  expect(unknownParam.json).toEqual(
    apiError(400, 'INVALID_ARGUMENT', 'loadBalancerType: unknown query parameter')
  )
  const readBody = await send('GET', '/targetGroups/', { body: {} })
  expect(readBody.json).toEqual(
    apiError(400, 'INVALID_ARGUMENT', 'describeTargetGroups: takes no body')
  )
  const missing = await send('POST', '/targetGroups/tg-web:registerTargets', { body: {} })
  expect(missing.json).toEqual(apiError(400, 'INVALID_ARGUMENT', 'targetSpecs: required'))
  expect(emu.mutatingCalls()).toEqual([])
})
