/**
 * When each pod was out of service: from the moment a stop was accepted until its containers
 * were all ready again. The return to service is known in advance (the start fixes it) or never
 * (a failing image), so intervals may end in the future or stay open. Its complement, the spans
 * in service, is what a load balancer's health checks see.
 */
import type { Span } from './spans.js'

interface Interval {
  from: number
  /** A fixed end. */
  to?: number
  /** The end an accepted start foresees; undefined from it means "never". */
  until?: () => number | undefined
}

function endOf(interval: Interval): number | undefined {
  return interval.to ?? interval.until?.()
}

export class ServiceTracker {
  private readonly intervals: Interval[] = []
  /** For a pod not in service yet: when its pending start brings it in. */
  private firstService?: () => number | undefined
  /** When it first came into service, once known; -Infinity for a pod seeded in service. */
  private firstServiceAt?: number

  /** `inService`: seeded in service, as if for ever. */
  constructor(private inService: boolean) {
    if (inService) this.firstServiceAt = -Infinity
  }

  /** A stop (or a failure) was accepted at `now`. */
  wentOut(now: number): void {
    if (!this.isInServiceEver(now)) {
      this.firstService = undefined
      return
    }
    const last = this.intervals[this.intervals.length - 1]
    const end = last && endOf(last)
    if (last && (end === undefined || end > now)) {
      // Not back yet: the same outage goes on.
      last.to = undefined
      last.until = undefined
      return
    }
    this.intervals.push({ from: now })
  }

  /** A start was accepted; `readyAt` tells when (if ever) the pod is all ready. */
  comingBack(readyAt: () => number | undefined): void {
    const last = this.intervals[this.intervals.length - 1]
    if (last && last.to === undefined && last.until === undefined) last.until = readyAt
    else this.firstService = readyAt
  }

  /** Back in service at `now` by fiat (someone else set the pod running). */
  backNow(now: number): void {
    if (!this.isInServiceEver(now)) this.firstServiceAt = now
    const last = this.intervals[this.intervals.length - 1]
    const end = last && endOf(last)
    if (last && (end === undefined || end > now)) {
      last.to = now
      last.until = undefined
    }
    this.inService = true
  }

  /** [from, end) pairs; Infinity for one still open. */
  spans(): Array<[number, number]> {
    return this.intervals.map(i => [i.from, endOf(i) ?? Infinity])
  }

  /** [from, to) spans in service, ordered; they may begin or end in the foreseen future. */
  inServiceSpans(): Span[] {
    let from = this.firstServiceAt ?? this.firstService?.()
    if (from === undefined) return []
    const spans: Span[] = []
    for (const [outFrom, outTo] of this.spans()) {
      if (outFrom > from) spans.push([from, outFrom])
      from = Math.max(from, outTo)
    }
    if (from < Infinity) spans.push([from, Infinity])
    return spans
  }

  private isInServiceEver(now: number): boolean {
    if (this.inService) return true
    const first = this.firstService?.()
    if (first !== undefined && first <= now) {
      this.inService = true
      this.firstServiceAt = first
    }
    return this.inService
  }
}

/** The most intervals open at one instant; an end at t does not overlap a start at t. */
export function maxOverlap(spans: ReadonlyArray<[number, number]>): number {
  const events = spans.flatMap(([from, to]) =>
    to > from ? [[from, 1] as const, [to, -1] as const] : []
  )
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let open = 0
  let max = 0
  for (const [, delta] of events) {
    open += delta
    max = Math.max(max, open)
  }
  return max
}
