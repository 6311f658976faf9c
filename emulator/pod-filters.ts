// The filters of describePods: which names it documents, how many values each takes, and how
// each matches (exact, fuzzy, or by the phase computed now).
import type { Filter, Pod, TagFilter } from './wire.js'
import { invalidArgument } from './api-error.js'
import { fuzzy, oneValue } from './query.js'

const MAX_FILTER_VALUES = 100

const POD_FILTERS = new Set([
  'podId',
  'name',
  'phase',
  'privateIpAddress',
  'az',
  'vpcId',
  'subnetId',
  'agId'
])

export function checkPodFilter(filter: Filter): void {
  if (!POD_FILTERS.has(filter.name)) throw invalidArgument(`unknown filter ${filter.name}`)
  if (filter.values.length === 0) throw invalidArgument(`filter ${filter.name} has no values`)
  if (filter.values.length > MAX_FILTER_VALUES)
    throw invalidArgument(`filter ${filter.name} takes at most ${MAX_FILTER_VALUES} values`)
  // The documented fuzzy filters take exactly one value; the exact ones take many.
  if (filter.name === 'name' || filter.name === 'privateIpAddress') oneValue(filter)
}

/** `pod` without its status; `phase` computes the status part only when a filter needs it. */
export function podMatches(pod: Pod, phase: () => string, filter: Filter): boolean {
  const values = filter.values
  switch (filter.name) {
    case 'podId':
      return values.includes(pod.podId)
    case 'name':
      return fuzzy(pod.name ?? '', oneValue(filter))
    case 'privateIpAddress':
      return fuzzy(pod.privateIpAddress ?? '', oneValue(filter))
    case 'phase': {
      const current = phase()
      return values.some(value => value.toLowerCase() === current)
    }
    case 'az':
    case 'vpcId':
    case 'subnetId':
    case 'agId': {
      const field = (pod as unknown as Record<string, unknown>)[filter.name]
      return typeof field === 'string' && values.includes(field)
    }
    default:
      return false
  }
}

export function hasTag(pod: Pod, filter: TagFilter): boolean {
  return (pod.tags ?? []).some(
    tag =>
      tag.key === filter.key &&
      (filter.values === undefined || filter.values.includes(tag.value ?? ''))
  )
}
