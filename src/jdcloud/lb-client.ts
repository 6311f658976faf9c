/**
 * The JD Cloud load balancer API (lb v1), typed: the calls a zero-downtime rollout makes, on the
 * signed transport (signed with service `lb`). Paths and parameters as contract/lb-api.ts records
 * them from the official SDKs — the list calls' trailing slash included, and their
 * `loadBalancerType` filter defaulting to alb, which is why a group is looked up per type.
 */
import { isObject, malformed } from './answer.js'
import type { Answer, CallOptions, TransportOptions } from './call.js'
import type { LbApiName } from './errors.js'
import type {
  Backend,
  LoadBalancerType,
  Target,
  TargetGroup,
  TargetHealth,
  TargetSpec,
  TargetUpdateSpec
} from './lb-types.js'
import { collectPages, ListingError, MAX_PAGE_SIZE } from './paging.js'
import type { PagingOptions } from './paging.js'
import { filterParams } from './query-params.js'
import { SignedTransport } from './transport.js'
import type { Filter } from './types.js'

export type LbServiceOptions = Omit<TransportOptions, 'service'>

export class LbClient {
  private readonly transport: SignedTransport

  constructor(transportOrOptions: SignedTransport | LbServiceOptions) {
    this.transport =
      transportOrOptions instanceof SignedTransport
        ? transportOrOptions
        : new SignedTransport({ ...transportOrOptions, service: 'lb' })
  }

  close(boundMs?: number): Promise<void> {
    return this.transport.close(boundMs)
  }

  /** The groups among `ids` that are of `type` (the filter defaults to alb when left out). */
  async describeTargetGroups(
    ids: readonly string[],
    type: LoadBalancerType,
    options: CallOptions
  ): Promise<TargetGroup[]> {
    const filters = [
      { name: 'targetGroupIds', values: [...ids] },
      { name: 'loadBalancerType', values: [type] }
    ]
    return this.list<TargetGroup>(
      'describeTargetGroups',
      '/targetGroups/',
      'targetGroups',
      filters,
      options,
      ids,
      { what: `the ${type} target groups ${ids.join(', ')}`, idOf: group => group.targetGroupId }
    )
  }

  /** Every target of a group, all pages. */
  describeTargets(targetGroupId: string, options: CallOptions): Promise<Target[]> {
    return this.list<Target>(
      'describeTargets',
      `/targetGroups/${targetGroupId}:describeTargets`,
      'targets',
      [],
      options,
      [targetGroupId],
      { what: `the targets of ${targetGroupId}`, idOf: target => target.targetId }
    )
  }

  /** The backends of one load balancer (of its type: the filter defaults to alb). */
  describeBackends(
    loadBalancerId: string,
    type: LoadBalancerType,
    options: CallOptions
  ): Promise<Backend[]> {
    const filters = [
      { name: 'loadBalancerId', values: [loadBalancerId] },
      { name: 'loadBalancerType', values: [type] }
    ]
    return this.list<Backend>(
      'describeBackends',
      '/backends/',
      'backends',
      filters,
      options,
      [loadBalancerId],
      { what: `the backends of ${loadBalancerId}`, idOf: backend => backend.backendId }
    )
  }

  /** How every target of a backend's group is doing, as the backend's health check sees it. */
  describeTargetHealth(backendId: string, options: CallOptions): Promise<TargetHealth[]> {
    return this.list<TargetHealth>(
      'describeTargetHealth',
      `/backends/${backendId}/health`,
      'targetHealths',
      [],
      options,
      [backendId],
      // A health row has no ID: two equal rows can be two registrations of one instance.
      { what: `the target health of ${backendId}`, idOf: healthRowOf, dedupe: false }
    )
  }

