/**
 * Many waits, one read per sweep: every wait names the things it watches (pods, load balancer
 * backends), and one sweep reads all of them for all the waits at once, so waiting on fifty pods
 * costs what waiting on one does. Sweeps keep a steady cadence (`intervalMs`, once a second by
 * default) and never make more than `maxCallsPerMinute` calls a minute, however many things are
 * watched — JD Cloud throttles the whole account, per API.
 */
import type { Clock } from '../clock.js'
import type { CallOptions } from '../jdcloud/call.js'

/** What a waiter makes of one observation: done, failed, or keep waiting (undefined). */
export type Judgement<T> = { done: T } | { fail: Error } | undefined

export interface SweepRequest<K, S, T> {
  keys: readonly K[]
  /** Called with each fresh observation of the keys; `undefined` means the thing is gone. */
  judge: (seen: ReadonlyMap<K, S | undefined>) => Judgement<T>
  /** Clock time after which the wait fails with `onTimeout(lastSeen)`. */
  deadline: number
  onTimeout: (lastSeen: ReadonlyMap<K, S | undefined> | undefined) => Error
  signal?: AbortSignal
}

export interface SweeperOptions {
  intervalMs?: number
  maxCallsPerMinute?: number
  /** Ends the sweeps (and the calls in flight) for good: the run's last signal. */
  signal?: AbortSignal
}

/** Reads the keys; a key missing from the answer map is read as gone. May reject per key. */
export type Fetch<K, S> = (
  keys: readonly K[],
  options: CallOptions
) => Promise<Map<K, S | undefined | Error>>

interface Waiter {
  request: SweepRequest<unknown, unknown, unknown>
  lastSeen?: ReadonlyMap<unknown, unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

export class Sweeper<K, S> {
  private readonly waiters = new Set<Waiter>()
  private running = false
  /** The run's first read (resolving the targets) comes right before the first sweep. */
  private lastSweepAt: number
  private readonly intervalMs: number
  private readonly maxCallsPerMinute: number
  /** Calls made by sweeps, for the benchmark's calls-per-minute figure. */
  calls = 0

  constructor(
    private readonly fetch: Fetch<K, S>,
    /** How many calls one sweep of these keys makes. */
    private readonly callsFor: (keys: readonly K[]) => number,
    private readonly clock: Clock,
    private readonly options: SweeperOptions = {}
  ) {
    this.intervalMs = options.intervalMs ?? 1000
    this.maxCallsPerMinute = options.maxCallsPerMinute ?? 60
    this.lastSweepAt = clock.now()
  }

  watch<T>(request: SweepRequest<K, S, T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (request.signal?.aborted) return reject(request.signal.reason)
      // Removed when the wait ends, however it ends: a run waits many times on one signal.
      const onAbort = (): void => waiter.reject(request.signal?.reason)
      const waiter: Waiter = {
        request: request as unknown as SweepRequest<unknown, unknown, unknown>,
        resolve: value => {
          this.remove(waiter, onAbort)
          resolve(value as T)
        },
        reject: error => {
          this.remove(waiter, onAbort)
          reject(error)
        }
      }
      request.signal?.addEventListener('abort', onAbort, { once: true })
      this.waiters.add(waiter)
      if (!this.running) void this.loop()
    })
  }

  private remove(waiter: Waiter, onAbort: () => void): void {
    this.waiters.delete(waiter)
    waiter.request.signal?.removeEventListener('abort', onAbort)
  }

  private keysOf(waiters: Iterable<Waiter>): K[] {
    return [...new Set([...waiters].flatMap(waiter => waiter.request.keys as K[]))]
  }

  private async loop(): Promise<void> {
    this.running = true
    try {
      while (this.waiters.size > 0) {
        // Sweeps keep their cadence across waits: a new wait is served at the next slot, at once
        // when the last sweep is older than one interval.
        const calls = this.callsFor(this.keysOf(this.waiters))
        const interval = Math.max(this.intervalMs, (calls * 60_000) / this.maxCallsPerMinute)
        const wait = this.lastSweepAt + interval - this.clock.now()
        if (wait > 0) await this.clock.sleep(wait, this.options.signal).catch(() => undefined)
        if (this.options.signal?.aborted) {
          for (const waiter of this.waiters) waiter.reject(this.options.signal.reason)
          break
        }
        if (this.waiters.size === 0) break
        this.lastSweepAt = this.clock.now()
        await this.sweep()
      }
    } finally {
      this.running = false
    }
  }

  private async sweep(): Promise<void> {
    // A wait whose deadline has passed ends with its own timeout, on what was last seen.
    const now = this.clock.now()
    for (const waiter of [...this.waiters])
      if (now >= waiter.request.deadline)
        waiter.reject(waiter.request.onTimeout(waiter.lastSeen as never))
    const waiters = [...this.waiters]
    if (waiters.length === 0) return
    const keys = this.keysOf(waiters)
    let seen: Map<K, S | undefined | Error>
    try {
      this.calls += this.callsFor(keys)
      // No sweep outlives the longest wait it serves, whatever a Retry-After asks.
      const deadline = Math.max(...waiters.map(waiter => waiter.request.deadline))
      seen = await this.fetch(keys, { signal: this.options.signal, deadline })
    } catch (error) {
      // The client has retried what can be retried; what is left ends every wait that needed it.
      for (const waiter of waiters) waiter.reject(error)
      return
    }
    const judgedAt = this.clock.now()
    for (const waiter of waiters) {
      if (!this.waiters.has(waiter)) continue
      const mine = new Map<K, S | undefined>()
      const failure = (waiter.request.keys as K[])
        .map(key => seen.get(key))
        .find((value): value is Error => value instanceof Error)
      if (failure) {
        waiter.reject(failure)
        continue
      }
      for (const key of waiter.request.keys as K[]) mine.set(key, seen.get(key) as S | undefined)
      waiter.lastSeen = mine
      let judgement: Judgement<unknown>
      try {
        judgement = waiter.request.judge(mine)
      } catch (error) {
        waiter.reject(error)
        continue
      }
      if (judgement && 'done' in judgement) waiter.resolve(judgement.done)
      else if (judgement && 'fail' in judgement) waiter.reject(judgement.fail)
      else if (judgedAt >= waiter.request.deadline)
        waiter.reject(waiter.request.onTimeout(mine as never))
    }
  }
}
