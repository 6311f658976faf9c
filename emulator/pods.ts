/**
 * The pod state machine. A pod stores only its last transition (what was accepted, and when) and
 * each container's current run; phases and container states are computed from the clock on every
 * read, so there are no timers and a virtual clock can leap ahead.
 */
import type { Container, ContainerState, ContainerStatus, Pod } from './wire.js'
import { failedPrecondition } from './api-error.js'
import {
  initCompletion,
  iso,
  podErrorMessage,
  podErrorTime,
  readyTime,
  snapshotAt
} from './containers.js'
import type { ContainerRun, Lifecycle, Snapshot } from './containers.js'
import type { ServiceTracker } from './service-tracker.js'
import type { SeedPhase } from './seed.js'
import type { PhaseNames, Timings } from './types.js'
import { isInit } from './wire.js'

type Transition =
  | { kind: 'start' | 'stop' | 'rebuild'; at: number }
  | { kind: 'fixed'; phase: 'stopped' | 'error'; at: number; reason?: string; message?: string }

export interface ContainerRecord {
  spec: Container
  /** Restarts of earlier runs; a rebuild resets them. */
  carriedRestarts: number
  /** The current run, or the last one while the pod is not running. */
  run?: ContainerRun
  /** When the last run's stop completed. */
  finishedAt?: number
  /** How the run before the current one ended. */
  previous?: ContainerState
  /** Fixed log lines (emu.setLogs) instead of generated ones. */
  logs?: string[]
}

export interface PodRecord {
  /** Everything but containers and status. */
  pod: Pod
  containers: ContainerRecord[]
  transition: Transition
  service: ServiceTracker
  /** When the pod last became running. */
  startTime?: number
}

export interface PhaseView {
  phase: string
  reason?: string
  message?: string
  /** Set when the pod failed by itself (a pod-error image); container runs end there. */
  failedAt?: number
}

/** What the state machine needs from the rest of the podRegion. */
export interface PodEnvironment {
  now(): number
  timings(): Timings
  /** The run as it plays out: the registry may refuse the pull (decided at pull time). */
  effective(run: ContainerRun, secret: string | null | undefined): ContainerRun
  lifecycleOf(image: string): Lifecycle
  /** How transitional phases are spelt on the wire (no source documents it: tests vary it). */
  phaseNames(): PhaseNames
}

const TRANSITIONAL: Record<string, true> = { starting: true, stopping: true, rebuilding: true }

export class PodMachine {
  constructor(private readonly env: PodEnvironment) {}

  phaseAt(record: PodRecord, now: number): PhaseView {
    const t = this.env.timings()
    const transition = record.transition
    switch (transition.kind) {
      case 'stop':
        return { phase: now < transition.at + t.stopMs ? 'stopping' : 'stopped' }
      case 'rebuild':
        return { phase: now < transition.at + t.rebuildMs ? 'rebuilding' : 'stopped' }
      case 'fixed':
        return { phase: transition.phase, reason: transition.reason, message: transition.message }
      case 'start': {
        if (now < transition.at + t.startMs) return { phase: 'starting' }
        const failure = this.failure(record)
        if (failure && now >= failure.at)
          return {
            phase: 'error',
            reason: 'ContainerCannotRun',
            message: podErrorMessage(failure.run),
            failedAt: failure.at
          }
        return { phase: 'running' }
      }
    }
  }

  /** The pod as describePod returns it at `now`. */
  describe(record: PodRecord, now: number): Pod {
    const view = this.phaseAt(record, now)
    const containers = record.containers.map(c => ({
      ...c.spec,
      containerStatus: this.containerStatus(record, c, view, now)
    }))
    const ready =
      view.phase === 'running' &&
      containers.every(c => isInit(c) || c.containerStatus.ready === true)
    // Through JSON, as on the wire: a deep copy without undefined fields.
    return wireCopy({
      ...record.pod,
      containers,
      podStatus: {
        phase: this.spell(view.phase),
        ...(view.reason !== undefined && { reason: view.reason }),
        ...(view.message !== undefined && { message: view.message }),
        podIP: record.pod.privateIpAddress,
        ...(record.startTime !== undefined &&
          record.startTime <= now && { startTime: iso(record.startTime) }),
        conditions: [{ conditionType: 'Ready', status: ready ? 'True' : 'False' }]
      }
    })
  }

