/**
 * Secrets and quotas of the JD Cloud pod API (v1), typed, on the pod service's transport.
 * Secret reads answer with credentials: this client hands them to `onSensitiveValue` (to be
 * masked) and returns names and dates only.
 */
import { isObject, malformed } from './answer.js'
import { JdcloudError } from './errors.js'
import { collectPages, ListingError, MAX_PAGE_SIZE } from './paging.js'
import type { Listing } from './paging.js'
import { podTransportOf } from './pod-client.js'
import type { PodServiceOptions } from './pod-client.js'
import { filterParams } from './query-params.js'
import { encodeRegistryData } from './secret-data.js'
import type { SignedTransport } from './transport.js'
import type { Answer, CallOptions } from './call.js'
import type { DockerRegistryData, Filter, Quota, Secret, SecretInfo } from './types.js'

export interface SecretClientOptions {
  /** Told every credential value a secret read brings back, so the caller can mask it. */
  onSensitiveValue?: (value: string) => void
}

export class SecretClient {
  private readonly transport: SignedTransport

  constructor(
    transportOrOptions: SignedTransport | PodServiceOptions,
    private readonly options: SecretClientOptions = {}
  ) {
    this.transport = podTransportOf(transportOrOptions)
  }

  /** Closes the transport: only for a client that made its own. */
  close(boundMs?: number): Promise<void> {
    return this.transport.close(boundMs)
  }

  createSecret(name: string, data: DockerRegistryData, options: CallOptions = {}): Promise<Answer> {
    return this.transport.mutate(
      {
        api: 'createSecret',
        method: 'POST',
        path: '/secrets',
        body: { name, secretType: 'docker-registry', data: encodeRegistryData(data) },
        about: [name]
      },
      options,
      () => this.secretExists(name, options)
    )
  }

  async describeSecrets(
    query: { filters?: Filter[]; pageNumber?: number; pageSize?: number } = {},
    options: CallOptions = {}
  ): Promise<Answer & { secrets: SecretInfo[]; totalCount: number }> {
    const params: Array<[string, string | number]> = []
    if (query.pageNumber !== undefined) params.push(['pageNumber', query.pageNumber])
    if (query.pageSize !== undefined) params.push(['pageSize', query.pageSize])
    params.push(...filterParams(query.filters ?? []))
    const { result, requestId } = await this.transport.read<{
      secrets?: Secret[] | null
      totalCount?: number
    }>({ api: 'describeSecrets', method: 'GET', path: '/secrets', query: params }, options)
    const secrets = result.secrets ?? []
    if (!Array.isArray(secrets))
      throw malformed('describeSecrets', requestId, 'secrets is not a list')
    return {
      secrets: secrets.map(secret => this.withoutData(secret)),
      totalCount: result.totalCount ?? secrets.length,
      requestId
    }
  }

  /** Every secret matching the filters, as one consistent listing (paging.ts). */
  async describeAllSecrets(
    filters: Filter[] = [],
    options: CallOptions = {}
  ): Promise<Omit<Listing<SecretInfo>, 'items'> & { secrets: SecretInfo[] }> {
    const { items, ...listing } = await collectPages(
      pageNumber =>
        this.describeSecrets({ filters, pageNumber, pageSize: MAX_PAGE_SIZE }, options).then(
          page => ({ items: page.secrets, totalCount: page.totalCount, requestId: page.requestId })
        ),
      { what: 'the secrets', idOf: secret => secret.name }
    )
    // Deciding which version to delete or keep on part of the family would be a guess.
    if (!listing.complete) throw new ListingError('the secrets are too many to list whole')
    return { ...listing, secrets: items }
  }

  async describeSecret(
    name: string,
    options: CallOptions = {}
  ): Promise<Answer & { secret: SecretInfo }> {
    const { result, requestId } = await this.transport.read<{ secret?: Secret }>(
      { api: 'describeSecret', method: 'GET', path: `/secrets/${name}`, about: [name] },
      options
    )
    if (!isObject(result.secret))
      throw malformed('describeSecret', requestId, 'the answer has no secret')
    return { secret: this.withoutData(result.secret), requestId }
  }

  deleteSecret(name: string, options: CallOptions = {}): Promise<Answer> {
    return this.transport.mutate(
      { api: 'deleteSecret', method: 'DELETE', path: `/secrets/${name}`, about: [name] },
      options,
      async () => !(await this.secretExists(name, options))
    )
  }

  async describeQuota(
    resourceType: 'pod' | 'container' | 'secret',
    options: CallOptions = {}
  ): Promise<Answer & { quota: Quota }> {
    const { result, requestId } = await this.transport.read<{ quota?: Quota }>(
      {
        api: 'describeQuota',
        method: 'GET',
        path: '/quotas',
        query: [['resourceType', resourceType]]
      },
      options
    )
    if (!isObject(result.quota))
      throw malformed('describeQuota', requestId, 'the answer has no quota')
    return { quota: result.quota, requestId }
  }

  /** Keeps name, type and date; hands the credential values to onSensitiveValue and drops them. */
  private withoutData(secret: Secret): SecretInfo {
    const data: Record<string, unknown> = isObject(secret.data) ? secret.data : {}
    const password = data.password
    if (typeof password === 'string' && password !== '') {
      this.options.onSensitiveValue?.(password)
      const decoded = Buffer.from(password, 'base64').toString('utf8')
      if (decoded !== '') this.options.onSensitiveValue?.(decoded)
    }
    return { name: secret.name, type: secret.type, createdAt: secret.createdAt }
  }

  private async secretExists(name: string, options: CallOptions): Promise<boolean> {
    try {
      await this.describeSecret(name, options)
      return true
    } catch (error) {
      if (error instanceof JdcloudError && error.httpStatus === 404) return false
      throw error
    }
  }
}
