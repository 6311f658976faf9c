/**
 * The emulated region: pods, secrets, images and registries, and the rules of each API call.
 * Handlers take decoded requests and return results; HTTP lives in server.ts.
 */
import type { Clock } from '../src/clock.js'
import type { Container, Pod, Secret } from './wire.js'
import { failedPrecondition, invalidArgument, notFound } from './api-error.js'
import type { ApiError } from './api-error.js'
import { generatedLogs } from './containers.js'
import type { ContainerRun, Lifecycle } from './containers.js'
import { PodMachine } from './pods.js'
import type { ContainerRecord, PodRecord } from './pods.js'
import { checkPodFilter, hasTag, podMatches } from './pod-filters.js'
import {
  fuzzy,
  integerParam,
  oneValue,
  page,
  parseFilters,
  parsePaging,
  parseTags,
  single
} from './query.js'
import type { Query } from './query.js'
import { rebuiltContainer, validateRebuild } from './rebuild-spec.js'
import { Registries } from './registries.js'
import { SecretStore } from './secrets.js'
import { completePod, seedPhase } from './seed.js'
import type { SeedPhase } from './seed.js'
import { maxOverlap, ServiceTracker } from './service-tracker.js'
import type { Span } from './spans.js'
import { goShapedPod } from './go-shape.js'
import type { ApiAnswer, ApiRequest } from './service.js'
import type {
  PodApiName,
  ImageBehaviour,
  PhaseNames,
  PodSeed,
  RebuildContainerSpec,
  Seed,
  Timings
} from './types.js'

const MAX_LOG_BYTES = 4096
const POD_QUOTA = 100
const CONTAINER_QUOTA = 300

export interface PodRegionOptions {
  clock: Clock
  region: string
  timings: Timings
  secretQuota: number
  phaseNames: PhaseNames
  /** Container states as a Go server sends them: every part, the unset ones empty (go-shape.ts). */
  goShapedStates?: boolean
}

/** A pod's in-service history, kept after its deletion for the measurements. */
interface PodLife {
  podId: string
  privateIpAddress?: string
  service: ServiceTracker
  deletedAt?: number
}

/** What a load balancer's health check finds at a pod now. */
export type PodHealthNow = 'absent' | 'not-running' | 'not-ready' | 'ready'

export class PodRegion {
  readonly secrets: SecretStore
  readonly registries = new Registries()
  timings: Timings
  private readonly pods = new Map<string, PodRecord>()
  private readonly images = new Map<string, ImageBehaviour>()
  /** Service history of deleted pods still counts. */
  private readonly retired: PodLife[] = []
  private readonly machine: PodMachine
  private podsCreated = 0

  constructor(private readonly options: PodRegionOptions) {
    this.timings = { ...options.timings }
    this.secrets = new SecretStore(() => options.secretQuota)
    this.machine = new PodMachine({
      now: () => this.now(),
      timings: () => this.timings,
      effective: (run, secret) => this.effective(run, secret),
      lifecycleOf: image => this.lifecycleOf(image),
      phaseNames: () => options.phaseNames
    })
  }

  now(): number {
    return this.options.clock.now()
  }

  // ---- seeding and direct access ----

  seed(seed: Seed): void {
    if (seed.timings) this.timings = { ...this.timings, ...seed.timings }
    for (const [image, behaviour] of Object.entries(seed.images ?? {}))
      this.setImage(image, behaviour)
    for (const [server, login] of Object.entries(seed.registries ?? {}))
      this.registries.require(server, login)
    for (const secret of seed.secrets ?? [])
      this.secrets.seed(
        { name: secret.name, secretType: secret.type ?? 'docker-registry', data: secret.data },
        secret.createdAt ? Date.parse(secret.createdAt) : this.now(),
        this.now()
      )
    for (const pod of seed.pods ?? []) this.addPod(pod)
  }

