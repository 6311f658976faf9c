/**
 * The steps of one pod's rollout with their times, recorded as they happen: the timeline of the
 * job summary is drawn from these, never from a guess. A step that throws is recorded as not ok.
 */
import type { Clock } from '../clock.js'
import type { StepName, StepRecord } from '../report/model.js'

export class StepLog {
  private readonly list: StepRecord[] = []

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** In the order they began. */
  get records(): StepRecord[] {
    return this.list.map(record => ({ ...record }))
  }

  now(): number {
    return this.clock.now()
  }

  /** A step timed by someone else (a batch's gate), ending now. */
  add(step: StepName, startedAt: number, ok: boolean): void {
    this.list.push({ step, startedAt, endedAt: this.clock.now(), ok })
  }

  async time<T>(step: StepName, work: () => Promise<T>): Promise<T> {
    const record: StepRecord = { step, startedAt: this.clock.now(), endedAt: 0, ok: false }
    this.list.push(record)
    try {
      const value = await work()
      record.ok = true
      return value
    } finally {
      record.endedAt = this.clock.now()
    }
  }
}
