/**
 * A local JD Cloud pod API (v1) and load balancer API (lb v1) for tests, the demo and the
 * benchmarks: two real HTTP servers on 127.0.0.1 that check signatures, simulate pods, secrets,
 * container logs, target groups and their health, and faults, and read all time from an
 * injected Clock.
 */
import { systemClock } from '../src/clock.js'
import type { Clock } from '../src/clock.js'
import { Authenticator } from './auth.js'
import { lbBinding, podBinding } from './bindings.js'
import { FaultQueue } from './faults.js'
import { LoadBalancing } from './lb.js'
import { parseSeed } from './seed.js'
import type { SeedPhase } from './seed.js'
import { ApiServer } from './server.js'
import type { ServiceBinding } from './service.js'
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_REGION,
  DEFAULT_TIMINGS,
  MUTATING_APIS,
  PHASE_VOCABULARIES
} from './types.js'
import type {
  ApiName,
  Backend,
  EmulatorOptions,
  Fault,
  ImageBehaviour,
  ListApiName,
  Pod,
  PodSeed,
  RebuildContainerSpec,
  RecordedCall,
  RegistryCredentials,
  Secret,
  Seed,
  ServiceName,
  Target,
  TargetGroup,
  TargetHealth,
  TargetSpec,
  TargetUpdateSpec
} from './types.js'
import { PodRegion } from './pod-region.js'

export * from './types.js'
export { podSeed, parseSeed, parseTimings, SeedError, DEFAULT_IMAGE } from './seed.js'
export type { PodSeedOptions, SeedPhase } from './seed.js'

export type CallHook = (call: RecordedCall, emulator: PodEmulator) => void

/** State changes as someone else (a colleague, the console) would make them, bypassing HTTP. */
export interface SomeoneElse {
  stopPod(podId: string): void
  startPod(podId: string): void
  rebuildPod(podId: string, containers: RebuildContainerSpec[]): void
  deletePod(podId: string): void
  setPhase(podId: string, phase: SeedPhase, reason?: string, message?: string): void
  /** As registerTargets (same rules, same errors); returns the new targets' IDs. */
  registerTargets(targetGroupId: string, specs: TargetSpec[]): string[]
  /** As deRegisterTargets: the targets leave every health view at once. */
  deregisterTargets(targetGroupId: string, targetIds: string[]): void
  updateTargets(targetGroupId: string, specs: TargetUpdateSpec[]): void
}

/** The load balancers as they stand, and measurements over their history. */
export interface LoadBalancerReadings {
  /** Every target group, whatever its type. */
  targetGroups(): TargetGroup[]
  /** Every backend, whatever its type. */
  backends(): Backend[]
  /** As describeTargets returns them now (all, unpaged). */
  targets(targetGroupId: string): Target[]
  /** As describeTargetHealth returns it now (all, unpaged). */
  health(backendId: string): TargetHealth[]
  /**
   * The longest time (ms) the group had no healthy target carrying traffic — registered with a
   * weight above 0, reported healthy by the backend and its pod really in service — counted from the moment it first had one (a
   * stretch still going on counts up to now); 0 when it never had one. With several backends,
   * the worst of them.
   */
  longestWithoutHealthyTarget(targetGroupId: string): number
  /** The fewest healthy targets at one instant, since the group first had one; 0 if never. */
  fewestHealthyTargets(targetGroupId: string): number
}

export class PodEmulator {
  /** The pod API. */
  readonly url: string
  /** The lb API (its own port, as the action has its own lb endpoint). */
  readonly lbUrl: string
  readonly credentials: { accessKey: string; secretKey: string }
  readonly region: string
  readonly clock: Clock
  readonly someoneElse: SomeoneElse
  readonly lb: LoadBalancerReadings

  private readonly hooks: Array<{ api: ApiName | '*'; hook: CallHook }> = []

  private constructor(
    /** Every request, rejected ones included, in arrival order. */
    readonly calls: RecordedCall[],
    private readonly podRegion: PodRegion,
    private readonly loadBalancing: LoadBalancing,
    private readonly faults: FaultQueue,
    private readonly servers: ApiServer[],
    ports: Record<ServiceName, number>,
    options: Required<Pick<EmulatorOptions, 'accessKey' | 'secretKey' | 'region' | 'clock'>>
  ) {
    this.url = `http://127.0.0.1:${ports.pod}`
    this.lbUrl = `http://127.0.0.1:${ports.lb}`
    this.credentials = { accessKey: options.accessKey, secretKey: options.secretKey }
    this.region = options.region
    this.clock = options.clock
    this.someoneElse = {
      stopPod: podId => podRegion.stopPod(podId),
      startPod: podId => podRegion.startPod(podId),
      rebuildPod: (podId, containers) => podRegion.rebuildPod(podId, containers),
      deletePod: podId => podRegion.deletePod(podId),
      setPhase: (podId, phase, reason, message) =>
        podRegion.setPhase(podId, phase, reason, message),
      registerTargets: (targetGroupId, specs) => loadBalancing.register(targetGroupId, specs),
      deregisterTargets: (targetGroupId, targetIds) =>
        loadBalancing.deregister(targetGroupId, targetIds),
      updateTargets: (targetGroupId, specs) => loadBalancing.update(targetGroupId, specs)
    }
    this.lb = {
      targetGroups: () => loadBalancing.targetGroups(),
      backends: () => loadBalancing.backends(),
      targets: targetGroupId => loadBalancing.targets(targetGroupId),
      health: backendId => loadBalancing.health(backendId),
      longestWithoutHealthyTarget: targetGroupId =>
        loadBalancing.longestWithoutHealthyTarget(targetGroupId),
      fewestHealthyTargets: targetGroupId => loadBalancing.fewestHealthyTargets(targetGroupId)
    }
  }

