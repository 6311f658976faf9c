import { rollInBatches } from '../../src/rollout/fleet.js'

describe('rollInBatches', () => {
  test('never runs more than maxParallel at once, and finishes a batch before the next', async () => {
    let inFlight = 0
    let peak = 0
    const order: string[] = []
    const { results, untouched } = await rollInBatches(
      [1, 2, 3, 4, 5, 6, 7],
      3,
      async n => {
        inFlight++
        peak = Math.max(peak, inFlight)
        order.push(`start ${n}`)
        await new Promise(resolve => setImmediate(resolve))
        order.push(`end ${n}`)
        inFlight--
        return n
      },
      () => false
    )
    expect(peak).toBe(3)
    expect(results.map(r => r.result)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(untouched).toEqual([])
    expect(order.indexOf('start 4')).toBeGreaterThan(order.indexOf('end 3'))
  })

  test('the first failure stops the rollout after its batch; the rest stay untouched', async () => {
    const ran: number[] = []
    const { results, untouched } = await rollInBatches(
      [1, 2, 3, 4, 5],
      2,
      async n => {
        ran.push(n)
        return n === 3 ? 'failed' : 'ok'
      },
      result => result === 'failed'
    )
    expect(ran).toEqual([1, 2, 3, 4])
    expect(results).toHaveLength(4)
    expect(untouched).toEqual([5])
  })

  test('a stop request before a batch leaves it and the rest untouched', async () => {
    let stop = false
    const { results, untouched } = await rollInBatches(
      ['a', 'b', 'c'],
      1,
      async item => {
        stop = true
        return item
      },
      () => false,
      () => stop
    )
    expect(results.map(r => r.item)).toEqual(['a'])
    expect(untouched).toEqual(['b', 'c'])
  })
})