  addPod(seed: PodSeed): void {
    if (this.pods.has(seed.podId)) throw new Error(`pod ${seed.podId} is seeded twice`)
    const phase = seedPhase(seed)
    const { containers, ...pod } = completePod(seed, {
      region: this.options.region,
      index: this.podsCreated++,
      now: this.now()
    })
    const record: PodRecord = {
      pod,
      containers: (containers ?? []).map(spec => ({ spec, carriedRestarts: 0 })),
      transition: { kind: 'fixed', phase: 'stopped', at: this.now() },
      service: new ServiceTracker(false)
    }
    this.pods.set(seed.podId, record)
    this.machine.place(record, phase, seed.podStatus?.reason, seed.podStatus?.message)
    // Seeded running and ready: in service for as long as anyone can tell. Seeded running with
    // an image that never gets ready: never in service.
    if (this.machine.isReady(record, this.now())) record.service = new ServiceTracker(true)
  }

  setImage(image: string, behaviour: ImageBehaviour): void {
    this.images.set(image, behaviour)
  }

  setLogs(podId: string, containerName: string, lines: string[]): void {
    this.container(this.record(podId), containerName).logs = [...lines]
  }

  describePodNow(podId: string): Pod {
    return this.described(this.record(podId), this.now())
  }

  private described(record: PodRecord, now: number): Pod {
    const pod = this.machine.describe(record, now)
    return this.options.goShapedStates ? goShapedPod(pod) : pod
  }

  allPods(): Pod[] {
    const now = this.now()
    return this.sortedRecords().map(record => this.described(record, now))
  }

  maxOutOfService(): number {
    return maxOverlap(this.lives().flatMap(life => life.service.spans()))
  }

  /**
   * When the pods with this ID (or private IP) were in service, over all their lives: running
   * with every app container ready, from the ready moment a start foresees.
   */
  inServiceSpans(match: { podId: string } | { ip: string }): Span[] {
    const spans = this.lives()
      .filter(life =>
        'podId' in match ? life.podId === match.podId : life.privateIpAddress === match.ip
      )
      .flatMap(life =>
        life.service
          .inServiceSpans()
          .map(([from, to]): Span => [from, Math.min(to, life.deletedAt ?? Infinity)])
          .filter(([from, to]) => to > from)
      )
    return spans.sort((a, b) => a[0] - b[0])
  }

  /** Since when the pod has been in service without a break; undefined when it is not now. */
  readySince(podId: string, now = this.now()): number | undefined {
    return this.inServiceSpans({ podId }).find(([from, to]) => from <= now && now < to)?.[0]
  }

  /** What a health check finds now at the pod with this ID (or private IP). */
  podHealthNow(match: { podId: string } | { ip: string }): PodHealthNow {
    const record =
      'podId' in match
        ? this.pods.get(match.podId)
        : [...this.pods.values()].find(r => r.pod.privateIpAddress === match.ip)
    if (!record) return 'absent'
    const now = this.now()
    if (this.machine.phaseAt(record, now).phase !== 'running') return 'not-running'
    return this.machine.isReady(record, now) ? 'ready' : 'not-ready'
  }

  podExists(podId: string): boolean {
    return this.pods.has(podId)
  }

  /** The private IP of a pod, undefined for an unknown pod. */
  privateIpOf(podId: string): string | undefined {
    return this.pods.get(podId)?.pod.privateIpAddress
  }

  private lives(): PodLife[] {
    const current = [...this.pods.values()].map(({ pod, service }) => ({
      podId: pod.podId,
      privateIpAddress: pod.privateIpAddress,
      service
    }))
    return [...this.retired, ...current]
  }

  // ---- what someone else does, bypassing HTTP ----

  stopPod(podId: string): void {
    const record = this.record(podId)
    this.machine.requirePhase(record, 'running', 'stopPod')
    this.machine.stop(record)
  }

  startPod(podId: string): void {
    const record = this.record(podId)
    this.machine.requirePhase(record, 'stopped', 'startPod')
    this.machine.start(record)
  }

  rebuildPod(podId: string, containers: RebuildContainerSpec[]): void {
    this.rebuild(podId, { containers })
  }

  /** rebuildPod with a body as received: phase first, then the body, then the change. */
  private rebuild(podId: string, body: unknown): void {
    const record = this.record(podId)
    this.machine.requirePhase(record, 'stopped', 'rebuildPod')
    const specs = validateRebuild(body, this.specOf(record), name => this.secrets.exists(name))
    for (const spec of specs) {
      const c = this.container(record, spec.name)
      c.spec = rebuiltContainer(c.spec, spec)
    }
    this.machine.rebuild(record, new Set(specs.map(s => s.name)))
  }