  /**
   * A registration lands when the group lists a target like it afterwards; so it is re-checked
   * before it is ever sent again (a second one would be refused as a duplicate, or double it).
   */
  registerTargets(
    targetGroupId: string,
    specs: readonly TargetSpec[],
    options: CallOptions
  ): Promise<Answer> {
    return this.transport.mutate(
      {
        api: 'registerTargets',
        method: 'POST',
        path: `/targetGroups/${targetGroupId}:registerTargets`,
        body: { targetSpecs: specs },
        about: [targetGroupId, ...specs.map(spec => spec.instanceId ?? spec.ipAddress ?? '')]
      },
      options,
      async () => {
        const targets = await this.describeTargets(targetGroupId, options)
        return specs.every(spec => targets.some(target => sameTarget(target, spec)))
      }
    )
  }

  deregisterTargets(
    targetGroupId: string,
    targetIds: readonly string[],
    options: CallOptions
  ): Promise<Answer> {
    return this.transport.mutate(
      {
        api: 'deRegisterTargets',
        method: 'POST',
        path: `/targetGroups/${targetGroupId}:deregisterTargets`,
        body: { targetIds },
        about: [targetGroupId, ...targetIds]
      },
      options,
      async () => {
        const targets = await this.describeTargets(targetGroupId, options)
        return targetIds.every(id => !targets.some(target => target.targetId === id))
      }
    )
  }

  /**
   * New weights (or ports) for registered targets, which keep their IDs (apis/UpdateTargets.go:
   * POST, body targetUpdateSpecs). It landed when the group lists every target as asked.
   */
  updateTargets(
    targetGroupId: string,
    specs: readonly TargetUpdateSpec[],
    options: CallOptions
  ): Promise<Answer> {
    return this.transport.mutate(
      {
        api: 'updateTargets',
        method: 'POST',
        path: `/targetGroups/${targetGroupId}:updateTargets`,
        body: { targetUpdateSpecs: specs },
        about: [targetGroupId, ...specs.map(spec => spec.targetId)]
      },
      options,
      async () => {
        const targets = await this.describeTargets(targetGroupId, options)
        return specs.every(spec =>
          targets.some(
            target =>
              target.targetId === spec.targetId &&
              (spec.weight === undefined || target.weight === spec.weight) &&
              (spec.port === undefined || target.port === spec.port)
          )
        )
      }
    )
  }

  /**
   * Every page of a list, as one consistent listing (paging.ts); the lb API answers past its end
   * with the last page, so go by totalCount. Too long to read whole is refused, not cut.
   */
  private async list<T>(
    api: LbApiName,
    path: string,
    key: string,
    filters: Filter[],
    options: CallOptions,
    about: readonly string[],
    paging: PagingOptions<T>
  ): Promise<T[]> {
    const { items, complete } = await collectPages<T>(async pageNumber => {
      const { result, requestId } = await this.transport.read<Record<string, unknown>>(
        {
          api,
          method: 'GET',
          path,
          query: [
            ['pageNumber', pageNumber],
            ['pageSize', MAX_PAGE_SIZE],
            ...filterParams(filters)
          ],
          about
        },
        options
      )
      const items = result[key] ?? []
      if (!Array.isArray(items) || !items.every(isObject))
        throw malformed(api, requestId, `${key} is not a list`)
      const totalCount = typeof result.totalCount === 'number' ? result.totalCount : items.length
      return { items: items as T[], totalCount, requestId }
    }, paging)
    if (!complete) throw new ListingError(`${paging.what} are too many to list whole`)
    return items
  }
}

/** Who a health row is about (its status left out: a change of health is no change of members). */
function healthRowOf(row: TargetHealth): string {
  return [row.targetGroupId, row.type, row.instanceId, row.ipAddress, row.port].join(' ')
}

/** The same pod or IP on the same port (a re-registered target gets a new targetId). */
export function sameTarget(target: Target, spec: TargetSpec): boolean {
  const who =
    spec.type === 'ip' ? target.ipAddress === spec.ipAddress : target.instanceId === spec.instanceId
  return who && target.type === spec.type && (target.port ?? 0) === (spec.port ?? 0)
}
