/**
 * docker-registry secrets and the createSecret rules. Deleted secrets are kept as history, so
 * "which credentials did the registry see when this pod pulled" has an answer after the fact.
 */
import type { Secret } from './wire.js'
import { alreadyExists, invalidArgument, notFound, quotaExceeded } from './api-error.js'

export const SECRET_TYPE = 'docker-registry'
const NAME_RULE = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/
const DATA_KEY_RULE = /^[A-Za-z0-9._-]+$/
const BASE64_RULE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const REQUIRED_KEYS = ['server', 'username', 'password'] as const
const MAX_VALUE_BYTES = 4096
const MAX_DATA_BYTES = 256 * 1024

interface SecretVersion {
  name: string
  type: string
  /** Base64 values, as stored and returned. */
  data: Record<string, string>
  /** Shown as createdAt. */
  createdAt: number
  /** Clock time it has existed since (a seed may claim a createdAt after the clock's now). */
  existsFrom: number
  deletedAt?: number
}

/** Decoded docker-registry credentials. */
export interface RegistryLogin {
  server: string
  username: string
  password: string
}

export interface CreateSecretRequest {
  name: string
  secretType?: string
  data: Record<string, string>
}

/** Checks a createSecret body; throws INVALID_ARGUMENT naming the first rule broken. */
export function validateSecret(body: unknown, anyName = false): CreateSecretRequest {
  if (!isRecord(body)) throw invalidArgument('the body must be a JSON object')
  const { name, secretType, data } = body
  if (typeof name !== 'string' || (anyName ? name === '' : !NAME_RULE.test(name)))
    throw invalidArgument(
      `invalid secret name ${JSON.stringify(name)}: 1-63 lower-case letters, digits and '-', ` +
        'starting with a letter and ending with a letter or digit'
    )
  if (secretType !== SECRET_TYPE)
    throw invalidArgument(`invalid secretType ${JSON.stringify(secretType)}: only ${SECRET_TYPE}`)
  if (!isRecord(data)) throw invalidArgument('data must be an object')
  let total = 0
  for (const [key, value] of Object.entries(data)) {
    if (!DATA_KEY_RULE.test(key))
      throw invalidArgument(
        `invalid data key ${JSON.stringify(key)}: letters, digits, '-', '_', '.'`
      )
    if (typeof value !== 'string' || !BASE64_RULE.test(value))
      throw invalidArgument(`data.${key} must be base64 without line breaks`)
    if (value.length > MAX_VALUE_BYTES) throw invalidArgument(`data.${key} is longer than 4 KB`)
    total += key.length + value.length
  }
  if (total > MAX_DATA_BYTES) throw invalidArgument('data is larger than 256 KB in all')
  for (const key of REQUIRED_KEYS)
    if (typeof data[key] !== 'string' || data[key] === '')
      throw invalidArgument(`data.${key} is required`)
  return { name, secretType, data: data as Record<string, string> }
}

export class SecretStore {
  private readonly versions: SecretVersion[] = []

  constructor(private readonly quota: () => number) {}

  get count(): number {
    return this.live().length
  }

  /** createSecret: validation, then uniqueness, then the quota, as the API checks them. */
  create(body: unknown, now: number): string {
    const request = validateSecret(body)
    if (this.find(request.name)) throw alreadyExists(`secret ${request.name} already exists`)
    if (this.count >= this.quota())
      throw quotaExceeded(
        `secret quota exceeded: ${this.count} of ${this.quota()} used; delete unused secrets`
      )
    this.versions.push({
      name: request.name,
      type: SECRET_TYPE,
      data: { ...request.data },
      createdAt: now,
      existsFrom: now
    })
    return request.name
  }

  /**
   * Seeding: the same rules but the quota and the name rule (no SDK file states that rule: a
   * secret someone made elsewhere, `RegCred_Old.2019`, may break it), and an explicit creation time.
   */
  seed(body: CreateSecretRequest, createdAt: number, now: number): void {
    const request = validateSecret(body, true)
    if (this.find(request.name)) throw new Error(`secret ${request.name} is seeded twice`)
    this.versions.push({
      name: request.name,
      type: SECRET_TYPE,
      data: { ...request.data },
      createdAt,
      existsFrom: Math.min(createdAt, now)
    })
  }

  delete(name: string, now: number): void {
    const version = this.find(name)
    if (!version) throw notFound(`secret ${name} not found`)
    version.deletedAt = now
  }

  exists(name: string): boolean {
    return this.find(name) !== undefined
  }

  describe(name: string): Secret {
    const version = this.find(name)
    if (!version) throw notFound(`secret ${name} not found`)
    return toWire(version)
  }

  /** Every live secret, ordered by name. */
  list(): Secret[] {
    return this.live()
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(toWire)
  }

  /** The credentials a secret held at `time`; undefined when it did not exist then. */
  loginAt(name: string, time: number): RegistryLogin | undefined {
    const version = this.versions.find(
      v =>
        v.name === name && v.existsFrom <= time && (v.deletedAt === undefined || v.deletedAt > time)
    )
    if (!version) return undefined
    const decode = (key: string): string =>
      Buffer.from(version.data[key] ?? '', 'base64').toString()
    return { server: decode('server'), username: decode('username'), password: decode('password') }
  }

  private live(): SecretVersion[] {
    return this.versions.filter(v => v.deletedAt === undefined)
  }

  private find(name: string): SecretVersion | undefined {
    return this.versions.find(v => v.name === name && v.deletedAt === undefined)
  }
}

function toWire(version: SecretVersion): Secret {
  return {
    name: version.name,
    type: version.type,
    createdAt: new Date(version.createdAt).toISOString(),
    data: { ...version.data }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
