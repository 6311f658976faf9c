// The overall deadline and cancellation, in virtual time.
import { VirtualClock } from '../../__fixtures__/virtual-clock.js'
import type { CheckFn, CheckOutcome } from '../../src/verify/check.js'
import { runGate } from '../../src/verify/gate.js'
import { deps, PASS, scripted, settings, START } from './helpers.js'

describe('deadline and cancellation', () => {
  test('the overall deadline cuts the gate short', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(settings(), [], deps(clock, { check, deadline: START + 12_000 }))
    expect(calls.map(call => call.at)).toEqual([0, 5, 10])
    expect(clock.now() - START).toBe(12_000)
    expect(result).toEqual({
      passed: false,
      cancelled: false,
      records: [
        expect.objectContaining({
          passed: false,
          passes: 3,
          failures: 0,
          checkedSeconds: 10,
          reason: 'the overall deadline passed 12s into verify-for 30s'
        })
      ]
    })
  })

  test('a request is bounded by what is left before the deadline, and says so', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, (_url, n) =>
      n === 0 ? PASS : { outcome: PASS, takesMs: 8000 }
    )
    const result = await runGate(settings(), [], deps(clock, { check, deadline: START + 7000 }))
    expect(calls.map(call => [call.at, call.timeoutMs])).toEqual([
      [0, 7000],
      [5, 2000]
    ])
    expect(result.records[0]).toMatchObject({
      passed: false,
      failures: 1,
      checkedSeconds: 7,
      reason: 'the overall deadline passed while waiting for an answer'
    })
  })

  test('cancellation between polls stops the gate at once', async () => {
    const clock = new VirtualClock(START)
    const controller = new AbortController()
    void clock.sleep(7000).then(() => controller.abort(new Error('cancelled by the runner')))
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(settings(), [], deps(clock, { check, signal: controller.signal }))
    expect(clock.now() - START).toBe(7000)
    expect(calls.map(call => call.at)).toEqual([0, 5])
    expect(result).toEqual({
      passed: false,
      cancelled: true,
      records: [expect.objectContaining({ passed: false, passes: 2, reason: 'cancelled' })]
    })
  })

  test('cancellation during a check that ignores the signal still returns at once', async () => {
    const clock = new VirtualClock(START)
    const controller = new AbortController()
    void clock.sleep(3000).then(() => controller.abort())
    const check: CheckFn = () => new Promise<CheckOutcome>(() => undefined)
    const result = await runGate(settings(), [], deps(clock, { check, signal: controller.signal }))
    expect(result).toMatchObject({ passed: false, cancelled: true })
    expect(clock.now() - START).toBe(3000)
  })

  test('a signal already aborted: no check at all', async () => {
    const clock = new VirtualClock(START)
    const { check, calls } = scripted(clock, () => PASS)
    const result = await runGate(
      settings(),
      [],
      deps(clock, { check, signal: AbortSignal.abort() })
    )
    expect(result.cancelled).toBe(true)
    expect(calls).toEqual([])
  })
})
