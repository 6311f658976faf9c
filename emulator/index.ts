/**
 * A local JD Cloud pod API (v1) for tests, the demo and the benchmarks: a real HTTP server on
 * 127.0.0.1 that checks signatures, simulates pods, secrets, container logs and faults, and
 * reads all time from an injected Clock.
 */
import { systemClock } from '../src/clock.js'
import type { Clock } from '../src/clock.js'
import { Authenticator } from './auth.js'
import { podBinding } from './bindings.js'
import { FaultQueue } from './faults.js'
import { parseSeed } from './seed.js'
import type { SeedPhase } from './seed.js'
import { ApiServer } from './server.js'
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_REGION,
  DEFAULT_TIMINGS,
  MUTATING_APIS,
  PHASE_VOCABULARIES
} from './types.js'
import type {
  ApiName,
  EmulatorOptions,
  Fault,
  ImageBehaviour,
  Pod,
  PodSeed,
  RebuildContainerSpec,
  RecordedCall,
  RegistryCredentials,
  Secret,
  Seed
} from './types.js'
import { World } from './world.js'

export * from './types.js'
export { podSeed, parseSeed, parseTimings, SeedError, DEFAULT_IMAGE } from './seed.js'
export type { PodSeedOptions, SeedPhase } from './seed.js'

export type CallHook = (call: RecordedCall, emulator: PodEmulator) => void

/** State changes as another actor (a colleague, the console) would make them, bypassing HTTP. */
export interface Actor {
  stopPod(podId: string): void
  startPod(podId: string): void
  rebuildPod(podId: string, containers: RebuildContainerSpec[]): void
  deletePod(podId: string): void
  setPhase(podId: string, phase: SeedPhase, reason?: string, message?: string): void
}

export class PodEmulator {
  readonly url: string
  readonly credentials: { accessKey: string; secretKey: string }
  readonly region: string
  readonly clock: Clock
  readonly actor: Actor

  private readonly hooks: Array<{ api: ApiName | '*'; hook: CallHook }> = []

  private constructor(
    /** Every request, rejected ones included, in arrival order. */
    readonly calls: RecordedCall[],
    private readonly world: World,
    private readonly faults: FaultQueue,
    private readonly server: ApiServer,
    port: number,
    options: Required<Pick<EmulatorOptions, 'accessKey' | 'secretKey' | 'region' | 'clock'>>
  ) {
    this.url = `http://127.0.0.1:${port}`
    this.credentials = { accessKey: options.accessKey, secretKey: options.secretKey }
    this.region = options.region
    this.clock = options.clock
    this.actor = {
      stopPod: podId => world.stopPod(podId),
      startPod: podId => world.startPod(podId),
      rebuildPod: (podId, containers) => world.rebuildPod(podId, containers),
      deletePod: podId => world.deletePod(podId),
      setPhase: (podId, phase, reason, message) => world.setPhase(podId, phase, reason, message)
    }
  }

  static async start(options: EmulatorOptions = {}): Promise<PodEmulator> {
    const clock = options.clock ?? systemClock
    const region = options.region ?? DEFAULT_REGION
    const accessKey = options.accessKey ?? DEFAULT_CREDENTIALS.accessKey
    const secretKey = options.secretKey ?? DEFAULT_CREDENTIALS.secretKey
    const world = new World({
      clock,
      region,
      timings: { ...DEFAULT_TIMINGS, ...options.timings },
      secretQuota: options.secretQuota ?? 100,
      phaseNames: options.phaseNames ?? PHASE_VOCABULARIES.guessed
    })
    if (options.seed) world.seed(parseSeed(options.seed))
    const faults = new FaultQueue()
    const auth = new Authenticator({
      accessKey,
      secretKey,
      region,
      clock,
      maxClockSkewMs: options.maxClockSkewMs ?? 300_000,
      service: 'pod'
    })
    const calls: RecordedCall[] = []
    // The server exists before the emulator that owns the hooks; calls cannot arrive before both.
    const owner: { emulator?: PodEmulator } = {}
    const server = new ApiServer({
      clock,
      region,
      service: podBinding(world),
      auth,
      faults,
      arrived: call => calls.push(call),
      handled: call => owner.emulator?.runHooks(call)
    })
    const port = await server.listen(options.port ?? 0)
    owner.emulator = new PodEmulator(calls, world, faults, server, port, {
      accessKey,
      secretKey,
      region,
      clock
    })
    return owner.emulator
  }

  seed(seed: Seed): void {
    this.world.seed(parseSeed(seed))
  }

  addPod(seed: PodSeed): void {
    this.world.seed(parseSeed({ pods: [seed] }))
  }

  /** Exactly as describePod would return it now (a copy). */
  pod(podId: string): Pod {
    return this.world.describePodNow(podId)
  }

  pods(): Pod[] {
    return this.world.allPods()
  }

  /** As describeSecret returns them, data included. */
  secrets(): Secret[] {
    return this.world.secrets.list()
  }

  callsTo(api: ApiName): RecordedCall[] {
    return this.calls.filter(call => call.api === api)
  }

  /** stopPod/startPod/rebuildPod/createSecret/deleteSecret calls answered 2xx or applied. */
  mutatingCalls(): RecordedCall[] {
    return this.calls.filter(
      call =>
        call.api !== 'unknown' &&
        MUTATING_APIS.has(call.api) &&
        (call.applied || (call.status >= 200 && call.status < 300))
    )
  }

  inject(fault: Fault): void {
    this.faults.push(fault)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  setImage(image: string, behaviour: ImageBehaviour): void {
    this.world.seed(parseSeed({ images: { [image]: behaviour } }))
  }

  requireRegistryCredentials(server: string, credentials: RegistryCredentials): void {
    this.world.registries.require(server, credentials)
  }

  /** Fixes a container's logs (instead of generated ones) until its next rebuild. */
  setLogs(podId: string, containerName: string, lines: string[]): void {
    this.world.setLogs(podId, containerName, lines)
  }

  /** The most pods out of service at one instant over the emulator's life. */
  maxOutOfService(): number {
    return this.world.maxOutOfService()
  }

  /** Since when the pod has been running with every app container ready; undefined if not now. */
  readySince(podId: string): number | undefined {
    return this.world.readySince(podId)
  }

  /** Runs `hook` after each handled call to `api` ('*': every call); returns an unsubscribe. */
  onCall(api: ApiName | '*', hook: CallHook): () => void {
    const entry = { api, hook }
    this.hooks.push(entry)
    return () => {
      const index = this.hooks.indexOf(entry)
      if (index !== -1) this.hooks.splice(index, 1)
    }
  }

  async close(): Promise<void> {
    await this.server.close()
  }

  private runHooks(call: RecordedCall): void {
    for (const { api, hook } of [...this.hooks])
      if (api === '*' || api === call.api) {
        try {
          hook(call, this)
        } catch (error) {
          console.error(`emulator: an onCall hook for ${call.api} failed`, error)
        }
      }
  }
}
