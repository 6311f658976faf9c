/**
 * The careful moves on one pod: each mutating call followed by a wait for its effect, through the
 * shared watcher. A call refused because the pod is busy with a task (a rebuild still finishing,
 * say) is retried once the pod settles, within the pod's deadline, instead of failing the run.
 */
import type { Clock } from '../clock.js'
import type { PodClient } from '../jdcloud/client.js'
import { JdcloudError } from '../jdcloud/errors.js'
import type { Pod, RebuildContainerSpec } from '../jdcloud/types.js'
import type { Log } from '../log.js'
import type { Cancellation } from './cancellation.js'
import { RolloutError } from './errors.js'
import { assessPod, isSettled, phaseOf, progressLine } from './health.js'
import type { Expectation } from './health.js'
import type { Judgement, PodWatcher } from './watcher.js'
import { difference, echoMatches, podRunsSpecs } from '../pod-spec/echo.js'

export interface RolloutContext {
  client: PodClient
  watcher: PodWatcher
  clock: Clock
  log: Log
  cancellation: Cancellation
}

/** What has been done to a pod so far, for rollback and for putting it back on cancellation. */
export interface PodProgress {
  stoppedByUs: boolean
  rebuilt: boolean
  started: boolean
}

export function newProgress(): PodProgress {
  return { stoppedByUs: false, rebuilt: false, started: false }
}

/** How often a pod being put back is read during the grace period after cancellation. */
const RESTORE_POLL_MS = 500
/** How long a pod may still show its old containers after an accepted rebuild, if never seen busy. */
const REBUILD_GRACE_MS = 30_000

export class PodActions {
  constructor(private readonly ctx: RolloutContext) {}

  async describe(podId: string): Promise<Pod> {
    return (await this.ctx.client.describePod(podId, this.ctx.cancellation.signal)).pod
  }

  /** The pod as it is now for a report; what was known before when it cannot be read. */
  async describeForReport(podId: string, fallback: Pod): Promise<Pod> {
    try {
      return (await this.ctx.client.describePod(podId, this.ctx.cancellation.restoreSignal)).pod
    } catch {
      return fallback
    }
  }

  /**
   * After cancellation no forward step starts, but a pod this run stopped is started again if it
   * can be (a stopped pod serves no one), on whatever containers it has now. Says what it did.
   */
  async restartAfterCancel(
    podId: string,
    progress: PodProgress,
    wasRunning: boolean
  ): Promise<string> {
    let note: string
    if (!progress.stoppedByUs || progress.started || !wasRunning)
      note = progress.started
        ? 'cancelled after it was started; readiness not verified'
        : 'cancelled before this run changed it'
    else {
      const containers = progress.rebuilt ? 'the new containers' : 'its previous containers'
      try {
        note = await this.startWhenStopped(podId)
        if (note === 'started')
          note = `cancelled after it was stopped; started it again on ${containers} (readiness not verified)`
      } catch (error) {
        note = `cancelled after it was stopped; starting it again failed (${(error as Error).message}): run operation start`
      }
    }
    this.ctx.log.warning(`[${podId}] ${note}`)
    return note
  }

  /**
   * Within the grace period after cancellation: waits for a stopping (or rebuilding) pod to stop,
   * then starts it. Returns 'started', or why it could not be.
   */
  private async startWhenStopped(podId: string): Promise<string> {
    const { client, cancellation, clock } = this.ctx
    for (;;) {
      const { pod } = await client.describePod(podId, cancellation.restoreSignal)
      const phase = phaseOf(pod)
      if (phase === 'stopped') {
        await client.startPod(podId, cancellation.restoreSignal)
        return 'started'
      }
      if (isSettled(pod)) return `cancelled after it was stopped; it is ${phase} now`
      try {
        await clock.sleep(RESTORE_POLL_MS, cancellation.restoreSignal)
      } catch {
        return `cancelled while ${phase}: it could not be started again in time; run operation start (or the deploy again) to finish`
      }
    }
  }

