// Half-open time spans [from, to) in clock milliseconds, and the few operations the load
// balancer's health and measurements need. Spans may begin at -Infinity (seeded "for ever") and
// end at Infinity (still open); lists are kept ordered and disjoint.

export type Span = readonly [from: number, to: number]

/** Ordered, disjoint, non-empty; touching spans become one. */
export function union(spans: readonly Span[]): Span[] {
  const sorted = spans.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1]
    if (last && from <= last[1]) last[1] = Math.max(last[1], to)
    else merged.push([from, to])
  }
  return merged
}

/** Where both lists cover. */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const result: Span[] = []
  for (const [aFrom, aTo] of union(a))
    for (const [bFrom, bTo] of union(b)) {
      const from = Math.max(aFrom, bFrom)
      const to = Math.min(aTo, bTo)
      if (to > from) result.push([from, to])
    }
  return union(result)
}

/** Where `a` covers and `b` does not. */
export function without(a: readonly Span[], b: readonly Span[]): Span[] {
  let rest = union(a)
  for (const [bFrom, bTo] of union(b))
    rest = rest.flatMap(([from, to]) => {
      const left: Span = [from, Math.min(to, bFrom)]
      const right: Span = [Math.max(from, bTo), to]
      return [left, right].filter(([f, t]) => t > f)
    })
  return rest
}

/** Joins spans separated by less than `shorterThan`: breaks too short for anyone to notice. */
export function bridgeGaps(spans: readonly Span[], shorterThan: number): Span[] {
  const bridged: Array<[number, number]> = []
  for (const [from, to] of union(spans)) {
    const last = bridged[bridged.length - 1]
    if (last && from - last[1] < shorterThan) last[1] = to
    else bridged.push([from, to])
  }
  return bridged
}

/** Whether `at` lies in one of the spans. */
export function covers(spans: readonly Span[], at: number): boolean {
  return spans.some(([from, to]) => from <= at && at < to)
}

/**
 * The longest stretch up to `now` that no span covers, counted from the first moment one did
 * (a stretch still open at `now` counts up to `now`); 0 when none ever did.
 */
export function longestGap(spans: readonly Span[], now: number): number {
  const past = union(spans).filter(([from]) => from <= now)
  let longest = 0
  past.forEach(([, to], i) => {
    const next = past[i + 1]?.[0] ?? now
    if (to < next) longest = Math.max(longest, next - to)
  })
  return longest
}

/**
 * The fewest spans of `perItem` (one ordered list per item) covering one instant, from the first
 * instant any covered up to `now`; 0 when none ever did. Spans starting and ending at the same
 * instant hand over without a dip.
 */
export function fewestCovering(perItem: ReadonlyArray<readonly Span[]>, now: number): number {
  const changes = new Map<number, number>()
  for (const spans of perItem)
    for (const [from, to] of union(spans)) {
      if (from > now) continue
      changes.set(from, (changes.get(from) ?? 0) + 1)
      if (to <= now) changes.set(to, (changes.get(to) ?? 0) - 1)
    }
  let open = 0
  let fewest: number | undefined
  for (const [, delta] of [...changes].sort((a, b) => a[0] - b[0])) {
    open += delta
    if (fewest !== undefined || open > 0) fewest = Math.min(fewest ?? open, open)
  }
  return fewest ?? 0
}