  deletePod(podId: string): void {
    const record = this.record(podId)
    const { phase } = this.machine.phaseAt(record, this.now())
    if (!['running', 'stopped', 'error'].includes(phase))
      throw failedPrecondition(
        `pod ${podId} is ${this.machine.spell(phase)}: deletePod needs a running, stopped or error pod`
      )
    // Its outage ends at deletion: a deleted pod is no longer missing from service.
    record.service.backNow(this.now())
    this.retired.push({
      podId,
      privateIpAddress: record.pod.privateIpAddress,
      service: record.service,
      deletedAt: this.now()
    })
    this.pods.delete(podId)
  }

  setPhase(podId: string, phase: SeedPhase, reason?: string, message?: string): void {
    this.machine.place(this.record(podId), phase, reason, message)
  }

  // ---- the API ----

  handle(request: ApiRequest<PodApiName>): ApiAnswer {
    const read = (result: unknown): ApiAnswer => ({ result, applied: false })
    // stopPod, startPod, rebuildPod and deleteSecret answer with only a requestId.
    const applied = (result?: unknown): ApiAnswer => ({ result, applied: true })
    const podId = request.podId ?? ''
    switch (request.api) {
      case 'describePod':
        return read({ pod: this.describePodNow(podId) })
      case 'describePods':
        return read(this.describePods(request.query))
      case 'stopPod':
        this.stopPod(podId)
        return applied()
      case 'startPod':
        this.startPod(podId)
        return applied()
      case 'rebuildPod':
        this.rebuild(podId, request.body)
        return applied()
      case 'describeContainer':
        return read({ container: this.describeContainer(podId, request.containerName ?? '') })
      case 'getContainerLogs':
        return read({
          logs: { content: this.logs(podId, request.containerName ?? '', request.query) }
        })
      case 'createSecret':
        return applied({ secretName: this.secrets.create(request.body, this.now()) })
      case 'describeSecrets':
        return read(this.describeSecrets(request.query))
      case 'describeSecret':
        return read({ secret: this.secrets.describe(request.secretName ?? '') })
      case 'deleteSecret':
        this.secrets.delete(request.secretName ?? '', this.now())
        return applied()
      case 'describeQuota':
        return read({ quota: this.quota(single(request.query, 'resourceType')) })
    }
  }

  private describePods(query: Query): { pods: Pod[]; totalCount: number } {
    const paging = parsePaging(query)
    const filters = parseFilters(query)
    const tags = parseTags(query)
    filters.forEach(checkPodFilter)
    const now = this.now()
    // Only the page is described in full: a benchmark fleet can be large.
    const phaseOf = (record: PodRecord) => (): string =>
      this.machine.spell(this.machine.phaseAt(record, now).phase).toLowerCase()
    const matching = this.sortedRecords().filter(
      record =>
        tags.every(tag => hasTag(record.pod, tag)) &&
        filters.every(filter => podMatches(record.pod, phaseOf(record), filter))
    )
    return {
      pods: page(matching, paging).map(record => this.described(record, now)),
      totalCount: matching.length
    }
  }

  private describeSecrets(query: Query): { secrets: Secret[]; totalCount: number } {
    const paging = parsePaging(query)
    const filters = parseFilters(query)
    for (const filter of filters)
      if (filter.name !== 'name') throw invalidArgument(`unknown filter ${filter.name}`)
    const matching = this.secrets
      .list()
      .filter(secret => filters.every(filter => fuzzy(secret.name, oneValue(filter))))
    return { secrets: page(matching, paging), totalCount: matching.length }
  }

  private describeContainer(podId: string, name: string): Container {
    const pod = this.describePodNow(podId)
    const container = pod.containers?.find(c => c.name === name)
    if (!container) throw notFound(`container ${name} not found in pod ${podId}`)
    return container
  }

