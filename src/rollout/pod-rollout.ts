/**
 * The careful moves on one pod, bound to its ID, its deadline and what has been done to it so
 * far: each mutating call followed by a wait for its effect, through the shared watcher. A call
 * refused because the pod is busy with a task is retried once the pod settles, within the
 * deadline. A `forward` rollout stops at the first signal of cancellation; a `restore` rollout
 * (rollback, putting a pod back on cancellation) goes on until the grace period ends.
 */
import type { CallOptions } from '../jdcloud/call.js'
import type { JdcloudError } from '../jdcloud/errors.js'
import type { Pod, RebuildContainerSpec } from '../jdcloud/types.js'
import { differences, podRunsSpecs } from '../pod-spec/echo.js'
import { forgetIfRefused, isStateRefusal } from './refusals.js'
import type { RolloutContext } from './context.js'
import { RolloutError } from './errors.js'
import { assessPod, isSettled, phaseOf, progressLine } from './health.js'
import type { Expectation } from './health.js'
import type { Judgement } from './sweeper.js'
import { StepLog } from './step-log.js'

/** What has been done to a pod so far: what a rollback or a cancellation has to undo. */
export interface PodProgress {
  stoppedByUs: boolean
  rebuilt: boolean
  started: boolean
}

/** How long a pod may still show its old containers after an accepted rebuild, if never seen busy. */
const REBUILD_GRACE_MS = 30_000

export class PodRollout {
  readonly progress: PodProgress = { stoppedByUs: false, rebuilt: false, started: false }
  /** Each step with its times, for the summary's timeline. */
  readonly steps: StepLog

  constructor(
    private readonly ctx: RolloutContext,
    readonly podId: string,
    readonly deadline: number,
    readonly mode: 'forward' | 'restore'
  ) {
    this.steps = new StepLog(ctx.clock)
  }

  /** Waits and reads: a forward rollout stops at the first signal; a restore at the second. */
  get signal(): AbortSignal {
    const { cancellation } = this.ctx
    return this.mode === 'forward' ? cancellation.signal : cancellation.restoreSignal
  }

  /** Mutating calls are never cut off mid-flight by the first signal: they may have landed. */
  private get callOptions(): CallOptions {
    return { signal: this.ctx.cancellation.restoreSignal, deadline: this.deadline }
  }

  /** No forward step begins once cancellation is asked for; restoring steps go on. */
  private guard(): void {
    if (this.mode === 'forward') this.ctx.cancellation.guard()
  }

  async describe(): Promise<Pod> {
    return (
      await this.ctx.pods.describePod(this.podId, { signal: this.signal, deadline: this.deadline })
    ).pod
  }

  /** The pod as it is now for a report; what was known before when it cannot be read. */
  async describeForReport(fallback: Pod): Promise<Pod> {
    try {
      const options = { signal: this.ctx.cancellation.restoreSignal, deadline: this.deadline }
      return (await this.ctx.pods.describePod(this.podId, options)).pod
    } catch {
      return fallback
    }
  }

  /** The pod once it is running, stopped or in error: a task in progress is waited out. */
  async settle(): Promise<Pod> {
    let announced = false
    return this.waitFor<Pod>('settle', 'settle (finish its current task)', pod => {
      if (isSettled(pod)) return { done: pod }
      if (!announced)
        this.ctx.log.info(`[${this.podId}] is ${phaseOf(pod)}; waiting for it to settle`)
      announced = true
      return undefined
    })
  }

  /** stopPod, then wait until stopped. */
  stop(): Promise<Pod> {
    return this.steps.time('stop', async () => {
      await this.callStop()
      this.ctx.log.info(`[${this.podId}] stopping`)
      return this.waitFor<Pod>('stop', 'stop', pod => {
        const phase = phaseOf(pod)
        if (phase === 'stopped') return { done: pod }
        if (phase === 'error')
          return this.failure('stop', 'went into phase error while stopping', pod)
        return undefined
      })
    })
  }

  /** stopPod alone (wait: false). */
  requestStop(): Promise<void> {
    return this.steps.time('stop', () => this.callStop())
  }

  private async callStop(): Promise<void> {
    await this.callWhenNotBusy(
      'stop',
      async () => {
        this.guard()
        // Marked before the call: a call cut short may still have landed.
        this.progress.stoppedByUs = true
        await this.ctx.pods
          .stopPod(this.podId, this.callOptions)
          .catch(forgetIfRefused(() => (this.progress.stoppedByUs = false)))
      },
      phase => phase === 'stopped'
    )
  }

  /**
   * rebuildPod with the full container specs, then wait until the pod has settled in `stopped`
   * running every field sent. No transitional phase is named: the rebuild is over when the pod is
   * stopped on the new containers; stopped on others after it was seen busy (or after a grace
   * period) means the rebuild did not land as sent.
   */
  rebuild(containers: readonly RebuildContainerSpec[]): Promise<Pod> {
    return this.steps.time('rebuild', () => this.rebuildAndWait(containers))
  }

