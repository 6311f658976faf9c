/**
 * What each operation is given, typed per operation: the inputs layer builds these (one checked
 * read of every input), and an operation receives exactly its own, never a bag of optionals.
 */
import type { DockerRegistryData } from '../jdcloud/types.js'
import type { BalancingSettings } from '../rollout/balancer.js'
import type { ContainerChange } from '../pod-spec/desired.js'
import type { RolloutOptions } from '../rollout/context.js'
import type { Maintenance } from '../rollout/plan.js'
import { ROLLBACK_MINIMUM_MS } from '../rollout/restore.js'
import type { Targets } from '../rollout/targets.js'
import type { VerifySettings } from '../verify/settings.js'

import type { Operation } from '../report/model.js'

export const OPERATIONS: readonly Operation[] = [
  'deploy',
  'rotate-secret',
  'start',
  'stop',
  'restart',
  'status'
]

/** How the pods of a run are moved, as the inputs say. */
export interface RolloutSettings {
  targets: Targets
  wait: boolean
  timeoutMs: number
  failFastMs: number
  rollback: boolean
  maxParallel: number
  logLines: number
  dryRun: boolean
  /** Behind load balancers (deploy, restart, rotate-secret): `target-groups` was given. */
  balancing?: BalancingSettings & { endpoint: URL }
}

/** The gate between batches (deploy and rotate-secret): verify-* inputs and canary. */
export interface Verification {
  /** The smoke check each batch must pass; none when verify-url is empty. */
  verify?: VerifySettings
  /** Pods in the first batch; max-parallel when not given. */
  canary?: number
}

export interface DeploySettings extends RolloutSettings, Verification {
  operation: 'deploy'
  change: ContainerChange
}

export interface Rotation {
  /** The family's base name; versions are `<base>-<yyyymmddhhmmss>`. */
  baseName: string
  registry: DockerRegistryData
  keep: number
}

export interface RotateSecretSettings extends RolloutSettings, Verification {
  operation: 'rotate-secret'
  rotation: Rotation
  /** A container with no secret yet to move onto the new version too. */
  container?: string
}

export interface MaintenanceSettings extends RolloutSettings {
  operation: Maintenance
}

export interface StatusSettings {
  operation: 'status'
  targets: Targets
  /** The longest any one read may take, its retries included. */
  timeoutMs: number
  logLines: number
  failOnUnhealthy: boolean
  dryRun: boolean
}

export type OperationSettings =
  DeploySettings | RotateSecretSettings | MaintenanceSettings | StatusSettings

/** The rollout engine's options from an operation's settings; `scope` says what a rollback covers. */
export function rolloutOptions(
  settings: RolloutSettings & Pick<Verification, 'canary'>,
  scope: 'touched' | 'failed' | 'none'
): RolloutOptions {
  const { timeoutMs, failFastMs, wait, maxParallel, logLines, canary } = settings
  return {
    timeoutMs,
    failFastMs,
    wait,
    maxParallel,
    logLines,
    ...(canary === undefined ? {} : { canary }),
    rollback:
      scope === 'none'
        ? undefined
        : settings.rollback
          ? { scope, budgetMs: Math.max(timeoutMs, ROLLBACK_MINIMUM_MS) }
          : 'off'
  }
}
