// The emulator's public vocabulary: what tests, the demo and the benchmarks configure and read.
import type { Clock } from '../src/clock.js'
import type { Container, Pod } from './wire.js'
import type { HealthCheck, LoadBalancerType, TargetType } from './lb-wire.js'

export type { Container, ContainerStatus, Pod, RebuildContainerSpec, Secret } from './wire.js'
export type {
  Backend,
  HealthCheck,
  LoadBalancerType,
  Target,
  TargetGroup,
  TargetHealth,
  TargetSpec,
  TargetType,
  TargetUpdateSpec,
  UnhealthReason
} from './lb-wire.js'

/** The pod API calls the emulator serves, by their JD Cloud names. */
export type PodApiName =
  | 'describePod'
  | 'describePods'
  | 'stopPod'
  | 'startPod'
  | 'rebuildPod'
  | 'getContainerLogs'
  | 'describeContainer'
  | 'createSecret'
  | 'describeSecrets'
  | 'describeSecret'
  | 'deleteSecret'
  | 'describeQuota'

/**
 * The load balancer (lb) API calls, by the names of the SDKs and of contract/lb-api.ts: the
 * SDKs call `…:deregisterTargets` deRegisterTargets.
 */
export type LbApiName =
  | 'describeTargetGroups'
  | 'describeTargets'
  | 'registerTargets'
  | 'deRegisterTargets'
  | 'updateTargets'
  | 'describeBackends'
  | 'describeTargetHealth'

export type ApiName = PodApiName | LbApiName

/** The calls that list by page (pageNumber, pageSize, totalCount). */
export type ListApiName =
  | 'describePods'
  | 'describeSecrets'
  | 'describeTargetGroups'
  | 'describeTargets'
  | 'describeBackends'
  | 'describeTargetHealth'

/** Which server a call went to. */
export type ServiceName = 'pod' | 'lb'

export const MUTATING_APIS: ReadonlySet<ApiName> = new Set([
  'stopPod',
  'startPod',
  'rebuildPod',
  'createSecret',
  'deleteSecret',
  'registerTargets',
  'deRegisterTargets',
  'updateTargets'
])

/** Clock milliseconds each simulated step takes. */
export interface Timings {
  /** stopping → stopped */
  stopMs: number
  /** starting → running */
  startMs: number
  /** rebuilding → stopped */
  rebuildMs: number
  /** Image pull: ContainerCreating → the process starts (or the pull fails). */
  pullMs: number
  /** Process started → readiness probe passes. */
  readyMs: number
  /**
   * Load balancer health checks: how long a registered target's pod must have been running with
   * every app container ready (and the target registered) before its backends report it healthy.
   */
  lbHealthyMs: number
  /** How long a healthy target whose pod went out of service is still reported healthy. */
  lbUnhealthyMs: number
  /** crash-loop: how long each attempt runs before it exits 1. */
  crashAfterMs: number
  /** First back-off after a failed pull or a crash; doubles per attempt, capped at 5 minutes. */
  backoffBaseMs: number
}

/** Realistic but short: stop → rebuild → start → ready takes about 10 s of clock time. */
export const DEFAULT_TIMINGS: Timings = {
  stopMs: 2000,
  startMs: 2000,
  rebuildMs: 3000,
  pullMs: 2000,
  readyMs: 1000,
  lbHealthyMs: 2000,
  lbUnhealthyMs: 1000,
  crashAfterMs: 3000,
  backoffBaseMs: 10_000
}

/** A tenth of the defaults, for the CLI and the demo. */
export const FAST_TIMINGS: Timings = Object.fromEntries(
  Object.entries(DEFAULT_TIMINGS).map(([key, value]) => [key, value / 10])
) as unknown as Timings

/**
 * How the transitional phases are spelt on the wire. Only running, stopped and error are
 * confirmed API values; the others are undocumented, so the action must work whatever they are.
 */
export interface PhaseNames {
  starting: string
  stopping: string
  rebuilding: string
}

/** Two spellings the rollout tests run under: lower-case guesses, and the console's words. */
export const PHASE_VOCABULARIES: Record<'guessed' | 'console', PhaseNames> = {
  guessed: { starting: 'starting', stopping: 'stopping', rebuilding: 'rebuilding' },
  console: { starting: 'Creating', stopping: 'Stopping', rebuilding: 'Reset' }
}

export const IMAGE_BEHAVIOURS = [
  'ok',
  'never-pulls',
  'invalid-name',
  'crash-loop',
  'never-ready',
  'config-error',
  'pod-error'
] as const

/** How a container running an image behaves once its pod is running. */
export type ImageBehaviourName = (typeof IMAGE_BEHAVIOURS)[number]

/** The object form also fixes the container's logs (instead of generated ones). */
export type ImageBehaviour = ImageBehaviourName | { behaviour: ImageBehaviourName; logs?: string[] }

export interface RegistryCredentials {
  username: string
  password: string
}

/** A pod as describePod returns it; only podId and containers are required. */
export type PodSeed = Partial<Pod> & { podId: string; containers: Container[] }

