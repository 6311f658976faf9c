/**
 * The verification gate between batches: once every pod of a batch is ready (and back in its
 * load balancers), the smoke check of verify-url must keep passing for verify-for before the next
 * batch starts. A failing gate fails the batch, which the engine then rolls back like any failure.
 * The gate counts against the batch's timeout, and a first signal of cancellation ends it at once.
 */
import type { Pod } from '../jdcloud/types.js'
import type { VerificationReport } from '../report/model.js'
import { describeGate } from '../verify/describe.js'
import { runGate } from '../verify/gate.js'
import type { CheckRecord, GateDeps, GateTarget } from '../verify/gate.js'
import type { VerifySettings } from '../verify/settings.js'
import type { RolloutContext } from './context.js'
import type { PodRun } from './fleet.js'

export interface GateVerdict {
  /** Passed, failed or cancelled, and what each check saw. */
  report: VerificationReport
  /** Each pod's own record (per-pod checks), or the batch's record for every pod. */
  recordOf(podId: string): CheckRecord | undefined
}

export interface BatchGate {
  check(pods: readonly Pod[], batch: number, deadline: number): Promise<GateVerdict>
  /** What a dry run would check, with no request made. */
  describe(pods: readonly Pod[]): string[]
}

export function verificationGate(
  ctx: Pick<RolloutContext, 'clock' | 'cancellation' | 'log'>,
  settings: VerifySettings,
  /** Injected in tests: a scripted check instead of HTTP, a shorter bound on each request. */
  deps: Pick<GateDeps, 'check' | 'requestTimeoutMs'> = {}
): BatchGate {
  return {
    describe: pods => describeGate(settings, pods.map(targetOf)),
    async check(pods, batch, deadline) {
      const { clock, cancellation, log } = ctx
      const started = clock.now()
      log.info(`Verifying batch ${batch} (${pods.map(pod => pod.podId).join(', ')})`)
      const result = await runGate(settings, pods.map(targetOf), {
        clock,
        signal: cancellation.signal,
        deadline,
        ...deps
      })
      const failed = result.records.find(record => !record.passed)
      const report: VerificationReport = {
        batch,
        podIds: pods.map(pod => pod.podId),
        passed: result.passed,
        cancelled: result.cancelled,
        startedAt: new Date(started).toISOString(),
        checks: result.records
      }
      if (result.passed)
        log.info(
          `Batch ${batch} verified: ${result.records.map(r => `${r.url} ${r.status ?? ''}`.trim()).join('; ')}`
        )
      // info, not a warning: the run's one ::error says it, with the rollback's outcome.
      else if (!result.cancelled)
        log.info(
          `Batch ${batch} failed its verification: ${failed?.url ?? ''}: ${failed?.reason ?? 'failed'}`
        )
      return {
        report,
        recordOf: podId =>
          settings.perPod
            ? result.records.find(record => record.podId === podId)
            : result.records[0]
      }
    }
  }
}

/**
 * The batch's smoke check; a failing one fails every pod of the batch (they are then rolled back
 * like any failure), a cancelled one cancels them.
 */
export async function verifyBatch(
  gate: BatchGate,
  runs: PodRun[],
  batch: number
): Promise<VerificationReport> {
  const deadline = Math.min(...runs.map(run => run.rollout.deadline))
  const startedAt = runs[0]?.rollout.steps.now() ?? 0
  const verdict = await gate.check(
    runs.map(run => run.pod),
    batch,
    deadline
  )
  // One gate for the whole batch: every pod of it shows the same step.
  for (const run of runs) run.rollout.steps.add('verification', startedAt, verdict.report.passed)
  const { passed, cancelled, checks } = verdict.report
  const failure = checks.find(check => !check.passed)
  for (const run of runs) {
    const record = verdict.recordOf(run.podId)
    if (record)
      run.verify = {
        url: record.url,
        passed: record.passed,
        status: record.status ?? null,
        checkedSeconds: record.checkedSeconds
      }
    if (passed) continue
    // Cancelled: no new step begins, so the release stays on the pod, ready but not verified.
    run.state = cancelled ? 'cancelled' : 'failed'
    run.report = cancelled
      ? {
          ...run.report,
          outcome: 'cancelled',
          message: `cancelled during the verification of batch ${batch}: the new containers are running and ready, not verified`
        }
      : {
          ...run.report,
          outcome: 'failed',
          cause: 'smoke-check',
          message: `the verification of batch ${batch} failed: ${failure?.url ?? 'verify-url'}: ${failure?.reason ?? 'did not pass'}`
        }
  }
  return verdict.report
}

function targetOf(pod: Pod): GateTarget {
  return {
    podId: pod.podId,
    podName: pod.name ?? pod.podId,
    ...(pod.privateIpAddress ? { podIp: pod.privateIpAddress } : {})
  }
}
