/**
 * Why a pod failed, by the fix it needs — the summary groups failures and picks the next step by
 * this. Read from what the run knows (the step that failed, JD Cloud's status, the containers'
 * waiting reasons), never from the wording of a message.
 */
import { JdcloudError } from '../jdcloud/errors.js'
import type { ContainerDiagnosis, FailureCause } from '../report/model.js'
import { RolloutError } from './errors.js'

const PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull'
])
const CRASH_REASONS = new Set(['CrashLoopBackOff', 'RunContainerError', 'Error', 'OOMKilled'])
/** A registry that refused the credentials says so in the pull message (Kubernetes' wording). */
const REFUSED_CREDENTIALS =
  /unauthori[sz]ed|authentication required|access denied|denied:|no basic auth credentials|401|403/i

export function failureCause(
  error: unknown,
  diagnosis: readonly ContainerDiagnosis[] = []
): FailureCause {
  if (error instanceof JdcloudError)
    return error.httpStatus === 401 || error.httpStatus === 403 ? 'permissions' : 'cloud'
  const cause = error instanceof Error ? error.cause : undefined
  if (cause instanceof JdcloudError) return failureCause(cause)
  if (error instanceof RolloutError && error.step === 'balancer') return 'balancer'
  const pull = diagnosis.find(d => d.reason !== undefined && PULL_REASONS.has(d.reason))
  if (pull) return REFUSED_CREDENTIALS.test(pull.message ?? '') ? 'registry-secret' : 'image'
  const crash = diagnosis.some(
    d =>
      (d.reason !== undefined && CRASH_REASONS.has(d.reason)) ||
      (d.exitCode !== undefined && d.exitCode !== 0) ||
      (d.restartCount > 0 && d.lastTermination !== undefined)
  )
  if (crash) return 'crash'
  // Running but never ready: the readiness probe is what says no.
  if (
    error instanceof RolloutError &&
    error.step === 'ready' &&
    diagnosis.some(d => d.state === 'running')
  )
    return 'probe'
  if (error instanceof RolloutError && error.timedOut) return 'timeout'
  return 'other'
}