  private logs(podId: string, name: string, query: Query): string {
    const record = this.record(podId)
    const c = this.container(record, name)
    const tailLines = integerParam(query, 'tailLines', 0, 100_000)
    const limitBytes = integerParam(query, 'limitBytes', 1, MAX_LOG_BYTES) ?? MAX_LOG_BYTES
    const sinceSeconds = integerParam(query, 'sinceSeconds', 1, Number.MAX_SAFE_INTEGER)
    const now = this.now()
    let lines: string[]
    const fixed = c.logs ?? this.fixedLogsOf(c.spec.image)
    if (fixed) lines = fixed
    else {
      const live = this.machine.liveRun(record, c, now)
      const written = live ? generatedLogs(live[0], live[1], this.timings) : []
      if (written.length === 0) throw this.notStarted(record, c)
      const since = sinceSeconds === undefined ? -Infinity : now - sinceSeconds * 1000
      lines = written.filter(line => line.at >= since).map(line => line.text)
    }
    if (tailLines !== undefined) lines = tailLines === 0 ? [] : lines.slice(-tailLines)
    return lastBytes(lines.map(line => `${line}\n`).join(''), limitBytes)
  }

  private notStarted(record: PodRecord, c: ContainerRecord): ApiError {
    const status = this.machine
      .describe(record, this.now())
      .containers?.find(container => container.name === c.spec.name)?.containerStatus
    const state = status?.state
    const why = state?.waiting
      ? `${state.waiting.reason}${state.waiting.message ? `: ${state.waiting.message}` : ''}`
      : state?.terminated
        ? `${state.terminated.reason}: ${state.terminated.message ?? ''}`
        : 'not started'
    return failedPrecondition(
      `container "${c.spec.name}" in pod "${record.pod.podId}" is waiting to start: ${why}`
    )
  }

  private quota(resourceType: string | undefined): {
    resourceType: string
    limit: number
    used: number
  } {
    switch (resourceType) {
      case 'secret':
        return { resourceType, limit: this.options.secretQuota, used: this.secrets.count }
      case 'pod':
        return { resourceType, limit: Math.max(POD_QUOTA, this.pods.size), used: this.pods.size }
      case 'container': {
        const used = [...this.pods.values()].reduce((n, r) => n + r.containers.length, 0)
        return { resourceType, limit: Math.max(CONTAINER_QUOTA, used), used }
      }
      default:
        throw invalidArgument(
          `resourceType must be pod, container or secret, not ${JSON.stringify(resourceType)}`
        )
    }
  }

  // ---- helpers ----

  private record(podId: string): PodRecord {
    const record = this.pods.get(podId)
    if (!record) throw notFound(`pod ${podId} not found`)
    return record
  }

  private container(record: PodRecord, name: string): ContainerRecord {
    const c = record.containers.find(container => container.spec.name === name)
    if (!c) throw notFound(`container ${name} not found in pod ${record.pod.podId}`)
    return c
  }

  private specOf(record: PodRecord): Pod {
    return { ...record.pod, containers: record.containers.map(c => c.spec) }
  }

  private sortedRecords(): PodRecord[] {
    return [...this.pods.values()].sort((a, b) =>
      a.pod.podId < b.pod.podId ? -1 : a.pod.podId > b.pod.podId ? 1 : 0
    )
  }

  private lifecycleOf(image: string): Lifecycle {
    const behaviour = this.images.get(image) ?? 'ok'
    return typeof behaviour === 'string' ? behaviour : behaviour.behaviour
  }

  private fixedLogsOf(image: string): string[] | undefined {
    const behaviour = this.images.get(image)
    return typeof behaviour === 'object' ? behaviour.logs : undefined
  }

  /** A pull the registry refuses (credentials as they stood at pull time) plays out as such. */
  private effective(run: ContainerRun, secret: string | null | undefined): ContainerRun {
    if (run.lifecycle === 'invalid-name') return run
    const login = secret ? this.secrets.loginAt(secret, run.since) : undefined
    return this.registries.allows(run.image, login) ? run : { ...run, lifecycle: 'unauthorized' }
  }
}

/** The last `limit` bytes of `text`, not cutting a UTF-8 character in two. */
function lastBytes(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= limit) return text
  let start = bytes.length - limit
  while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++
  return bytes.subarray(start).toString('utf8')
}
