/** A JD Cloud call as the transport takes it, and what it tells of each attempt. */
import type { Dispatcher } from 'undici'
import type { Clock } from '../clock.js'
import type { ApiName } from './errors.js'
import type { RetryPolicy } from './retry.js'
import type { Credentials } from './signer.js'

export interface TransportOptions {
  /** The service in the signature scope: `pod`, `lb`… */
  service: string
  /** Origin of the API (see inputs/endpoint.ts). */
  endpoint: URL
  region: string
  credentials: Credentials
  clock?: Clock
  /** Budget for one attempt, from sending to the last byte of the answer. */
  requestTimeoutMs?: number
  /** How long a call (every attempt and wait) may take when its caller gives no deadline. */
  callBudgetMs?: number
  /** Answers larger than this are refused, not read into memory. */
  maxBodyBytes?: number
  retry?: Partial<RetryPolicy>
  userAgent?: string
  /** Told of every attempt: for request-id bookkeeping and debug logs. Never sees headers or bodies. */
  onCall?: (event: CallEvent) => void
  newNonce?: () => string
  dispatcher?: Dispatcher
}

export interface CallEvent {
  service: string
  api: ApiName
  method: string
  path: string
  /** The resources the call acts on or reads (pod IDs, secret names…): ids reach their reports. */
  about: readonly string[]
  /** The resources its answer listed (the pods a describePods returned). */
  listed: readonly string[]
  attempt: number
  durationMs: number
  requestId?: string
  httpStatus?: number
  /** JD Cloud error.status or a transport status; undefined on success. */
  status?: string
  outcome: 'ok' | 'retrying' | 'failed' | 'took-effect-earlier'
}

export interface Answer {
  requestId: string
}

export interface Call<T = unknown> {
  api: ApiName
  method: 'GET' | 'POST' | 'DELETE'
  /** Unencoded path below /v1/regions/{region}. */
  path: string
  query?: ReadonlyArray<readonly [string, string | number]>
  body?: unknown
  about?: readonly string[]
  /** More resources, read from the answer (the pods a describePods returned). */
  aboutAnswer?: (result: T) => readonly string[]
}

export interface CallOptions {
  signal?: AbortSignal
  /** Clock time after which no attempt starts and no retry waits. */
  deadline?: number
}
