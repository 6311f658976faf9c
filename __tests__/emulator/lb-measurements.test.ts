// longestWithoutHealthyTarget and fewestHealthyTargets: computed from history (registrations ×
// the pods' in-service spans, shifted by lbHealthyMs), so a clock that leaps gives exact answers.
import { DEFAULT_TIMINGS, PodEmulator } from '../../emulator/index.js'
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import { lbRegion } from './lb-region.js'

const T = DEFAULT_TIMINGS
const H = T.lbHealthyMs
const U = T.lbUnhealthyMs
const DRAIN_MS = 5000
let clock: VirtualClock
let emu: PodEmulator

beforeEach(async () => {
  clock = new VirtualClock()
  emu = await PodEmulator.start({ clock, seed: lbRegion() })
})
afterEach(() => emu.close())

const targetOf = (podId: string): string =>
  emu.lb.targets('tg-web').find(t => t.instanceId === podId)?.targetId ?? ''

/** One pod's turn of a rollout, the clock leaping from step to step. */
function replace(podId: string, options: { waitHealthy: boolean }): void {
  emu.someoneElse.deregisterTargets('tg-web', [targetOf(podId)])
  clock.advance(DRAIN_MS)
  emu.someoneElse.stopPod(podId)
  clock.advance(T.stopMs)
  emu.someoneElse.rebuildPod(podId, [{ name: 'web', image: 'registry.example.com/shop/web:2.0' }])
  clock.advance(T.rebuildMs)
  emu.someoneElse.startPod(podId)
  clock.advance(T.startMs + T.pullMs + T.readyMs)
  emu.someoneElse.registerTargets('tg-web', [{ type: 'container', instanceId: podId, port: 80 }])
  if (options.waitHealthy) clock.advance(H)
}

test('a drain done right: the group always had a healthy target', () => {
  replace('pod-a', { waitHealthy: true })
  replace('pod-b', { waitHealthy: true })
  expect(emu.lb.health('be-http').map(h => h.status)).toEqual(['healthy', 'healthy'])
  expect(emu.lb.longestWithoutHealthyTarget('tg-web')).toBe(0)
  expect(emu.lb.fewestHealthyTargets('tg-web')).toBe(1)
})

test('a drain done wrong: the next pod left before the last one was healthy', () => {
  replace('pod-a', { waitHealthy: false })
  replace('pod-b', { waitHealthy: true })
  // pod-a turned healthy H after its registration, the moment pod-b was deregistered.
  expect(emu.lb.longestWithoutHealthyTarget('tg-web')).toBe(H)
  expect(emu.lb.fewestHealthyTargets('tg-web')).toBe(0)
})

test('a stop without deregistering: the stopped pod is reported healthy but serves nobody', () => {
  emu.someoneElse.deregisterTargets('tg-web', ['target-b'])
  clock.advance(1000)
  emu.someoneElse.stopPod('pod-a')
  clock.advance(U - 1)
  expect(emu.lb.health('be-http')[0]?.status).toBe('healthy')
  clock.advance(10_000)
  // An outage still going on counts up to now.
  expect(emu.lb.longestWithoutHealthyTarget('tg-web')).toBe(U - 1 + 10_000)
})

test('a break shorter than lbUnhealthyMs goes unnoticed by the checks but not by the measure', () => {
  emu.someoneElse.deregisterTargets('tg-web', ['target-b'])
  clock.advance(1000)
  emu.someoneElse.stopPod('pod-a')
  clock.advance(300)
  emu.someoneElse.setPhase('pod-a', 'running')
  expect(emu.lb.health('be-http')[0]?.status).toBe('healthy')
  clock.advance(60_000)
  expect(emu.lb.health('be-http')[0]?.status).toBe('healthy')
  expect(emu.lb.longestWithoutHealthyTarget('tg-web')).toBe(300)
})

test('the worst of several backends counts', () => {
  emu.seed({
    loadBalancing: {
      backends: [{ backendId: 'be-slow', port: 81, targetGroupIds: ['tg-web'], lbHealthyMs: 7000 }]
    }
  })
  replace('pod-a', { waitHealthy: true })
  replace('pod-b', { waitHealthy: true })
  // be-slow saw pod-a healthy 7 s after its registration; pod-b left after 2 s.
  expect(emu.lb.longestWithoutHealthyTarget('tg-web')).toBe(7000 - H)
})

test('0 for a group that never had a healthy target; unknown groups are refused', () => {
  expect(emu.lb.longestWithoutHealthyTarget('tg-dist')).toBe(0)
  expect(emu.lb.fewestHealthyTargets('tg-dist')).toBe(0)
  emu.someoneElse.registerTargets('tg-dist', [{ type: 'container', instanceId: 'pod-d' }])
  clock.advance(H - 1)
  expect(emu.lb.longestWithoutHealthyTarget('tg-dist')).toBe(0)
  expect(() => emu.lb.longestWithoutHealthyTarget('tg-nope')).toThrow('not found')
})

test('the past does not change, however far the clock leaps', () => {
  replace('pod-a', { waitHealthy: false })
  replace('pod-b', { waitHealthy: true })
  clock.advance(24 * 3600_000)
  expect(emu.lb.longestWithoutHealthyTarget('tg-web')).toBe(H)
})

test('weight 0 (alb): the target stays registered and healthy, but carries no traffic', () => {
  emu.someoneElse.updateTargets('tg-web', [{ targetId: targetOf('pod-b'), weight: 0 }])
  clock.advance(1000)
  emu.someoneElse.stopPod('pod-a')
  clock.advance(U + 5000)
  expect(emu.lb.health('be-http').find(h => h.instanceId === 'pod-b')).toMatchObject({
    status: 'healthy',
    weight: 0
  })
  // pod-a stopped serving at its stop; pod-b, at weight 0, never took over.
  expect(emu.lb.longestWithoutHealthyTarget('tg-web')).toBe(U + 5000)
  emu.someoneElse.updateTargets('tg-web', [{ targetId: targetOf('pod-b'), weight: 10 }])
  clock.advance(1000)
  // Its weight back, pod-b serves at once: it was healthy all along.
  expect(emu.lb.longestWithoutHealthyTarget('tg-web')).toBe(U + 5000)
  expect(emu.lb.fewestHealthyTargets('tg-web')).toBe(0)
})
