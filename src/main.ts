/**
 * The action's story: settings → operation → report. Inputs are read and checked once (no API
 * call on bad input), credentials are masked at once, the runner's SIGINT/SIGTERM cancel the
 * run cleanly, and every run — whatever its end — writes its outputs and its job summary.
 */
import * as core from '@actions/core'
import { systemClock } from './clock.js'
import type { Clock } from './clock.js'
import { coreLog, failStep } from './github/core-log.js'
import { GithubDeployment } from './github/deployments.js'
import { runContext } from './github/run-context.js'
import { InputError } from './problems.js'
import { balancerContext, makeClients } from './clients.js'
import { JdcloudError } from './jdcloud/errors.js'
import type { RetryPolicy } from './jdcloud/retry.js'
import type { Log } from './log.js'
import type { OperationContext, OperationOutcome } from './operations/context.js'
import { runOperation } from './operations/index.js'
import { RequestLedger } from './jdcloud/call-ledger.js'
import type { Operation, RunReport } from './report/model.js'
import { OPERATIONS } from './operations/settings.js'
import { outputsOf } from './report/outputs.js'
import { renderSummary } from './report/summary.js'
import { Cancellation } from './rollout/cancellation.js'
import { RolloutError } from './rollout/errors.js'
import { failureCause } from './rollout/failure-cause.js'
import { PodWatcher } from './rollout/watcher.js'
import type { WatcherOptions } from './rollout/watcher.js'
import { readSettings } from './inputs/settings.js'
import { Redactor, redactDeep, redactingLog } from './redaction.js'
import { listenForCancellation } from './signals.js'
import type { Settings } from './inputs/settings.js'

export interface RunOptions {
  clock?: Clock
  env?: NodeJS.ProcessEnv
  /** Where SIGINT/SIGTERM come from; the process by default. */
  signals?: NodeJS.EventEmitter
  retry?: Partial<RetryPolicy>
  watcher?: WatcherOptions
  requestTimeoutMs?: number
  /** The bound on each request of the verification gate (default 10 s). */
  verifyRequestTimeoutMs?: number
  /** After the first signal, how long restoring calls may still run before everything stops. */
  graceMs?: number
  log?: Log
}

/** How long the pooled connections may take to close once the outputs are written. */
const CLOSE_BOUND_MS = 1000

