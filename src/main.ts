/**
 * The action's story: settings → operation → report. Inputs are read and checked once (no API
 * call on bad input), credentials are masked at once, the runner's SIGINT/SIGTERM cancel the
 * run cleanly, and every run — whatever its end — writes its outputs and its job summary.
 */
import * as core from '@actions/core'
import { systemClock } from './clock.js'
import type { Clock } from './clock.js'
import { breakLegacyMarkers, coreLog } from './github/core-log.js'
import { GithubDeployment } from './github/deployments.js'
import { runContext } from './github/run-context.js'
import { InputError } from './problems.js'
import { PodClient } from './jdcloud/client.js'
import { JdcloudError } from './jdcloud/errors.js'
import type { RetryPolicy } from './jdcloud/retry.js'
import type { Log } from './log.js'
import type { OperationOutcome } from './operations/context.js'
import { runOperation } from './operations/index.js'
import { RequestLedger } from './report/ledger.js'
import type { RunReport } from './report/model.js'
import { outputsOf } from './report/outputs.js'
import { renderSummary } from './report/summary.js'
import { Cancellation } from './rollout/cancellation.js'
import { RolloutError } from './rollout/errors.js'
import { PodWatcher } from './rollout/watcher.js'
import type { WatcherOptions } from './rollout/watcher.js'
import { readSettings } from './inputs/settings.js'
import type { Settings } from './inputs/settings.js'

export interface RunOptions {
  clock?: Clock
  env?: NodeJS.ProcessEnv
  /** Where SIGINT/SIGTERM come from; the process by default. */
  signals?: NodeJS.EventEmitter
  retry?: Partial<RetryPolicy>
  watcher?: WatcherOptions
  requestTimeoutMs?: number
  /** After the first signal, how long restoring calls may still run before everything stops. */
  graceMs?: number
  log?: Log
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

export async function run(options: RunOptions = {}): Promise<RunReport> {
  const clock = options.clock ?? systemClock
  const env = options.env ?? process.env
  const log = options.log ?? coreLog
  const startedAt = clock.now()
  const ledger = new RequestLedger()

  let settings: Settings
  try {
    settings = readSettings(
      name => core.getInput(name),
      env,
      secret => core.setSecret(secret),
      message => core.notice(message)
    )
  } catch (error) {
    const report = failedBeforeStart(error, startedAt, clock.now())
    await finish(report, env, '', log)
    return report
  }

  const client = new PodClient({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: settings.credentials,
    clock,
    retry: options.retry,
    requestTimeoutMs: options.requestTimeoutMs,
    onSensitiveValue: value => core.setSecret(value),
    onCall: event => {
      ledger.record(event)
      log.debug(
        `${event.api} ${event.method} ${event.path} attempt ${event.attempt}: ${event.outcome}` +
          `${event.httpStatus ? ` HTTP ${event.httpStatus}` : ''}${event.status ? ` ${event.status}` : ''}` +
          `${event.requestId ? ` requestId ${event.requestId}` : ''}`
      )
    }
  })
  const cancellation = new Cancellation()
  const stopListening = listenForCancellation(
    options.signals ?? process,
    cancellation,
    log,
    options.graceMs ?? 4000
  )
  const ctx = {
    settings,
    client,
    clock,
    log,
    cancellation,
    ledger,
    watcher: new PodWatcher(client, clock, options.watcher)
  }

  const deployment = trackDeployment(settings, env, log)
  await deployment?.start(`${settings.operation} by ${runContext(env).workflow ?? 'a workflow'}`)

  let outcome: OperationOutcome
  try {
    outcome = await runOperation(ctx)
  } catch (error) {
    outcome = {
      result: cancellation.requested ? 'cancelled' : 'failed',
      pods: [],
      notes: [],
      error: explain(error)
    }
  } finally {
    stopListening()
    await client.close().catch(() => undefined)
  }
  const report: RunReport = {
    operation: settings.operation,
    startedAt,
    finishedAt: clock.now(),
    requestIds: ledger.all(),
    dryRun: settings.dryRun,
    ...outcome
  }
  await deployment?.finish(report)
  await finish(report, env, settings.region, log)
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

/** Outputs, summary, and the step's verdict. */
async function finish(
  report: RunReport,
  env: NodeJS.ProcessEnv,
  region: string,
  log: Log
): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(report))) core.setOutput(name, value)
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
  core.setFailed(breakLegacyMarkers(report.error ?? `The ${report.operation} ${report.result}.`))
}

function failedBeforeStart(error: unknown, startedAt: number, finishedAt: number): RunReport {
  return {
    operation: 'deploy',
    result: 'failed',
    startedAt,
    finishedAt,
    pods: [],
    requestIds: [],
    notes: error instanceof InputError ? ['No API call was made.'] : [],
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

/**
 * The runner cancels with SIGINT, then SIGTERM a few seconds later. The first signal stops every
 * wait and forward step; the second, or the end of `graceMs`, stops the restoring calls too.
 */
function listenForCancellation(
  signals: NodeJS.EventEmitter,
  cancellation: Cancellation,
  log: Log,
  graceMs: number
): () => void {
  let timer: NodeJS.Timeout | undefined
  const onSignal = (signal: string): void => {
    if (cancellation.requested) {
      cancellation.abortEverything(`received ${signal} again`)
      return
    }
    log.warning(`Received ${signal}: stopping; no new change will be started.`)
    cancellation.cancel(`received ${signal}`)
    timer = setTimeout(
      () => cancellation.abortEverything('the grace period after cancellation ended'),
      graceMs
    )
    timer.unref()
  }
  for (const name of SIGNALS) signals.on(name, onSignal)
  return () => {
    for (const name of SIGNALS) signals.off(name, onSignal)
    if (timer) clearTimeout(timer)
  }
}
