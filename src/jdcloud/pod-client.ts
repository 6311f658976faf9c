/**
 * The pods of the JD Cloud pod API (v1), typed: the calls this action makes on them, on the signed
 * transport. Paths, parameters and shapes as contract/pod-calls.ts records them from the official
 * SDKs. Secrets and quotas, in the same service, are secret-client.ts.
 */
import { collectPages, MAX_PAGE_SIZE } from './paging.js'
import { filterParams, tagParams } from './query-params.js'
import type { Listing } from './paging.js'
import { isObject, malformed } from './answer.js'
import { SignedTransport } from './transport.js'
import type { Answer, CallOptions, TransportOptions } from './call.js'
import type { Filter, Pod, RebuildContainerSpec, TagFilter } from './types.js'

export type PodServiceOptions = Omit<TransportOptions, 'service'>

/** The pod service's transport (signed with service `pod`), shared by its clients. */
export function podTransport(options: PodServiceOptions): SignedTransport {
  return new SignedTransport({ ...options, service: 'pod' })
}

/** A shared transport as it is, or one of its own made from options. */
export function podTransportOf(given: SignedTransport | PodServiceOptions): SignedTransport {
  return given instanceof SignedTransport ? given : podTransport(given)
}

export interface DescribePodsQuery {
  filters?: Filter[]
  tags?: TagFilter[]
  pageNumber?: number
  pageSize?: number
}

export interface LogQuery {
  tailLines?: number
  limitBytes?: number
  sinceSeconds?: number
}

export type PodListing = Omit<Listing<Pod>, 'items'> & { pods: Pod[] }

const podIdsOf = (result: { pods?: Pod[] | null }): string[] =>
  Array.isArray(result.pods) ? result.pods.map(pod => pod.podId) : []

export class PodClient {
  private readonly transport: SignedTransport

  /** On a shared transport, or on one of its own made from `options`. */
  constructor(transportOrOptions: SignedTransport | PodServiceOptions) {
    this.transport = podTransportOf(transportOrOptions)
  }

  close(boundMs?: number): Promise<void> {
    return this.transport.close(boundMs)
  }

  // ---- pods ----

  async describePod(podId: string, options: CallOptions = {}): Promise<Answer & { pod: Pod }> {
    const { result, requestId } = await this.transport.read<{ pod?: Pod }>(
      { api: 'describePod', method: 'GET', path: `/pods/${podId}`, about: [podId] },
      options
    )
    if (!isObject(result.pod) || typeof result.pod.podId !== 'string')
      throw malformed('describePod', requestId, 'the answer has no pod')
    return { pod: result.pod, requestId }
  }

  async describePods(
    query: DescribePodsQuery = {},
    options: CallOptions = {}
  ): Promise<Answer & { pods: Pod[]; totalCount: number }> {
    const params: Array<[string, string | number]> = []
    if (query.pageNumber !== undefined) params.push(['pageNumber', query.pageNumber])
    if (query.pageSize !== undefined) params.push(['pageSize', query.pageSize])
    params.push(...filterParams(query.filters ?? []), ...tagParams(query.tags ?? []))
    const { result, requestId } = await this.transport.read<{
      pods?: Pod[] | null
      totalCount?: number
    }>(
      { api: 'describePods', method: 'GET', path: '/pods', query: params, aboutAnswer: podIdsOf },
      options
    )
    const pods = result.pods ?? []
    if (!Array.isArray(pods)) throw malformed('describePods', requestId, 'pods is not a list')
    return { pods, totalCount: result.totalCount ?? pods.length, requestId }
  }

  /**
   * Every pod matching the query, as one consistent listing (paging.ts: read again while it
   * shifts, each pod once); ListingError when it never settles.
   */
  async describeAllPods(
    query: Omit<DescribePodsQuery, 'pageNumber' | 'pageSize'> = {},
    options: CallOptions = {}
  ): Promise<PodListing> {
    const { items, ...listing } = await collectPages(
      pageNumber =>
        this.describePods({ ...query, pageNumber, pageSize: MAX_PAGE_SIZE }, options).then(
          page => ({ items: page.pods, totalCount: page.totalCount, requestId: page.requestId })
        ),
      { what: 'the pods', idOf: pod => pod.podId }
    )
    return { ...listing, pods: items }
  }

