// How one API call looks on the wire, as JD Cloud's official SDKs build it, and the checks of a
// query, a body and a result against it.
//
// Query parameters (Go core/ParameterBuilder.go, JS src/lib/service.js buildFilterParam): a list
// of filters is flattened to `filters.N.name`, `filters.N.operator` (optional, default eq) and
// `filters.N.values.M`; tag filters to `tags.N.key` and `tags.N.values.M`; N and M count from 1.
//
// Bodies: the Go SDK marshals the whole request struct and removes only its base fields, and the
// Python SDK dumps its parameters object, so both also send the path parameters (`regionId`,
// `podId`, `targetGroupId`...) inside the JSON body; the JS SDK sends only the body keys. A body
// check therefore tolerates path parameters at the top level of the body.
import type { Field, ModelTable } from './schema.js'
import { fieldListProblems, opt, validateFields } from './schema.js'

export type HttpMethod = 'GET' | 'POST' | 'DELETE'

export interface QueryParam {
  readonly name: string
  readonly type: 'integer' | 'string'
  readonly required: boolean
  readonly rule?: string
}

export interface FilterName {
  readonly name: string
  /** How many values the SDK comment allows; absent when the comment does not say. */
  readonly values?: 'one' | 'many'
  readonly match?: 'exact' | 'fuzzy'
  readonly rule?: string
}

export interface Call {
  readonly name: string
  readonly method: HttpMethod
  /** Below `/v1/regions/{regionId}`, exactly as the SDKs write it (trailing slash included). */
  readonly path: string
  readonly query: readonly QueryParam[]
  /** Present when the call takes `filters.N.*`: the filter names the SDK comment documents. */
  readonly filters?: readonly FilterName[]
  /** True when the call takes `tags.N.key` / `tags.N.values.M` (model TagFilter). */
  readonly tagFilters?: boolean
  /** Top-level keys of the JSON body (POST only); `[]` for a POST whose body carries nothing. */
  readonly body?: readonly Field[]
  /** Keys of `result`; `[]` when the result is empty and the answer may be only `requestId`. */
  readonly result: readonly Field[]
  readonly sources: readonly string[]
  readonly note?: string
}

export const FILTER_QUERY_PATTERN = /^filters\.([1-9]\d*)\.(name|operator|values\.([1-9]\d*))$/
export const TAG_QUERY_PATTERN = /^tags\.([1-9]\d*)\.(key|values\.([1-9]\d*))$/

export const queryParam = (
  name: string,
  type: QueryParam['type'],
  required: boolean,
  rule?: string
): QueryParam => (rule === undefined ? { name, type, required } : { name, type, required, rule })

/** The names in `{...}` of the call's path, after `regionId`. */
export function pathParams(call: Call): string[] {
  return ['regionId', ...[...call.path.matchAll(/\{(\w+)\}/g)].map(match => match[1] ?? '')]
}

/** Problems of a query string: unknown names, wrong types, missing or undocumented filters. */
export function queryProblems(call: Call, query: URLSearchParams): string[] {
  const problems: string[] = []
  const filterNames = new Map<string, string>()
  const filterValueCounts = new Map<string, number>()
  for (const [key, value] of query) {
    const param = call.query.find(candidate => candidate.name === key)
    const filterKey = call.filters ? FILTER_QUERY_PATTERN.exec(key) : null
    if (param) {
      if (param.type === 'integer' && !/^-?\d+$/.test(value)) {
        problems.push(`${key}: must be an integer`)
      }
    } else if (filterKey) {
      const index = filterKey[1] ?? ''
      if (filterKey[2] === 'name') filterNames.set(index, value)
      if (filterKey[3] !== undefined) {
        filterValueCounts.set(index, (filterValueCounts.get(index) ?? 0) + 1)
      }
    } else if (!(call.tagFilters && TAG_QUERY_PATTERN.test(key))) {
      problems.push(`${key}: unknown query parameter`)
    }
  }
  for (const param of call.query) {
    if (param.required && !query.has(param.name)) problems.push(`${param.name}: required`)
  }
  for (const index of new Set([...filterNames.keys(), ...filterValueCounts.keys()])) {
    const name = filterNames.get(index)
    const count = filterValueCounts.get(index) ?? 0
    const documented = call.filters?.find(filter => filter.name === name)
    if (name === undefined) problems.push(`filters.${index}.name: required`)
    else if (!documented) problems.push(`filters.${index}.name: ${name} is not a documented filter`)
    if (count === 0) problems.push(`filters.${index}.values: required`)
    if (documented?.values === 'one' && count > 1) {
      problems.push(`filters.${index}.values: ${name} takes one value`)
    }
  }
  return problems
}

/** Problems of a JSON body; path parameters at its top level are tolerated (see above). */
export function bodyProblems(models: ModelTable, call: Call, body: unknown): string[] {
  if (!call.body) return [`${call.name}: takes no body`]
  const echoed = pathParams(call)
    .filter(name => !call.body?.some(field => field.name === name))
    .map(name => opt(name, 'string', 'path parameter, echoed by the Go and Python SDKs'))
  return validateFields(models, [...call.body, ...echoed], body)
}

/** Problems of an answer's `result`; a missing result is fine when the result is empty. */
export function resultProblems(models: ModelTable, call: Call, result: unknown): string[] {
  if (result === undefined && call.result.length === 0) return []
  return validateFields(models, call.result, result, 'result')
}

/** Problems of a table of calls: no source, a bad path, a body on GET, an unknown model. */
export function callTableProblems(models: ModelTable, calls: readonly Call[]): string[] {
  const problems: string[] = []
  const names = new Set<string>()
  for (const call of calls) {
    if (names.has(call.name)) problems.push(`${call.name}: listed twice`)
    names.add(call.name)
    if (call.sources.length === 0) problems.push(`${call.name}: no source`)
    if (!call.path.startsWith('/')) problems.push(`${call.name}: path must start with /`)
    if ((call.body !== undefined) !== (call.method === 'POST')) {
      problems.push(`${call.name}: a body goes with POST and only with POST`)
    }
    problems.push(...fieldListProblems(models, call.body ?? [], `${call.name} body`))
    problems.push(...fieldListProblems(models, call.result, `${call.name} result`))
  }
  return problems
}
