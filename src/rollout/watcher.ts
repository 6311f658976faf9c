/**
 * One describePods sweep serves every pod being waited on, so waiting on fifty pods costs what
 * waiting on one does. Sweeps run once a second (readiness is seen about half a second after
 * it happens) and never more than `maxCallsPerMinute` describe calls a minute, however many pods
 * are in flight — JD Cloud throttles the whole account.
 */
import type { Clock } from '../clock.js'
import { MAX_PAGE_SIZE } from '../jdcloud/paging.js'
import type { PodClient } from '../jdcloud/pod-client.js'
import { JdcloudError } from '../jdcloud/errors.js'
import type { Pod } from '../jdcloud/types.js'

/** What a waiter makes of one observation: done, failed, or keep waiting (undefined). */
export type Judgement<T> = { done: T } | { fail: Error } | undefined

export interface WatchRequest<T> {
  podId: string
  /** Called with each fresh observation; `undefined` means the pod no longer exists. */
  judge: (pod: Pod | undefined) => Judgement<T>
  /** Clock time after which the wait fails with `onTimeout(lastSeen)`. */
  deadline: number
  onTimeout: (lastSeen: Pod | undefined) => Error
  signal?: AbortSignal
}

export interface WatcherOptions {
  intervalMs?: number
  maxCallsPerMinute?: number
  /** Ends the sweeps (and the calls in flight) for good: the run's last signal. */
  signal?: AbortSignal
}

interface Waiter {
  request: WatchRequest<unknown>
  lastSeen?: Pod
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

export class PodWatcher {
  private readonly waiters = new Set<Waiter>()
  private running = false
  /** The run's first describe (resolving the targets) comes right before the first sweep. */
  private lastSweepAt: number
  private readonly intervalMs: number
  private readonly maxCallsPerMinute: number
  /** describe calls made by sweeps, for the benchmark's calls-per-minute figure. */
  sweeps = 0

  constructor(
    private readonly client: PodClient,
    private readonly clock: Clock,
    private readonly options: WatcherOptions = {}
  ) {
    this.intervalMs = options.intervalMs ?? 1000
    this.maxCallsPerMinute = options.maxCallsPerMinute ?? 60
    this.lastSweepAt = clock.now()
  }

  watch<T>(request: WatchRequest<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (request.signal?.aborted) return reject(request.signal.reason)
      // Removed when the wait ends, however it ends: a run waits many times on one signal.
      const onAbort = (): void => waiter.reject(request.signal?.reason)
      const waiter: Waiter = {
        request: request as WatchRequest<unknown>,
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

  private async loop(): Promise<void> {
    this.running = true
    try {
      while (this.waiters.size > 0) {
        // Sweeps keep their cadence across waits: a new wait is served at the next slot, at once
        // when the last sweep is older than one interval.
        const ids = [...new Set([...this.waiters].map(waiter => waiter.request.podId))]
        const calls = Math.ceil(ids.length / MAX_PAGE_SIZE)
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
      if (now >= waiter.request.deadline) waiter.reject(waiter.request.onTimeout(waiter.lastSeen))
    const waiters = [...this.waiters]
    if (waiters.length === 0) return
    const ids = [...new Set(waiters.map(waiter => waiter.request.podId))]
    let pods: Pod[]
    try {
      this.sweeps += Math.ceil(ids.length / MAX_PAGE_SIZE)
      // No sweep outlives the longest wait it serves, whatever a Retry-After asks.
      const deadline = Math.max(...waiters.map(waiter => waiter.request.deadline))
      ;({ pods } = await this.client.describePodsByIds(ids, {
        signal: this.options.signal,
        deadline
      }))
    } catch (error) {
      // The client has retried what can be retried; what is left ends every wait that needed it.
      for (const waiter of waiters) waiter.reject(error)
      return
    }
    const byId = new Map<string, Pod | undefined>(pods.map(pod => [pod.podId, pod]))
    for (const id of ids) {
      if (byId.has(id)) continue
      try {
        byId.set(id, await this.confirmGone(id))
      } catch (error) {
        for (const waiter of waiters) if (waiter.request.podId === id) waiter.reject(error)
      }
    }
    const judgedAt = this.clock.now()
    for (const waiter of waiters) {
      if (!this.waiters.has(waiter)) continue
      const pod = byId.get(waiter.request.podId)
      if (pod) waiter.lastSeen = pod
      let judgement: Judgement<unknown>
      try {
        judgement = waiter.request.judge(pod)
      } catch (error) {
        waiter.reject(error)
        continue
      }
      if (judgement && 'done' in judgement) waiter.resolve(judgement.done)
      else if (judgement && 'fail' in judgement) waiter.reject(judgement.fail)
      else if (judgedAt >= waiter.request.deadline)
        waiter.reject(waiter.request.onTimeout(waiter.lastSeen))
    }
  }

  /** A pod missing from a sweep is gone only if describePod says 404; otherwise use that answer. */
  private async confirmGone(podId: string): Promise<Pod | undefined> {
    try {
      return (await this.client.describePod(podId, { signal: this.options.signal })).pod
    } catch (error) {
      if (error instanceof JdcloudError && error.httpStatus === 404) return undefined
      throw error
    }
  }
}