  /** The given pods in one call per 100 ids; a pod that no longer exists is simply absent. */
  async describePodsByIds(
    podIds: readonly string[],
    options: CallOptions = {}
  ): Promise<{ pods: Pod[]; requestIds: string[] }> {
    const pods: Pod[] = []
    const requestIds: string[] = []
    for (let i = 0; i < podIds.length; i += MAX_PAGE_SIZE) {
      const ids = podIds.slice(i, i + MAX_PAGE_SIZE)
      const page = await this.describePods(
        { filters: [{ name: 'podId', values: ids }], pageSize: MAX_PAGE_SIZE },
        options
      )
      pods.push(...page.pods)
      requestIds.push(page.requestId)
    }
    return { pods, requestIds }
  }

  // The re-checks below read only the confirmed phases (running, stopped, error): a stop or a
  // start that landed has left its starting phase, whatever the transitional one is called.

  /** Only a running pod can be stopped: once it is anything else, the stop landed. */
  stopPod(podId: string, options: CallOptions = {}): Promise<Answer> {
    return this.transport.mutate(
      { api: 'stopPod', method: 'POST', path: `/pods/${podId}:stopPod`, body: {}, about: [podId] },
      options,
      async () => !['running', undefined].includes(await this.phaseOf(podId, options))
    )
  }

  /** Only a stopped pod can be started: once it is anything else, the start landed. */
  startPod(podId: string, options: CallOptions = {}): Promise<Answer> {
    return this.transport.mutate(
      {
        api: 'startPod',
        method: 'POST',
        path: `/pods/${podId}:startPod`,
        body: {},
        about: [podId]
      },
      options,
      async () => !['stopped', undefined].includes(await this.phaseOf(podId, options))
    )
  }

  /**
   * A rebuild of a stopped pod landed when the pod is busy with a task (only the rebuild can have
   * started one) or already runs the containers sent — `landed` compares every field sent.
   */
  rebuildPod(
    podId: string,
    containers: readonly RebuildContainerSpec[],
    landed: (pod: Pod) => boolean,
    options: CallOptions = {}
  ): Promise<Answer> {
    if (containers.length === 0) throw new Error('rebuildPod needs at least one container spec')
    return this.transport.mutate(
      {
        api: 'rebuildPod',
        method: 'POST',
        path: `/pods/${podId}:rebuild`,
        body: { containers },
        about: [podId]
      },
      options,
      async () => {
        const { pod } = await this.describePod(podId, options)
        const phase = pod.podStatus?.phase?.toLowerCase() ?? ''
        return !['running', 'stopped', 'error'].includes(phase) || landed(pod)
      }
    )
  }

  async getContainerLogs(
    podId: string,
    containerName: string,
    query: LogQuery = {},
    options: CallOptions = {}
  ): Promise<Answer & { content: string }> {
    const params: Array<[string, number]> = []
    if (query.tailLines !== undefined) params.push(['tailLines', query.tailLines])
    if (query.limitBytes !== undefined) params.push(['limitBytes', query.limitBytes])
    if (query.sinceSeconds !== undefined) params.push(['sinceSeconds', query.sinceSeconds])
    const { result, requestId } = await this.transport.read<{
      logs?: { content?: string } | null
    }>(
      {
        api: 'getContainerLogs',
        method: 'GET',
        path: `/pods/${podId}/containers/${containerName}:getContainerLogs`,
        query: params,
        about: [podId]
      },
      options
    )
    return { content: result.logs?.content ?? '', requestId }
  }

  private async phaseOf(podId: string, options: CallOptions): Promise<string | undefined> {
    const { pod } = await this.describePod(podId, options)
    return pod.podStatus?.phase?.toLowerCase()
  }
}
