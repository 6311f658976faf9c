/** Query-string conventions of the JD Cloud API: paging, `filters.N.*` and `tags.N.*`. */
import type { Filter, TagFilter } from './wire.js'
import { invalidArgument } from './api-error.js'

export type Query = Record<string, string | string[]>

export interface Paging {
  pageNumber: number
  pageSize: number
}

/** Decodes a raw query; a repeated name gives an array. */
export function parseQuery(raw: string): Query {
  const query: Query = {}
  for (const [name, value] of new URLSearchParams(raw)) {
    const previous = query[name]
    query[name] =
      previous === undefined
        ? value
        : Array.isArray(previous)
          ? [...previous, value]
          : [previous, value]
  }
  return query
}

export function single(query: Query, name: string): string | undefined {
  const value = query[name]
  return Array.isArray(value) ? value[value.length - 1] : value
}

/** An optional integer parameter within [min, max]; INVALID_ARGUMENT otherwise. */
export function integerParam(
  query: Query,
  name: string,
  min: number,
  max: number
): number | undefined {
  const raw = single(query, name)
  if (raw === undefined) return undefined
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw invalidArgument(
      `${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`
    )
  return value
}

export function parsePaging(query: Query): Paging {
  return {
    pageNumber: integerParam(query, 'pageNumber', 1, Number.MAX_SAFE_INTEGER) ?? 1,
    pageSize: integerParam(query, 'pageSize', 10, 100) ?? 20
  }
}

export function page<T>(items: readonly T[], paging: Paging): T[] {
  const start = (paging.pageNumber - 1) * paging.pageSize
  return items.slice(start, start + paging.pageSize)
}

interface Group {
  fields: Map<string, string>
  values: Array<[number, string]>
}

/** Groups `prefix.N.field` and `prefix.N.values.M` by N; values ordered by M. */
function indexed(query: Query, prefix: string): Map<number, Group> {
  const groups = new Map<number, Group>()
  const pattern = new RegExp(`^${prefix}\\.(\\d+)\\.(?:values\\.(\\d+)|(\\w+))$`)
  for (const name of Object.keys(query)) {
    const match = pattern.exec(name)
    if (!match) {
      if (name.startsWith(`${prefix}.`)) throw invalidArgument(`unknown parameter ${name}`)
      continue
    }
    const index = Number(match[1])
    const group: Group = groups.get(index) ?? { fields: new Map(), values: [] }
    groups.set(index, group)
    const value = single(query, name) ?? ''
    if (match[2] !== undefined) group.values.push([Number(match[2]), value])
    else group.fields.set(match[3] ?? '', value)
  }
  for (const group of groups.values()) group.values.sort((a, b) => a[0] - b[0])
  return new Map([...groups].sort((a, b) => a[0] - b[0]))
}

export function parseFilters(query: Query): Filter[] {
  return [...indexed(query, 'filters')].map(([index, group]) => {
    const name = group.fields.get('name')
    if (!name) throw invalidArgument(`filters.${index}.name is required`)
    return { name, values: group.values.map(([, value]) => value) }
  })
}

export function parseTags(query: Query): TagFilter[] {
  return [...indexed(query, 'tags')].map(([index, group]) => {
    const key = group.fields.get('key')
    if (!key) throw invalidArgument(`tags.${index}.key is required`)
    const values = group.values.map(([, value]) => value)
    return values.length > 0 ? { key, values } : { key }
  })
}

/** The one value of a filter that takes exactly one. */
export function oneValue(filter: Filter): string {
  if (filter.values.length !== 1)
    throw invalidArgument(`filter ${filter.name} takes exactly one value`)
  return filter.values[0] ?? ''
}

/** Case-insensitive "contains", as JD Cloud's fuzzy filters match. */
export function fuzzy(text: string, part: string): boolean {
  return text.toLowerCase().includes(part.toLowerCase())
}