export async function run(options: RunOptions = {}): Promise<RunReport> {
  const clock = options.clock ?? systemClock
  const env = options.env ?? process.env
  // Every known secret, in every form, is hidden from each log line and from the report before
  // it is rendered; the runner's masker only knows the forms ::add-mask:: gives it.
  const redactor = new Redactor()
  const mask = (secret: string): void => {
    for (const value of redactor.add(secret)) core.setSecret(value)
  }
  const log = redactingLog(options.log ?? coreLog, redactor)
  const startedAt = clock.now()
  const ledger = new RequestLedger()

  let settings: Settings
  try {
    settings = readSettings(
      name => core.getInput(name),
      env,
      mask,
      message => core.notice(message)
    )
  } catch (error) {
    const report = redactDeep(failedBeforeStart(error, startedAt, clock.now()), redactor)
    await finish(report, env, core.getInput('region').trim() || (env.JDCLOUD_REGION ?? ''), log)
    return report
  }

  const balancing = 'balancing' in settings ? settings.balancing : undefined
  const clients = makeClients(settings, balancing?.endpoint, {
    clock,
    retry: options.retry,
    requestTimeoutMs: options.requestTimeoutMs,
    // No call, its retries and Retry-After waits included, outlasts the run's own timeout.
    callBudgetMs: settings.timeoutMs,
    onCall: event => {
      ledger.record(event)
      log.debug(
        `${event.api} ${event.method} ${event.path} attempt ${event.attempt}: ${event.outcome}` +
          `${event.httpStatus ? ` HTTP ${event.httpStatus}` : ''}${event.status ? ` ${event.status}` : ''}` +
          `${event.requestId ? ` requestId ${event.requestId}` : ''}`
      )
    },
    onSensitiveValue: mask
  })
  const cancellation = new Cancellation()
  const stopListening = listenForCancellation(
    options.signals ?? process,
    cancellation,
    log,
    options.graceMs
  )
  const sweeps = { ...options.watcher, signal: cancellation.restoreSignal }
  const ctx: OperationContext = {
    pods: clients.pods,
    secrets: clients.secrets,
    watcher: new PodWatcher(clients.pods, clock, sweeps),
    clock,
    log,
    cancellation,
    ledger,
    region: settings.region,
    ...(options.verifyRequestTimeoutMs === undefined
      ? {}
      : { verifyRequestTimeoutMs: options.verifyRequestTimeoutMs }),
    ...(clients.lb
      ? {
          balancing: balancerContext(
            clients.lb,
            { clock, log, cancellation, region: settings.region },
            sweeps
          )
        }
      : {})
  }

  const deployment = trackDeployment(settings, env, log)
  await deployment?.start(`${settings.operation} by ${runContext(env).workflow ?? 'a workflow'}`)

  let outcome: OperationOutcome
  try {
    outcome = await runOperation(ctx, settings)
  } catch (error) {
    outcome = {
      result: cancellation.requested ? 'cancelled' : 'failed',
      pods: [],
      notes: [],
      error: explain(error),
      ...(error instanceof InputError ? {} : { cause: failureCause(error) }),
      // Unknown pods, containers or target groups are found by reading, before any change.
      ...(error instanceof InputError
        ? { problems: [...error.problems], problemsFound: 'by-reading' as const }
        : {})
    }
  }
  const report: RunReport & { operation: Operation } = redactDeep(
    {
      operation: settings.operation,
      startedAt,
      finishedAt: clock.now(),
      requestIds: ledger.all(),
      dryRun: settings.dryRun,
      ...outcome
    },
    redactor
  )
  await finish(report, env, settings.region, log)
  // After the outputs and the summary, and within what is left of a grace period: a slow GitHub
  // must not keep them from being written. The signal handlers stay until the very end, so that
  // a second signal cuts this short instead of killing the process.
  await deployment?.finish(report, cancellation.restoreSignal)
  // After the outputs: a request still stuck on a hanging server must not keep them from being written.
  await clients.close(CLOSE_BOUND_MS)
  stopListening()
  return report
}

/** A GitHub deployment for runs that change pods, when github-token and environment are set. */
function trackDeployment(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  log: Log
): GithubDeployment | undefined {
  if (!settings.deployment || settings.dryRun || settings.operation === 'status') return undefined
  return new GithubDeployment(
    settings.deployment,
    { ...runContext(env), apiUrl: env.GITHUB_API_URL || 'https://api.github.com' },
    log
  )
}

/** Outputs, summary, and the step's verdict; each written inside its own guard. */
async function finish(
  report: RunReport,
  env: NodeJS.ProcessEnv,
  region: string,
  log: Log
): Promise<void> {
  try {
    const { outputs, cut } = outputsOf(report)
    if (cut) report.notes.push(cut)
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  } catch (error) {
    log.warning(`The outputs could not be written: ${(error as Error).message}`)
  }
  try {
    await core.summary
      .emptyBuffer()
      .addRaw(renderSummary(report, runContext(env), region))
      .write()
  } catch (error) {
    log.warning(`The job summary could not be written: ${(error as Error).message}`)
  }
  if (report.result === 'succeeded' || report.result === 'planned') {
    log.info(`Result: ${report.result}`)
    return
  }
  failStep(report.error ?? `The ${report.operation} ${report.result}.`)
}

/** The report of a run stopped by its inputs: the operation as asked, and every problem. */
function failedBeforeStart(error: unknown, startedAt: number, finishedAt: number): RunReport {
  const asked = core.getInput('operation').trim()
  return {
    operation: OPERATIONS.find(operation => operation === asked),
    result: 'failed',
    startedAt,
    finishedAt,
    pods: [],
    requestIds: [],
    notes: [],
    ...(error instanceof InputError
      ? { problems: [...error.problems], problemsFound: 'before-any-call' as const }
      : {}),
    error: explain(error),
    dryRun: false
  }
}

/** A failure as a person should read it: what, where, and what to do — no stack trace. */
export function explain(error: unknown): string {
  if (error instanceof InputError || error instanceof RolloutError) return error.message
  if (error instanceof JdcloudError)
    return error.hint ? `${error.message}. ${error.hint}` : error.message
  if (error instanceof Error)
    return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
  return String(error)
}
