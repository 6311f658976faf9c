// The lb API's calls: paging and filters of the three lists (both list calls default the
// loadBalancerType filter to alb), and the three changes, which answer with only a requestId.
// The lb SDKs document paging past the end as showing the last page ("页码超过总页数时, 显示最后一页"),
// unlike the pod API's: a client that pages until an empty page never gets one.
import { invalidArgument } from './api-error.js'
import type { LoadBalancing } from './lb.js'
import { LOAD_BALANCER_TYPES, TARGET_TYPES } from './lb-wire.js'
import type { LoadBalancerType, TargetSpec, TargetType, TargetUpdateSpec } from './lb-wire.js'
import { integerParam, oneValue, page, parseFilters, parsePaging } from './query.js'
import type { Paging } from './query.js'
import type { Query } from './query.js'
import type { ApiAnswer, ApiRequest } from './service.js'
import type { LbApiName } from './types.js'
import type { Filter } from './wire.js'

const MAX_FILTER_VALUES = 100

export function handleLb(lb: LoadBalancing, request: ApiRequest<LbApiName>): ApiAnswer {
  const read = (result: unknown): ApiAnswer => ({ result, applied: false })
  const targetGroupId = request.targetGroupId ?? ''
  const body = (request.body ?? {}) as Record<string, unknown>
  switch (request.api) {
    case 'describeTargetGroups':
      return read(describeTargetGroups(lb, request.query))
    case 'describeTargets':
      return read(describeTargets(lb, targetGroupId, request.query))
    case 'describeBackends':
      return read(describeBackends(lb, request.query))
    case 'describeTargetHealth':
      return read(describeTargetHealth(lb, request.backendId ?? '', request.query))
    case 'registerTargets':
      lb.register(targetGroupId, body.targetSpecs as TargetSpec[])
      return { result: undefined, applied: true }
    case 'deRegisterTargets':
      lb.deregister(targetGroupId, body.targetIds as string[])
      return { result: undefined, applied: true }
    case 'updateTargets':
      lb.update(targetGroupId, body.targetUpdateSpecs as TargetUpdateSpec[])
      return { result: undefined, applied: true }
  }
}

function describeTargetGroups(lb: LoadBalancing, query: Query) {
  const paging = parsePaging(query)
  const filters = checkedFilters(query)
  const type = lbTypeFilter(filters)
  const matching = lb.targetGroups().filter(
    group =>
      group.loadBalancerType === type &&
      filters.every(filter => {
        switch (filter.name) {
          case 'targetGroupIds':
            return filter.values.includes(group.targetGroupId)
          case 'targetGroupNames':
            return filter.values.includes(group.targetGroupName)
          case 'loadBalancerId':
            return oneValue(filter) === group.loadBalancerId
          default:
            return true
        }
      })
  )
  return { targetGroups: lastPageAtMost(matching, paging), totalCount: matching.length }
}

function describeBackends(lb: LoadBalancing, query: Query) {
  const paging = parsePaging(query)
  const filters = checkedFilters(query)
  const type = lbTypeFilter(filters)
  const matching = lb.backends().filter(
    backend =>
      backend.loadBalancerType === type &&
      filters.every(filter => {
        switch (filter.name) {
          case 'backendIds':
            return filter.values.includes(backend.backendId)
          case 'backendNames':
            return filter.values.includes(backend.backendName)
          case 'loadBalancerId':
            return oneValue(filter) === backend.loadBalancerId
          case 'agId':
            return backend.agIds.includes(oneValue(filter))
          case 'protocol':
            return oneValue(filter) === backend.protocol
          default:
            return true
        }
      })
  )
  return { backends: lastPageAtMost(matching, paging), totalCount: matching.length }
}

function describeTargets(lb: LoadBalancing, targetGroupId: string, query: Query) {
  const paging = parsePaging(query)
  const targets = lb.targets(targetGroupId)
  const filters = checkedFilters(query)
  const matching = targets.filter(target =>
    filters.every(filter => {
      switch (filter.name) {
        case 'targetIds':
          return filter.values.includes(target.targetId)
        case 'instanceId':
          return oneValue(filter) === target.instanceId
        case 'type': {
          const type = oneValue(filter)
          if (!TARGET_TYPES.includes(type as TargetType))
            throw invalidArgument(`filter type: must be vm, container or ip, not ${type}`)
          return type === target.type
        }
        case 'port':
          return portFilter(filter) === target.port
        case 'ipAddress':
          return oneValue(filter) === target.ipAddress
        default:
          return true
      }
    })
  )
  return { targets: lastPageAtMost(matching, paging), totalCount: matching.length }
}

/** Every target of the backend's group unless a pageSize is given (as the SDK sends none). */
function describeTargetHealth(lb: LoadBalancing, backendId: string, query: Query) {
  const healths = lb.health(backendId)
  const pageSize = integerParam(query, 'pageSize', 10, 100)
  const pageNumber = integerParam(query, 'pageNumber', 1, Number.MAX_SAFE_INTEGER) ?? 1
  return {
    targetHealths:
      pageSize === undefined ? healths : lastPageAtMost(healths, { pageNumber, pageSize }),
    totalCount: healths.length
  }
}

/** The page asked for, or the last one when it is past the end. */
function lastPageAtMost<T>(items: readonly T[], paging: Paging): T[] {
  const lastPage = Math.max(1, Math.ceil(items.length / paging.pageSize))
  return page(items, { ...paging, pageNumber: Math.min(paging.pageNumber, lastPage) })
}

/** The filters as given (the contract has refused undocumented names already). */
function checkedFilters(query: Query): Filter[] {
  const filters = parseFilters(query)
  for (const filter of filters)
    if (filter.values.length > MAX_FILTER_VALUES)
      throw invalidArgument(`filter ${filter.name} takes at most ${MAX_FILTER_VALUES} values`)
  return filters
}

/** The SDKs document the loadBalancerType filter with a default: alb. */
function lbTypeFilter(filters: readonly Filter[]): LoadBalancerType {
  const filter = filters.find(candidate => candidate.name === 'loadBalancerType')
  if (!filter) return 'alb'
  const type = oneValue(filter)
  if (!LOAD_BALANCER_TYPES.includes(type as LoadBalancerType))
    throw invalidArgument(`filter loadBalancerType: must be alb, nlb or dnlb, not ${type}`)
  return type as LoadBalancerType
}

function portFilter(filter: Filter): number {
  const value = oneValue(filter)
  const port = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(port >= 0 && port <= 65535))
    throw invalidArgument(`filter port: must be 0-65535, not ${value}`)
  return port
}