  private async rebuildAndWait(containers: readonly RebuildContainerSpec[]): Promise<Pod> {
    const landed = (pod: Pod): boolean => podRunsSpecs(pod, containers)
    const calledAt = this.ctx.clock.now()
    await this.callWhenNotBusy('rebuild', async () => {
      this.guard()
      this.progress.rebuilt = true
      await this.ctx.pods
        .rebuildPod(this.podId, containers, landed, this.callOptions)
        .catch(forgetIfRefused(() => (this.progress.rebuilt = false)))
    })
    this.ctx.log.info(`[${this.podId}] rebuilding`)
    let sawBusy = false
    return this.waitFor<Pod>('rebuild', 'finish the rebuild', pod => {
      const phase = phaseOf(pod)
      if (phase === 'error')
        return this.failure('rebuild', 'went into phase error during the rebuild', pod)
      if (!isSettled(pod)) {
        sawBusy = true
        return undefined
      }
      if (phase === 'running')
        return this.failure(
          'rebuild',
          'was started by someone else while the action rebuilt it',
          pod
        )
      if (landed(pod)) return { done: pod }
      // Right after the call a read may still show the old containers; once the pod has been
      // busy, or after the grace period, it may not.
      if (!sawBusy && this.ctx.clock.now() - calledAt < REBUILD_GRACE_MS) return undefined
      return this.failure(
        'rebuild',
        `was rebuilt, but not as sent (${differences(pod, containers)}): someone else changed the pod meanwhile, or the rebuild did not land`,
        pod
      )
    })
  }

  /** startPod; does not wait for readiness (see waitReady). */
  start(): Promise<void> {
    return this.steps.time('start', () => this.callStart())
  }

  private async callStart(): Promise<void> {
    await this.callWhenNotBusy(
      'start',
      async () => {
        this.guard()
        await this.ctx.pods.startPod(this.podId, this.callOptions)
        this.progress.started = true
      },
      phase => phase === 'running'
    )
  }

  /**
   * Waits until the pod runs with every app container ready on the expected specs. A state that
   * waiting will not fix (an image that cannot be pulled, a crash loop, phase error) fails the
   * wait once it has lasted `failFastMs`, long before the deadline.
   */
  waitReady(expectation: Expectation, failFastMs: number): Promise<Pod> {
    return this.steps.time('ready', () => this.untilReady(expectation, failFastMs))
  }

  private untilReady(expectation: Expectation, failFastMs: number): Promise<Pod> {
    let failingSince: number | undefined
    let lastLine = ''
    let leftStopped = false
    return this.waitFor<Pod>('ready', 'become ready', pod => {
      const health = assessPod(pod, expectation)
      // A read right after startPod may still say stopped; once the pod has moved, it may not.
      if (health.phase !== 'stopped') leftStopped = true
      else if (leftStopped)
        health.failing ??= `it was stopped by someone else while the action waited for it`
      const line = progressLine(health)
      if (line !== lastLine) this.ctx.log.info(`[${this.podId}] ${line}`)
      lastLine = line
      if (health.ready) return { done: pod }
      if (!health.failing) {
        failingSince = undefined
        return undefined
      }
      const now = this.ctx.clock.now()
      failingSince ??= now
      if (now - failingSince < failFastMs) return undefined
      return this.failure('ready', `is failing: ${health.failing}`, pod)
    })
  }

  private failure(step: string, why: string, pod: Pod): Judgement<never> {
    return { fail: new RolloutError(`${this.podId} ${why}`, this.podId, step, pod) }
  }

  private waitFor<T>(step: string, what: string, judge: (pod: Pod) => Judgement<T>): Promise<T> {
    const { podId } = this
    return this.ctx.watcher.watch<T>({
      podId,
      deadline: this.deadline,
      signal: this.signal,
      judge: pod =>
        pod === undefined
          ? {
              fail: new RolloutError(
                `${podId} no longer exists (deleted while the action waited for it to ${what})`,
                podId,
                step,
                undefined,
                { gone: true }
              )
            }
          : judge(pod),
      onTimeout: lastSeen =>
        new RolloutError(
          `${podId} did not ${what} in time (${lastSeen ? progressLine(assessPod(lastSeen)) : 'never seen'})`,
          podId,
          step,
          lastSeen,
          { timedOut: true }
        )
    })
  }

  /**
   * Makes a mutating call; if JD Cloud refuses it because of the pod's state, re-reads the pod:
   * already where the call would take it → done; busy with a task → wait until it settles and
   * call again (unless it settled where the call would take it); anything else → the refusal stands.
   */
  private async callWhenNotBusy(
    step: string,
    call: () => Promise<void>,
    alreadyThere: (phase: string) => boolean = () => false
  ): Promise<void> {
    const { log, clock } = this.ctx
    for (;;) {
      try {
        await call()
        return
      } catch (error) {
        if (!isStateRefusal(error)) throw error
        const pod = await this.describe()
        if (alreadyThere(phaseOf(pod))) {
          // Someone else got there first (another run, a person in the console): nothing to do.
          log.info(`[${this.podId}] ${step} refused: the pod is already ${phaseOf(pod)}; going on`)
          return
        }
        if (isSettled(pod) || clock.now() >= this.deadline)
          throw new RolloutError(
            `JD Cloud refused to ${step} ${this.podId} in phase ${phaseOf(pod) || 'unknown'}: ${(error as JdcloudError).detailMessage}`,
            this.podId,
            step,
            pod,
            { cause: error }
          )
        log.info(
          `[${this.podId}] ${step} refused while ${phaseOf(pod)}; retrying once the pod settles`
        )
        const settled = await this.settle()
        if (alreadyThere(phaseOf(settled))) {
          log.info(`[${this.podId}] it settled ${phaseOf(settled)}: nothing left to ${step}`)
          return
        }
      }
    }
  }
}
