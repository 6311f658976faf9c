/**
 * What a run did, in one shape for every operation: the outputs, the job summary and the GitHub
 * deployment status are all written from this.
 */
import type { RebuildContainerSpec } from '../jdcloud/types.js'
import type { CheckRecord } from '../verify/gate.js'

/** The operations, as the report names them (the inputs layer checks the input against this). */
export type Operation = 'deploy' | 'rotate-secret' | 'start' | 'stop' | 'restart' | 'status'

export type RunResult = 'succeeded' | 'failed' | 'rolled-back' | 'planned' | 'cancelled'

export type PodOutcome =
  | 'updated'
  | 'unchanged'
  | 'planned'
  | 'failed'
  | 'rolled-back'
  /** Put back on its previous containers, but not ready within the rollback's budget. */
  | 'rolled-back-not-ready'
  | 'rollback-failed'
  /**
   * Left on the new release, serving: rolling it back would have taken out its group's last
   * healthy target (or could not take it out of traffic); the message says which.
   */
  | 'not-rolled-back'
  | 'not-started'
  | 'started'
  | 'stopped'
  | 'restarted'
  | 'already-running'
  | 'already-stopped'
  | 'healthy'
  | 'unhealthy'
  | 'cancelled'

/**
 * One step of a pod's rollout as it happened, in epoch ms of the run's clock: what the timeline
 * is drawn from. `ok` is false when the step is where the pod failed (or was cut short).
 */
export interface StepRecord {
  step: StepName
  startedAt: number
  endedAt: number
  ok: boolean
}

export type StepName =
  | 'out of traffic'
  | 'stop'
  | 'rebuild'
  | 'start'
  | 'ready'
  | 'healthy on the balancer'
  | 'verification'
  | 'rollback'

/** Why a pod failed, by the fix it needs: the summary groups failures and gives the next step by it. */
export type FailureCause =
  | 'image'
  | 'registry-secret'
  | 'crash'
  | 'probe'
  | 'timeout'
  | 'balancer'
  | 'smoke-check'
  | 'permissions'
  | 'cloud'
  | 'other'

/** One field of one container, before → after (values that may be secret already hidden). */
export interface ChangeReport {
  container: string
  field: string
  before: string
  after: string
}

export interface ContainerReport {
  name: string
  /** An init container: it runs to completion first and is never "ready". */
  init: boolean
  image: string
  /** The image before this run, when the run changed it. */
  previousImage?: string
  /** The image the run tried, when the pod is no longer on it (failed, rolled back). */
  triedImage?: string
  ready: boolean
  restartCount: number
}

export interface ContainerDiagnosis {
  container: string
  image: string
  state: string
  reason?: string
  message?: string
  exitCode?: number
  restartCount: number
  lastTermination?: string
  /** The last log lines, as JD Cloud returned them. */
  logs?: string
  /** Why there are no logs (the container never started, the call failed…). */
  logsUnavailable?: string
}

/** One of a pod's load balancer targets, and the health the balancer last reported for it. */
export interface TargetReport {
  targetGroupId: string
  port: number
  weight: number
  health: string
}

/** How the run took a pod out of its load balancers and put it back. */
export interface BalancerReport {
  targets: TargetReport[]
  drainSeconds: number
  /** From putting it back to healthy on every backend; null when not measured. */
  secondsToHealthy: number | null
  /** Why it was put back without waiting for health (failed, not restored, cancelled). */
  note?: string
}

/** One check of a verification gate, as it ended (the URL masked): the gate's own record. */
export type VerificationCheck = CheckRecord

/** The gate after one batch: what it checked, and whether the rollout could go on. */
export interface VerificationReport {
  /** 1-based; the first is the canary when there is one. */
  batch: number
  podIds: string[]
  passed: boolean
  /** Cancellation ended the gate before a verdict. */
  cancelled: boolean
  startedAt: string
  checks: VerificationCheck[]
}

export interface PodReport {
  podId: string
  name: string
  phase: string
  privateIp?: string
  elasticIp?: string
  containers: ContainerReport[]
  /** From startPod to every container ready; null when not measured. */
  secondsToReady: number | null
  requestIds: string[]
  outcome: PodOutcome
  /** One line on what happened to this pod, for the summary table. */
  message?: string
  changes?: ChangeReport[]
  diagnosis?: ContainerDiagnosis[]
  /** Behind load balancers: taken out, drained, put back. */
  balancer?: BalancerReport
  /** The verification gate's check of this pod (or of its batch). */
  verify?: { url: string; passed: boolean; status: number | null; checkedSeconds: number }
  /** The exact spec to restore by hand, when putting it back failed. */
  restoreSpec?: RebuildContainerSpec[]
  /** The batch it was rolled in (1-based), when the run moved it. */
  batch?: number
  /** Its steps in the order they began, with their times. */
  steps?: StepRecord[]
  /** Why it failed, when it did (also set on pods rolled back after their own failure). */
  cause?: FailureCause
}

export interface SecretVersionReport {
  name: string
  createdAt?: string
  /** kept, deleted, or kept because in use; with the reason. */
  outcome: 'created' | 'kept' | 'deleted' | 'in-use' | 'delete-failed'
  reason: string
  usedBy?: string[]
}

export interface SecretReport {
  name: string
  previousName?: string
  versions: SecretVersionReport[]
  deleted: string[]
}

export interface RunReport {
  /** Undefined only when the operation input itself named no operation. */
  operation: Operation | undefined
  result: RunResult
  startedAt: number
  finishedAt: number
  pods: PodReport[]
  requestIds: string[]
  /** What went wrong, in one paragraph, when the run did not succeed. */
  error?: string
  /** Why the run failed, when no pod's own failure says it (a call before any pod moved…). */
  cause?: FailureCause
  /** Things worth a reader's attention that are not failures. */
  notes: string[]
  /** The input problems that stopped the run before any change, one per entry. */
  problems?: string[]
  /** When the problems were found: before any call, or by reading pods and balancers (no change). */
  problemsFound?: 'before-any-call' | 'by-reading'
  secret?: SecretReport
  /** The verification gate after each batch, when verify-url is set. */
  verifications?: VerificationReport[]
  dryRun: boolean
}

export function durationSeconds(report: Pick<RunReport, 'startedAt' | 'finishedAt'>): number {
  return Math.round((report.finishedAt - report.startedAt) / 100) / 10
}

/** `waiting, ImagePullBackOff` or `terminated, Error, exit code 1`. */
export function stateSummary(d: Pick<ContainerDiagnosis, 'state' | 'reason' | 'exitCode'>): string {
  return [d.state, d.reason, d.exitCode === undefined ? undefined : `exit code ${d.exitCode}`]
    .filter(Boolean)
    .join(', ')
}

/** Where the run lives on GitHub, for the summary's header. */
export interface RunContext {
  repository?: string
  sha?: string
  ref?: string
  workflow?: string
  actor?: string
  runUrl?: string
}