export interface SecretSeed {
  name: string
  type?: string
  /** Base64 values, as on the wire. */
  data: { server: string; username: string; password: string; email?: string }
  /** ISO time; defaults to the moment of seeding. */
  createdAt?: string
}

export interface TargetGroupSeed {
  targetGroupId: string
  /** Default: the ID. */
  targetGroupName?: string
  loadBalancerId: string
  loadBalancerType: LoadBalancerType
  loadBalancerName?: string
  description?: string
}

export interface BackendSeed {
  backendId: string
  /** Default: the ID. */
  backendName?: string
  /** Default: those of its target group. */
  loadBalancerId?: string
  loadBalancerType?: LoadBalancerType
  /** Default Http on alb, Tcp on nlb and dnlb. */
  protocol?: string
  /** 1-65535: the port targets registered with port 0 take. */
  port: number
  /** One at most, as in the API. */
  targetGroupIds: string[]
  /** nlb only, 0-3600. */
  connectionDrainingSeconds?: number
  healthCheck?: HealthCheck
  /** This backend's own `lbHealthyMs` (two listeners that agree at different speeds). */
  lbHealthyMs?: number
}

/** A target already registered when the emulator starts: healthy at once if its pod is. */
export interface TargetSeed {
  targetGroupId: string
  type: TargetType
  /** The pod ID for `container`, an `i-…` ID for `vm`. */
  instanceId?: string
  /** For `ip`: the pod with this private IP is the target. */
  ipAddress?: string
  /** Default 0: the backend's port. */
  port?: number
  /** Default 10. */
  weight?: number
  /** Default: a generated one. */
  targetId?: string
}

export interface LoadBalancingSeed {
  targetGroups?: TargetGroupSeed[]
  backends?: BackendSeed[]
  targets?: TargetSeed[]
}

export interface Seed {
  pods?: PodSeed[]
  secrets?: SecretSeed[]
  /** Exact image string → behaviour (default `ok`). */
  images?: Record<string, ImageBehaviour>
  /** Registry host → the only credentials it accepts. */
  registries?: Record<string, RegistryCredentials>
  /** Target groups, backends and targets of the lb API; applied after the pods. */
  loadBalancing?: LoadBalancingSeed
  timings?: Partial<Timings>
}

export type FaultKind = 'status' | 'reset' | 'slow' | 'malformed' | 'truncated'

export interface Fault {
  api: ApiName | '*'
  /** Only calls about this pod. */
  podId?: string
  /** Only lb calls about this target group (its path names it). */
  targetGroupId?: string
  /** Only describeTargetHealth of this backend. */
  backendId?: string
  /** How many matching calls it answers; default 1, Infinity allowed. */
  times?: number
  kind: FaultKind
  /** For `status`. */
  status?: number
  /** JD Cloud error.status; defaults by HTTP status (500 INTERNAL, 503 UNAVAILABLE, …). */
  errorStatus?: string
  message?: string
  /** Sets a Retry-After header (seconds or an HTTP date). */
  retryAfter?: string
  /** For `status`: an HTML body from "the gateway", with only the request-id header. */
  gatewayBody?: boolean
  /**
   * `after`: the call is applied to state first, then the fault answers (for `slow`: the answer
   * comes late, after the call took effect). Default `before`.
   */
  when?: 'before' | 'after'
  /** For `slow`: real-time delay before answering normally. */
  delayMs?: number
}

export interface RecordedCall {
  /** The server that received it. */
  service: ServiceName
  api: ApiName | 'unknown'
  method: string
  /** As received, still percent-encoded. */
  path: string
  /** Decoded; a repeated name gives an array. */
  query: Record<string, string | string[]>
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. May hold secrets. */
  body: unknown
  status: number
  /** JD Cloud error.status of the answer, when it was an error. */
  errorStatus?: string
  requestId: string
  /** Clock milliseconds at arrival. */
  at: number
  podId?: string
  secretName?: string
  targetGroupId?: string
  backendId?: string
  /** Whether the call changed state. */
  applied: boolean
  /** The kind of the injected fault that answered (or delayed) it. */
  fault?: FaultKind
}

export interface EmulatorOptions {
  clock?: Clock
  accessKey?: string
  secretKey?: string
  region?: string
  /** Default 0 (any free port); the host is always 127.0.0.1. */
  port?: number
  /** The lb API's own port; default 0 (any free port). */
  lbPort?: number
  timings?: Partial<Timings>
  seed?: Seed
  /** How far x-jdcloud-date may be from the emulator's clock; default 5 minutes. */
  maxClockSkewMs?: number
  /** createSecret beyond this many secrets answers 429 QUOTA_EXCEEDED; default 100. */
  secretQuota?: number
  /** Spelling of the transitional phases; default PHASE_VOCABULARIES.guessed. */
  phaseNames?: PhaseNames
  /**
   * Container states as a Go server marshals them: running, waiting and terminated always present,
   * the unset ones with zero values (emulator/go-shape.ts). Default false: only the set part.
   */
  goShapedStates?: boolean
}

export const DEFAULT_CREDENTIALS = {
  accessKey: 'emulator-access-key',
  secretKey: 'emulator-secret-key'
} as const

export const DEFAULT_REGION = 'cn-north-1'