  /** The run of a container as it plays out, and the instant it is read at. */
  liveRun(record: PodRecord, c: ContainerRecord, now: number): [ContainerRun, number] | undefined {
    if (!c.run) return undefined
    const view = this.phaseAt(record, now)
    if (view.phase === 'starting') return undefined
    return [this.env.effective(c.run, c.spec.secret), Math.min(now, view.failedAt ?? now)]
  }

  /** A phase as the wire spells it: the confirmed ones as they are, transitional ones as configured. */
  spell(phase: string): string {
    const names = this.env.phaseNames()
    return TRANSITIONAL[phase] ? names[phase as keyof PhaseNames] : phase
  }

  // ---- transitions (callers check the phase rules first) ----

  /** Refuses with FAILED_PRECONDITION unless the pod is in `required`. */
  requirePhase(record: PodRecord, required: 'running' | 'stopped', api: string): void {
    const { phase } = this.phaseAt(record, this.env.now())
    if (phase === required) return
    const podId = record.pod.podId
    if (TRANSITIONAL[phase])
      throw failedPrecondition(
        `pod ${podId} has a task in progress (${this.spell(phase)}): Conflict with underlay task, try again later`
      )
    throw failedPrecondition(`pod ${podId} is ${phase}: ${api} needs a ${required} pod`)
  }

  stop(record: PodRecord): void {
    const now = this.env.now()
    this.endRuns(record, now, now + this.env.timings().stopMs)
    record.transition = { kind: 'stop', at: now }
    record.service.wentOut(now)
  }

  start(record: PodRecord): void {
    const now = this.env.now()
    const since = now + this.env.timings().startMs
    this.beginRuns(record, since)
    record.transition = { kind: 'start', at: now }
    record.service.comingBack(this.readyAtOf(record))
  }

  /** A rebuild of the named containers; their specs are already replaced by the caller. */
  rebuild(record: PodRecord, rebuilt: ReadonlySet<string>): void {
    for (const c of record.containers)
      if (rebuilt.has(c.spec.name)) {
        c.carriedRestarts = 0
        c.run = undefined
        c.finishedAt = undefined
        c.previous = undefined
        c.logs = undefined
      }
    record.transition = { kind: 'rebuild', at: this.env.now() }
  }

  /** Puts a pod in a phase by fiat (seeding, or someone at the console). */
  place(record: PodRecord, phase: SeedPhase, reason?: string, message?: string): void {
    const now = this.env.now()
    const t = this.env.timings()
    switch (phase) {
      case 'running': {
        // As if started long enough ago to be ready now (for images that get ready at all),
        // init containers included.
        const inits = record.containers.filter(c => isInit(c.spec)).length
        const since = now - (t.pullMs + t.readyMs) * (inits + 1)
        this.endRuns(record, now, now)
        this.beginRuns(record, since)
        record.transition = { kind: 'start', at: since - t.startMs }
        // An image that never gets ready leaves the pod running but out of service.
        if (this.isReady(record, now)) record.service.backNow(now)
        else {
          record.service.wentOut(now)
          record.service.comingBack(this.readyAtOf(record))
        }
        return
      }
      case 'pending':
      case 'starting':
        this.endRuns(record, now, now)
        record.service.wentOut(now)
        return this.start(record)
      case 'stopping':
        return this.stop(record)
      case 'rebuilding':
        this.endRuns(record, now, now)
        record.transition = { kind: 'rebuild', at: now }
        record.service.wentOut(now)
        return
      case 'stopped':
      case 'error':
        this.endRuns(record, now, now)
        record.transition = { kind: 'fixed', phase, at: now, reason, message }
        record.service.wentOut(now)
    }
  }

  /** Whether the pod's current start has made every app container ready by `now`. */
  isReady(record: PodRecord, now: number): boolean {
    if (record.transition.kind !== 'start') return false
    const readyAt = this.readyAtOf(record)()
    return readyAt !== undefined && readyAt <= now
  }

  /** When the pod's current start makes it all ready; undefined if it never will. */
  private readyAtOf(record: PodRecord): () => number | undefined {
    const runs = record.containers
      .filter(c => !isInit(c.spec))
      .map(c => ({ run: c.run, secret: c.spec.secret }))
    return () => {
      let latest = -Infinity
      for (const { run, secret } of runs) {
        const ready = run && readyTime(this.env.effective(run, secret), this.env.timings())
        if (ready === undefined) return undefined
        latest = Math.max(latest, ready)
      }
      return latest
    }
  }

