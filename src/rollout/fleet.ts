/**
 * Rolling over a fleet: `maxParallel` pods at a time; the next batch starts only when the whole
 * batch before it has finished well. The first failure ends the rollout — the batch in flight
 * finishes its pods (a half-done rebuild is worse than a finished one) and untouched pods stay
 * untouched.
 */
export interface FleetResult<T, R> {
  results: Array<{ item: T; result: R }>
  untouched: T[]
}

export async function rollInBatches<T, R>(
  items: readonly T[],
  maxParallel: number,
  run: (item: T) => Promise<R>,
  shouldStop: (result: R) => boolean,
  stopRequested: () => boolean = () => false
): Promise<FleetResult<T, R>> {
  const results: FleetResult<T, R>['results'] = []
  for (let start = 0; start < items.length; start += maxParallel) {
    if (stopRequested()) return { results, untouched: items.slice(start) }
    const batch = items.slice(start, start + maxParallel)
    const batchResults = await Promise.all(
      batch.map(async item => ({ item, result: await run(item) }))
    )
    results.push(...batchResults)
    if (batchResults.some(({ result }) => shouldStop(result)))
      return { results, untouched: items.slice(start + maxParallel) }
  }
  return { results, untouched: [] }
}
