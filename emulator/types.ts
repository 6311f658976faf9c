// The emulator's public vocabulary: what tests, the demo and the benchmarks configure and read.
import type { Clock } from '../src/clock.js'
import type { Container, ContainerStatus, Pod, RebuildContainerSpec, Secret } from './wire.js'

export type { Container, ContainerStatus, Pod, RebuildContainerSpec, Secret }

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

export type ApiName = PodApiName

/** Which server a call went to. */
export type ServiceName = 'pod' | 'lb'

export const MUTATING_APIS: ReadonlySet<ApiName> = new Set([
  'stopPod',
  'startPod',
  'rebuildPod',
  'createSecret',
  'deleteSecret'
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

export interface Seed {
  pods?: PodSeed[]
  secrets?: SecretSeed[]
  /** Exact image string → behaviour (default `ok`). */
  images?: Record<string, ImageBehaviour>
  /** Registry host → the only credentials it accepts. */
  registries?: Record<string, RegistryCredentials>
  timings?: Partial<Timings>
}

export type FaultKind = 'status' | 'reset' | 'slow' | 'malformed' | 'truncated'

export interface Fault {
  api: ApiName | '*'
  /** Only calls about this pod. */
  podId?: string
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
  timings?: Partial<Timings>
  seed?: Seed
  /** How far x-jdcloud-date may be from the emulator's clock; default 5 minutes. */
  maxClockSkewMs?: number
  /** createSecret beyond this many secrets answers 429 QUOTA_EXCEEDED; default 100. */
  secretQuota?: number
  /** Spelling of the transitional phases; default PHASE_VOCABULARIES.guessed. */
  phaseNames?: PhaseNames
}

export const DEFAULT_CREDENTIALS = {
  accessKey: 'emulator-access-key',
  secretKey: 'emulator-secret-key'
} as const

export const DEFAULT_REGION = 'cn-north-1'