  static async start(options: EmulatorOptions = {}): Promise<PodEmulator> {
    const clock = options.clock ?? systemClock
    const region = options.region ?? DEFAULT_REGION
    const accessKey = options.accessKey ?? DEFAULT_CREDENTIALS.accessKey
    const secretKey = options.secretKey ?? DEFAULT_CREDENTIALS.secretKey
    const podRegion = new PodRegion({
      clock,
      region,
      timings: { ...DEFAULT_TIMINGS, ...options.timings },
      secretQuota: options.secretQuota ?? 100,
      phaseNames: options.phaseNames ?? PHASE_VOCABULARIES.guessed,
      goShapedStates: options.goShapedStates ?? false
    })
    const loadBalancing = new LoadBalancing({
      now: () => clock.now(),
      timings: () => podRegion.timings,
      podExists: podId => podRegion.podExists(podId),
      privateIpOf: podId => podRegion.privateIpOf(podId),
      inServiceSpans: match => podRegion.inServiceSpans(match),
      podHealthNow: match => podRegion.podHealthNow(match)
    })
    if (options.seed) applySeed(podRegion, loadBalancing, parseSeed(options.seed))
    const faults = new FaultQueue()
    const calls: RecordedCall[] = []
    // The servers exist before the emulator that owns the hooks; calls cannot arrive before it.
    const owner: { emulator?: PodEmulator } = {}
    const serverFor = <A extends ApiName>(binding: ServiceBinding<A>) =>
      new ApiServer({
        clock,
        region,
        service: binding,
        auth: new Authenticator({
          accessKey,
          secretKey,
          region,
          clock,
          maxClockSkewMs: options.maxClockSkewMs ?? 300_000,
          service: binding.name
        }),
        faults,
        arrived: call => calls.push(call),
        handled: call => owner.emulator?.runHooks(call)
      })
    const podServer = serverFor(podBinding(podRegion))
    const lbServer = serverFor(lbBinding(loadBalancing))
    const servers: ApiServer[] = [podServer, lbServer]
    try {
      const ports = {
        pod: await podServer.listen(options.port ?? 0),
        lb: await lbServer.listen(options.lbPort ?? 0)
      }
      owner.emulator = new PodEmulator(calls, podRegion, loadBalancing, faults, servers, ports, {
        accessKey,
        secretKey,
        region,
        clock
      })
    } catch (error) {
      await Promise.all(servers.map(server => server.close()))
      throw error
    }
    return owner.emulator
  }

  seed(seed: Seed): void {
    applySeed(this.podRegion, this.loadBalancing, parseSeed(seed))
  }

  addPod(seed: PodSeed): void {
    this.podRegion.seed(parseSeed({ pods: [seed] }))
  }

  /** Exactly as describePod would return it now (a copy). */
  pod(podId: string): Pod {
    return this.podRegion.describePodNow(podId)
  }

  pods(): Pod[] {
    return this.podRegion.allPods()
  }

  /** As describeSecret returns them, data included. */
  secrets(): Secret[] {
    return this.podRegion.secrets.list()
  }

  callsTo(api: ApiName): RecordedCall[] {
    return this.calls.filter(call => call.api === api)
  }

  /**
   * stopPod/startPod/rebuildPod/createSecret/deleteSecret and registerTargets/deRegisterTargets/
   * updateTargets calls answered 2xx or applied.
   */
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
    this.podRegion.seed(parseSeed({ images: { [image]: behaviour } }))
  }

  requireRegistryCredentials(server: string, credentials: RegistryCredentials): void {
    this.podRegion.registries.require(server, credentials)
  }

  /** Fixes a container's logs (instead of generated ones) until its next rebuild. */
  setLogs(podId: string, containerName: string, lines: string[]): void {
    this.podRegion.setLogs(podId, containerName, lines)
  }

  /** The most pods out of service at one instant over the emulator's life. */
  maxOutOfService(): number {
    return this.podRegion.maxOutOfService()
  }

  /** Since when the pod has been running with every app container ready; undefined if not now. */
  readySince(podId: string): number | undefined {
    return this.podRegion.readySince(podId)
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

  /**
   * Someone else changing a listing while it is read: runs `change` right after page `afterPage`
   * of a list call to `api` was answered (its pageNumber, 1 when none was sent), the first `times`
   * times (Infinity: every time). Returns an unsubscribe.
   */
  betweenPages(
    api: ListApiName,
    afterPage: number,
    change: (emulator: PodEmulator) => void,
    times = 1
  ): () => void {
    let left = times
    const off = this.onCall(api, call => {
      const pageNumber = Number(call.query.pageNumber ?? 1)
      if (call.status !== 200 || pageNumber !== afterPage || left <= 0) return
      left--
      if (left <= 0) off()
      change(this)
    })
    return off
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map(server => server.close()))
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

/** Pods first: targets refer to them. */
function applySeed(podRegion: PodRegion, loadBalancing: LoadBalancing, seed: Seed): void {
  podRegion.seed(seed)
  if (seed.loadBalancing) loadBalancing.seed(seed.loadBalancing)
}
