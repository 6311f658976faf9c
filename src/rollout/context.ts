import type { Clock } from '../clock.js'
import type { RequestLedger } from '../jdcloud/call-ledger.js'
import type { PodClient } from '../jdcloud/pod-client.js'
import type { Log } from '../log.js'
import type { BalancerReport } from '../report/model.js'
import type { Cancellation } from './cancellation.js'
import type { BatchGate } from './verification.js'
import type { PodWatcher } from './watcher.js'

/** What every rollout needs from the run: the pod API, the shared watcher, time, the log. */
export interface RolloutContext {
  pods: PodClient
  watcher: PodWatcher
  clock: Clock
  log: Log
  cancellation: Cancellation
  ledger: RequestLedger
}

/** How a fleet of pods is rolled: what the settings say, narrowed to what the engine reads. */
export interface RolloutOptions {
  /** Per pod: from its first step to ready. */
  timeoutMs: number
  failFastMs: number
  wait: boolean
  maxParallel: number
  logLines: number
  /**
   * Put touched pods back after a failure; 'off' when the user turned it off, undefined for
   * operations that change no containers (start, stop, restart).
   */
  rollback?: RollbackOptions | 'off'
  /** Pods in the first batch, when it is not maxParallel (a canary). */
  canary?: number
  /** The load balancers the pods serve behind, when the run takes them out of traffic. */
  traffic?: Traffic
  /** The smoke check each batch must pass before the next starts (verify-url). */
  gate?: BatchGate
}

/**
 * Taking pods out of traffic and putting them back (see balancer.ts): the engine asks before each
 * batch, a move takes its pod out right before its first change, and the engine puts it back
 * after the move, after a rollback, and — in the grace period — after a cancellation.
 */
export interface Traffic {
  beforeBatch(podIds: readonly string[], deadline: number): Promise<void>
  takeOut(podId: string, deadline: number, mode: 'forward' | 'restore'): Promise<void>
  putBack(
    podId: string,
    options: { deadline: number; awaitHealthy: boolean; mode: 'forward' | 'restore' }
  ): Promise<void>
  isOut(podId: string): boolean
  noteFor(podId: string, note: string): void
  report(podId: string): BalancerReport | undefined
  planLines(podId: string): string[]
}

export interface RollbackOptions {
  /**
   * 'touched': every pod the run changed, so a failed deploy leaves the fleet on one version;
   * 'failed': only the failing pod (pods that proved a new secret keep it).
   */
  scope: 'touched' | 'failed'
  /** Its own budget per pod, never less than ROLLBACK_MINIMUM_MS (see restore.ts). */
  budgetMs: number
}
