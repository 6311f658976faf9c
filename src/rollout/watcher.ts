/**
 * One describePods sweep serves every pod being waited on, so waiting on fifty pods costs what
 * waiting on one does. Sweeps run once a second (readiness is seen about half a second after
 * it happens) and never more than `maxCallsPerMinute` describe calls a minute, however many pods
 * are in flight — JD Cloud throttles the whole account.
 */
import type { Clock } from '../clock.js'
import type { PodClient } from '../jdcloud/client.js'
import { MAX_PAGE_SIZE } from '../jdcloud/client.js'
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
    options: WatcherOptions = {}
  ) {
    this.intervalMs = options.intervalMs ?? 1000
    this.maxCallsPerMinute = options.maxCallsPerMinute ?? 60
    this.lastSweepAt = clock.now()
  }

  watch<T>(request: WatchRequest<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (request.signal?.aborted) return reject(request.signal.reason)
      const waiter: Waiter = {
        request: request as WatchRequest<unknown>,
        resolve: value => {
          this.remove(waiter)
          resolve(value as T)
        },
        reject: error => {
          this.remove(waiter)
          reject(error)
        }
      }
      request.signal?.addEventListener('abort', () => waiter.reject(request.signal?.reason), {
        once: true
      })
      this.waiters.add(waiter)
      if (!this.running) void this.loop()
    })
  }

  private remove(waiter: Waiter): void {
    this.waiters.delete(waiter)
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
        if (wait > 0) await this.clock.sleep(wait)
        if (this.waiters.size === 0) break
        this.lastSweepAt = this.clock.now()
        await this.sweep()
      }
    } finally {
      this.running = false
    }
  }

  private async sweep(): Promise<void> {
    const waiters = [...this.waiters]
    const ids = [...new Set(waiters.map(waiter => waiter.request.podId))]
    let pods: Pod[]
    try {
      this.sweeps += Math.ceil(ids.length / MAX_PAGE_SIZE)
      ;({ pods } = await this.client.describePodsByIds(ids))
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
    const now = this.clock.now()
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
      else if (now >= waiter.request.deadline)
        waiter.reject(waiter.request.onTimeout(waiter.lastSeen))
    }
  }

  /** A pod missing from a sweep is gone only if describePod says 404; otherwise use that answer. */
  private async confirmGone(podId: string): Promise<Pod | undefined> {
    try {
      return (await this.client.describePod(podId)).pod
    } catch (error) {
      if (error instanceof JdcloudError && error.httpStatus === 404) return undefined
      throw error
    }
  }
}
