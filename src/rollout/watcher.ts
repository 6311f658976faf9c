/**
 * Waiting on pods: one describePods sweep (a call per hundred pods) serves every pod being waited
 * on, once a second and never more than 60 describe calls a minute (see sweeper.ts). A pod
 * missing from a sweep is gone only if describePod says 404.
 */
import type { Clock } from '../clock.js'
import type { CallOptions } from '../jdcloud/call.js'
import { JdcloudError } from '../jdcloud/errors.js'
import { MAX_PAGE_SIZE } from '../jdcloud/paging.js'
import type { PodClient } from '../jdcloud/pod-client.js'
import type { Pod } from '../jdcloud/types.js'
import { Sweeper } from './sweeper.js'
import type { Judgement, SweeperOptions } from './sweeper.js'

export interface WatchRequest<T> {
  podId: string
  /** Called with each fresh observation; `undefined` means the pod no longer exists. */
  judge: (pod: Pod | undefined) => Judgement<T>
  /** Clock time after which the wait fails with `onTimeout(lastSeen)`. */
  deadline: number
  onTimeout: (lastSeen: Pod | undefined) => Error
  signal?: AbortSignal
}

export type WatcherOptions = SweeperOptions

export class PodWatcher {
  private readonly sweeper: Sweeper<string, Pod>

  constructor(
    private readonly client: PodClient,
    clock: Clock,
    options: WatcherOptions = {}
  ) {
    this.sweeper = new Sweeper<string, Pod>(
      (ids, callOptions) => this.read(ids, callOptions),
      ids => Math.ceil(ids.length / MAX_PAGE_SIZE),
      clock,
      options
    )
  }

  /** describe calls made by sweeps, for the benchmark's calls-per-minute figure. */
  get sweeps(): number {
    return this.sweeper.calls
  }

  watch<T>(request: WatchRequest<T>): Promise<T> {
    let lastSeen: Pod | undefined
    return this.sweeper.watch<T>({
      keys: [request.podId],
      deadline: request.deadline,
      signal: request.signal,
      judge: seen => {
        const pod = seen.get(request.podId)
        if (pod) lastSeen = pod
        return request.judge(pod)
      },
      onTimeout: () => request.onTimeout(lastSeen)
    })
  }

  private async read(
    ids: readonly string[],
    options: CallOptions
  ): Promise<Map<string, Pod | undefined | Error>> {
    const { pods } = await this.client.describePodsByIds(ids, options)
    const seen = new Map<string, Pod | undefined | Error>(pods.map(pod => [pod.podId, pod]))
    for (const id of ids) {
      if (seen.has(id)) continue
      seen.set(id, await this.confirmGone(id, options).catch((error: Error) => error))
    }
    return seen
  }

  /** A pod missing from a sweep is gone only if describePod says 404; otherwise use that answer. */
  private async confirmGone(podId: string, options: CallOptions): Promise<Pod | undefined> {
    try {
      return (await this.client.describePod(podId, { signal: options.signal })).pod
    } catch (error) {
      if (error instanceof JdcloudError && error.httpStatus === 404) return undefined
      throw error
    }
  }
}
