/**
 * operation: start, stop, restart — the deploy's careful machinery without a rebuild, for
 * scheduled jobs: pods already where the operation would take them are reported, not touched;
 * the rest are moved rolling (max-parallel), waited on, and the first failure ends the run.
 */
import type { Pod } from '../jdcloud/types.js'
import type { PodOutcome, PodReport } from '../report/model.js'
import { podReport } from '../rollout/pod-report.js'
import { inspectFailure } from '../rollout/diagnosis.js'
import { RolloutError } from '../rollout/errors.js'
import { rollInBatches } from '../rollout/fleet.js'
import { assessPod, phaseOf } from '../rollout/health.js'
import type { Expectation } from '../rollout/health.js'
import { newProgress, PodActions } from '../rollout/pod-actions.js'
import type { PodProgress } from '../rollout/pod-actions.js'
import { resolveTargets } from '../rollout/targets.js'
import { currentSpecs } from '../pod-spec/desired.js'
import type { OperationContext, OperationOutcome } from './context.js'

type Maintenance = 'start' | 'stop' | 'restart'

interface PodResult {
  report: PodReport
  state: 'done' | 'failed' | 'cancelled'
}

export async function maintain(
  ctx: OperationContext,
  operation: Maintenance
): Promise<OperationOutcome> {
  const { settings, client, log, cancellation } = ctx
  const pods = await resolveTargets(client, settings.targets, settings.region, cancellation.signal)
  log.info(
    `${operation} ${pods.length} pod${pods.length === 1 ? '' : 's'}: ${pods.map(pod => pod.podId).join(', ')}`
  )
  if (settings.dryRun)
    return {
      result: 'planned',
      notes: ['dry-run: nothing was changed.'],
      pods: pods.map(pod =>
        podReport(pod, 'planned', { message: `would ${plannedMove(operation, pod)}` })
      )
    }
  const actions = new PodActions(ctx)
  const fleet = await rollInBatches(
    pods,
    settings.maxParallel,
    pod => movePod(ctx, actions, operation, pod),
    result => result.state !== 'done',
    () => cancellation.requested
  )
  const reports = [
    ...fleet.results.map(({ item, result }) => ({
      ...result.report,
      requestIds: ctx.ledger.forPod(item.podId)
    })),
    ...fleet.untouched.map(pod =>
      podReport(pod, 'not-started', {
        message: cancellation.requested
          ? 'not touched: the run was cancelled first'
          : 'not touched: the run stopped at the first failure'
      })
    )
  ]
  const failed = fleet.results.filter(({ result }) => result.state === 'failed')
  if (cancellation.requested || fleet.results.some(({ result }) => result.state === 'cancelled'))
    return {
      result: 'cancelled',
      pods: reports,
      notes: [],
      error: 'The run was cancelled; each pod’s row says where it was left.'
    }
  if (failed.length > 0)
    return {
      result: 'failed',
      pods: reports,
      notes: [],
      error: failed.map(({ result }) => result.report.message).join('; ')
    }
  return { result: 'succeeded', pods: reports, notes: [] }
}

function plannedMove(operation: Maintenance, pod: Pod): string {
  const phase = phaseOf(pod)
  if (operation === 'start')
    return phase === 'running' ? 'leave it running' : 'startPod, then wait until ready'
  if (operation === 'stop')
    return phase === 'stopped' ? 'leave it stopped' : 'stopPod, then wait until stopped'
  return phase === 'stopped'
    ? 'startPod, then wait until ready'
    : 'stopPod → startPod, then wait until ready'
}

/** One pod; never throws: the result says how it went. */
async function movePod(
  ctx: OperationContext,
  actions: PodActions,
  operation: Maintenance,
  initial: Pod
): Promise<PodResult> {
  const { settings, clock, log } = ctx
  const podId = initial.podId
  const deadline = clock.now() + settings.timeoutMs
  const progress = newProgress()
  let wasRunning = phaseOf(initial) === 'running'
  try {
    let pod = await actions.settle(podId, deadline)
    wasRunning = phaseOf(pod) === 'running'
    if (phaseOf(pod) === 'error')
      throw new RolloutError(
        `${podId} is in phase error: JD Cloud starts only a stopped pod and stops only a running one; repair or recreate it`,
        podId,
        operation,
        pod
      )
    if (operation === 'stop') {
      if (!wasRunning) return done(pod, 'already-stopped', 'was already stopped')
      if (!settings.wait) {
        await actions.requestStop(podId, deadline, progress)
        return done(
          await actions.describe(podId),
          'stopped',
          'stop requested; not waited for (wait: false)'
        )
      }
      pod = await actions.stop(podId, deadline, progress)
      log.info(`[${podId}] stopped`)
      return done(pod, 'stopped')
    }
    if (operation === 'start' && wasRunning)
      return done(pod, 'already-running', 'was already running: left alone')
    const before = pod
    if (wasRunning) await actions.stop(podId, deadline, progress)
    const startedAt = clock.now()
    await actions.start(podId, deadline, progress)
    const outcome: PodOutcome = operation === 'start' ? 'started' : 'restarted'
    if (!settings.wait)
      return done(
        await actions.describe(podId),
        outcome,
        'started; readiness not awaited (wait: false)'
      )
    pod = await actions.waitReady(podId, sameContainers(before), deadline, settings.failFastMs)
    const secondsToReady = Math.round((clock.now() - startedAt) / 100) / 10
    log.info(`[${podId}] ready ${secondsToReady}s after start`)
    return done(pod, outcome, undefined, secondsToReady)
  } catch (error) {
    return fail(ctx, actions, podId, error, initial, progress, wasRunning)
  }
}

/** The containers a pod had before it was started again, and its restart counts as a baseline. */
function sameContainers(pod: Pod): Expectation {
  const health = assessPod(pod)
  return {
    specs: new Map(currentSpecs(pod).map(spec => [spec.name, spec])),
    restartBaseline: new Map(
      health.containers.map(container => [container.name, container.restartCount])
    )
  }
}

function done(pod: Pod, outcome: PodOutcome, message?: string, secondsToReady?: number): PodResult {
  return {
    state: 'done',
    report: podReport(pod, outcome, {
      message,
      ...(secondsToReady === undefined ? {} : { secondsToReady })
    })
  }
}

async function fail(
  ctx: OperationContext,
  actions: PodActions,
  podId: string,
  error: unknown,
  fallback: Pod,
  progress: PodProgress,
  wasRunning: boolean
): Promise<PodResult> {
  if (ctx.cancellation.requested) {
    const note = await actions.restartAfterCancel(podId, progress, wasRunning)
    return {
      state: 'cancelled',
      report: podReport(await actions.describeForReport(podId, fallback), 'cancelled', {
        message: note
      })
    }
  }
  const { pod, message, diagnosis } = await inspectFailure(
    ctx,
    podId,
    error,
    ctx.settings.logLines,
    fallback
  )
  return { state: 'failed', report: podReport(pod, 'failed', { message, diagnosis }) }
}