  private failure(record: PodRecord): { at: number; run: ContainerRun } | undefined {
    let first: { at: number; run: ContainerRun } | undefined
    for (const c of record.containers) {
      if (!c.run) continue
      const run = this.env.effective(c.run, c.spec.secret)
      const at = podErrorTime(run, this.env.timings())
      if (at !== undefined && (!first || at < first.at)) first = { at, run }
    }
    return first
  }

  private endRuns(record: PodRecord, now: number, finishedAt: number): void {
    const failedAt = this.phaseAt(record, now).failedAt
    for (const c of record.containers)
      if (c.run && c.run.until === undefined) {
        c.run.until = Math.min(now, failedAt ?? now)
        c.finishedAt = finishedAt
      }
  }

  /** Init containers run one after another from `since`; the app containers once all completed. */
  private beginRuns(record: PodRecord, since: number): void {
    const t = this.env.timings()
    let appsFrom = since
    for (const c of record.containers) {
      if (c.run) {
        const run = this.env.effective(c.run, c.spec.secret)
        c.carriedRestarts += snapshotAt(run, c.run.until ?? since, t).restarts
        c.previous = this.endState(c)
      }
      const init = isInit(c.spec)
      c.run = {
        lifecycle: this.env.lifecycleOf(c.spec.image),
        image: c.spec.image,
        containerName: c.spec.name,
        podName: record.pod.name ?? record.pod.podId,
        ...(init ? { init } : {}),
        since: init ? appsFrom : since
      }
      if (init) appsFrom = initCompletion(this.env.effective(c.run, c.spec.secret), t) ?? Infinity
      c.finishedAt = undefined
    }
    for (const c of record.containers) if (c.run && !c.run.init) c.run.since = appsFrom
    record.startTime = since
  }

  private containerStatus(
    record: PodRecord,
    c: ContainerRecord,
    view: PhaseView,
    now: number
  ): ContainerStatus {
    const t = this.env.timings()
    const run = c.run && this.env.effective(c.run, c.spec.secret)
    const status = (snapshot: Pick<Snapshot, 'state' | 'lastState' | 'ready' | 'restarts'>) => ({
      name: c.spec.name,
      restartCount: c.carriedRestarts + snapshot.restarts,
      ready: snapshot.ready,
      state: snapshot.state,
      lastState: snapshot.lastState ?? c.previous ?? null
    })
    const ended = () =>
      status({
        state: this.endState(c),
        lastState: null,
        ready: false,
        restarts: run ? snapshotAt(run, run.until ?? now, t).restarts : 0
      })

    if (view.phase === 'starting')
      return status({
        state: { waiting: { reason: 'ContainerCreating', message: 'the pod is starting' } },
        lastState: null,
        ready: false,
        restarts: 0
      })
    if (view.phase === 'stopping' && run && record.transition.kind === 'stop')
      return status({ ...snapshotAt(run, record.transition.at, t), ready: false })
    if ((view.phase === 'running' || view.failedAt !== undefined) && run) {
      const snapshot = snapshotAt(run, Math.min(now, view.failedAt ?? now), t)
      return status({ ...snapshot, ready: snapshot.ready && view.phase === 'running' })
    }
    return ended()
  }

  /** How the container's last run ended, as a terminated state. */
  private endState(c: ContainerRecord): ContainerState {
    const run = c.run && this.env.effective(c.run, c.spec.secret)
    const finishedAt = c.finishedAt !== undefined ? iso(c.finishedAt) : undefined
    if (!run || run.until === undefined)
      return {
        terminated: { reason: 'Stopped', message: 'the pod is stopped', exitCode: 0, finishedAt }
      }
    const snapshot = snapshotAt(run, run.until, this.env.timings())
    if (snapshot.state.terminated) return { terminated: { ...snapshot.state.terminated } }
    if (snapshot.state.running)
      return {
        terminated: {
          reason: 'Completed',
          message: 'stopped with the pod',
          exitCode: 0,
          startedAt: snapshot.state.running.startedAt,
          finishedAt
        }
      }
    return {
      terminated: {
        reason: 'Stopped',
        message: `the pod stopped while the container was waiting (${snapshot.state.waiting?.reason ?? 'not started'})`,
        exitCode: 0,
        finishedAt
      }
    }
  }
}

function wireCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