  /**
   * The pod as it is now, once it is running, stopped or in error: a task in progress (stopping,
   * starting, rebuilding…) is waited out. Read through the watcher's sweep, so that reading many
   * pods at once costs one call.
   */
  async settle(podId: string, deadline: number): Promise<Pod> {
    let announced = false
    return this.waitFor<Pod>(podId, deadline, 'settle', 'settle (finish its current task)', pod => {
      if (isSettled(pod)) return { done: pod }
      if (!announced) this.ctx.log.info(`[${podId}] is ${phaseOf(pod)}; waiting for it to settle`)
      announced = true
      return undefined
    })
  }

  /** stopPod, then wait until stopped. */
  async stop(podId: string, deadline: number, progress: PodProgress): Promise<Pod> {
    await this.requestStop(podId, deadline, progress)
    return this.waitFor<Pod>(podId, deadline, 'stop', 'stop', pod => {
      const phase = phaseOf(pod)
      if (phase === 'stopped') return { done: pod }
      if (phase === 'error')
        return {
          fail: new RolloutError(
            `${podId} went into phase error while stopping`,
            podId,
            'stop',
            pod
          )
        }
      return undefined
    })
  }

  /** stopPod alone (wait: false). */
  async requestStop(podId: string, deadline: number, progress: PodProgress): Promise<void> {
    await this.callWhenNotBusy(
      podId,
      deadline,
      'stop',
      async () => {
        this.ctx.cancellation.guard()
        // Marked before the call: a call cut short may still have landed.
        progress.stoppedByUs = true
        await this.ctx.client
          .stopPod(podId, this.ctx.cancellation.restoreSignal)
          .catch(forgetIfRefused(() => (progress.stoppedByUs = false)))
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
  async rebuild(
    podId: string,
    containers: readonly RebuildContainerSpec[],
    deadline: number,
    progress: PodProgress
  ): Promise<Pod> {
    const landed = (pod: Pod): boolean => podRunsSpecs(pod, containers)
    const calledAt = this.ctx.clock.now()
    await this.callWhenNotBusy(podId, deadline, 'rebuild', async () => {
      this.ctx.cancellation.guard()
      progress.rebuilt = true
      await this.ctx.client
        .rebuildPod(podId, containers, landed, this.ctx.cancellation.restoreSignal)
        .catch(forgetIfRefused(() => (progress.rebuilt = false)))
    })
    let sawBusy = false
    return this.waitFor<Pod>(podId, deadline, 'rebuild', 'finish the rebuild', pod => {
      const phase = phaseOf(pod)
      const fail = (why: string): Judgement<Pod> => ({
        fail: new RolloutError(`${podId} ${why}`, podId, 'rebuild', pod)
      })
      if (phase === 'error') return fail('went into phase error during the rebuild')
      if (!isSettled(pod)) {
        sawBusy = true
        return undefined
      }
      if (phase === 'running')
        return fail('was started by someone else while the action rebuilt it')
      if (landed(pod)) return { done: pod }
      // Right after the call a read may still show the old containers; once the pod has been
      // busy, or after the grace period, it may not.
      if (!sawBusy && this.ctx.clock.now() - calledAt < REBUILD_GRACE_MS) return undefined
      return fail(
        `was rebuilt, but not as sent (${differences(pod, containers)}): someone else changed the pod meanwhile, or the rebuild did not land`
      )
    })
  }

  /** startPod; does not wait for readiness (see waitReady). */
  async start(podId: string, deadline: number, progress: PodProgress): Promise<void> {
    await this.callWhenNotBusy(
      podId,
      deadline,
      'start',
      async () => {
        this.ctx.cancellation.guard()
        await this.ctx.client.startPod(podId, this.ctx.cancellation.restoreSignal)
        progress.started = true
      },
      phase => phase === 'running'
    )
  }

  /**
   * Waits until the pod runs with every container ready. A state that waiting will not fix
   * (an image that cannot be pulled, a crash loop, phase error) fails the wait once it has
   * lasted `failFastMs`, long before the deadline.
   */
  async waitReady(
    podId: string,
    expectation: Expectation,
    deadline: number,
    failFastMs: number
  ): Promise<Pod> {
    let failingSince: number | undefined
    let lastLine = ''
    let leftStopped = false
    return this.waitFor<Pod>(podId, deadline, 'ready', 'become ready', pod => {
      const health = assessPod(pod, expectation)
      // A read right after startPod may still say stopped; once the pod has moved, it may not.
      if (health.phase !== 'stopped') leftStopped = true
      else if (leftStopped)
        health.failing ??= `it was stopped by someone else while the action waited for it`
      const line = progressLine(health)
      if (line !== lastLine) this.ctx.log.info(`[${podId}] ${line}`)
      lastLine = line
      if (health.ready) return { done: pod }
      if (!health.failing) {
        failingSince = undefined
        return undefined
      }
      const now = this.ctx.clock.now()
      failingSince ??= now
      if (now - failingSince < failFastMs) return undefined
      return {
        fail: new RolloutError(`${podId} is failing: ${health.failing}`, podId, 'ready', pod)
      }
    })
  }

  private waitFor<T>(
    podId: string,
    deadline: number,
    step: string,
    what: string,
    judge: (pod: Pod) => Judgement<T>
  ): Promise<T> {
    return this.ctx.watcher.watch<T>({
      podId,
      deadline,
      signal: this.ctx.cancellation.signal,
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
          lastSeen
        )
    })
  }

  /**
   * Makes a mutating call; if JD Cloud refuses it because of the pod's state, re-reads the pod:
   * already where the call would take it → done; busy with a task → wait until it settles and
   * call again; anything else → the refusal stands.
   */
  private async callWhenNotBusy(
    podId: string,
    deadline: number,
    step: string,
    call: () => Promise<void>,
    alreadyThere: (phase: string) => boolean = () => false
  ): Promise<void> {
    for (;;) {
      try {
        await call()
        return
      } catch (error) {
        if (!isStateRefusal(error)) throw error
        const pod = await this.describe(podId)
        if (alreadyThere(phaseOf(pod))) {
          // Someone else got there first (another run, a person in the console): nothing to do.
          this.ctx.log.info(
            `[${podId}] ${step} refused: the pod is already ${phaseOf(pod)}; going on`
          )
          return
        }
        if (isSettled(pod) || this.ctx.clock.now() >= deadline)
          throw new RolloutError(
            `JD Cloud refused to ${step} ${podId} in phase ${phaseOf(pod) || 'unknown'}: ${(error as JdcloudError).detailMessage}`,
            podId,
            step,
            pod,
            { cause: error }
          )
        this.ctx.log.info(
          `[${podId}] ${step} refused while ${phaseOf(pod)}; retrying once the pod settles`
        )
        const settled = await this.settle(podId, deadline)
        if (alreadyThere(phaseOf(settled))) {
          this.ctx.log.info(`[${podId}] it settled ${phaseOf(settled)}: nothing left to ${step}`)
          return
        }
      }
    }
  }
}

/** Which container differs from what was sent, and in which field. */
function differences(pod: Pod, specs: readonly RebuildContainerSpec[]): string {
  return specs
    .flatMap(spec => {
      const container = pod.containers?.find(c => c.name === spec.name)
      if (!container) return [`no container ${spec.name}`]
      return echoMatches(spec, container)
        ? []
        : [`container ${spec.name} ${difference(spec, container)}`]
    })
    .join('; ')
}

/**
 * Progress is marked before a mutating call, since a call cut short may still have landed; an
 * answer of 4xx says it did not, so the mark is taken back before the error goes on.
 */
function forgetIfRefused(forget: () => void): (error: unknown) => never {
  return error => {
    if (error instanceof JdcloudError && error.httpStatus !== undefined && error.httpStatus < 500)
      forget()
    throw error
  }
}

/** 400 FAILED_PRECONDITION (wrong state, task in progress) or 409 ABORTED / conflict. */
function isStateRefusal(error: unknown): boolean {
  return (
    error instanceof JdcloudError &&
    (error.status === 'FAILED_PRECONDITION' ||
      error.status === 'ABORTED' ||
      (error.httpStatus === 400 &&
        /conflict|task|in progress|status|phase/i.test(error.detailMessage)))
  )
}
