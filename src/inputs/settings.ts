/**
 * Inputs → typed, checked Settings. The one place that reads the action's inputs: every value is
 * checked here, before any API call, and every problem is reported at once. Secrets are masked
 * the moment they are read. Defaults live in action.yml, not here.
 */
import {
  parseBoolean,
  parseDuration,
  parseInteger,
  parseList,
  hasAnyControlCharacter,
  hasControlCharacters,
  isSingleWord
} from './parse.js'
import { Problems, quote } from '../problems.js'
import { parseEndpoint } from './endpoint.js'
import { toBase64 } from '../jdcloud/secret-data.js'
import type { Credentials } from '../jdcloud/signer.js'
import type { DockerRegistryData, TagFilter } from '../jdcloud/types.js'
import { parseContainersInput } from './containers-input.js'
import type { ContainerChange } from '../pod-spec/desired.js'
import { checkContainerName, checkImage, SECRET_NAME } from '../pod-spec/rules.js'

export const OPERATIONS = ['deploy', 'rotate-secret', 'start', 'stop', 'restart', 'status'] as const
export type Operation = (typeof OPERATIONS)[number]

/** Which pods an operation acts on: IDs and exact names from `pods`, or selectors. */
export interface Targets {
  /** Entries of `pods` in the order given: pod IDs (`pod-…`) or exact pod names. */
  pods: string[]
  namePrefix?: string
  tags: TagFilter[]
}

export interface Rotation {
  /** The family's base name; versions are `<base>-<yyyymmddhhmmss>`. */
  baseName: string
  registry: DockerRegistryData
  keep: number
}

export interface GithubDeploymentSettings {
  token: string
  environment: string
  environmentUrl?: string
}

export interface Settings {
  operation: Operation
  region: string
  endpoint: URL
  credentials: Credentials
  targets: Targets
  /** deploy: what changes in the containers. */
  change?: ContainerChange
  /** rotate-secret: containers (besides those already on the family) to move onto the new secret. */
  container?: string
  wait: boolean
  timeoutMs: number
  failFastMs: number
  rollback: boolean
  maxParallel: number
  logLines: number
  dryRun: boolean
  rotation?: Rotation
  failOnUnhealthy: boolean
  deployment?: GithubDeploymentSettings
}

export type InputReader = (name: string) => string

const POD_ID = /^pod-[a-z0-9]{1,64}$/
const REGION = /^[a-z]{2,}-[a-z]+-\d{1,2}$/
/** `<base>-` + 14 digits must still fit the 63-character secret name limit. */
const MAX_SECRET_BASE = 63 - 15
const MAX_TARGETS = 1000
const SIX_HOURS = 6 * 3_600_000
const MAX_TAG_KEYS = 20
const MAX_TAG_VALUES = 100

export function readSettings(
  input: InputReader,
  env: NodeJS.ProcessEnv,
  mask: (secret: string) => void,
  notice: (message: string) => void = () => undefined
): Settings {
  const problems = new Problems()
  const read = (name: string): string => input(name).trim()

  // Mask before anything else can echo them.
  const accessKey = read('access-key') || (env.JDCLOUD_ACCESS_KEY ?? '').trim()
  const secretKey = read('secret-key') || (env.JDCLOUD_SECRET_KEY ?? '').trim()
  const registryPassword = input('registry-password')
  const githubToken = read('github-token')
  for (const secret of [accessKey, secretKey, githubToken]) if (secret) mask(secret)
  if (registryPassword) {
    mask(registryPassword)
    mask(toBase64(registryPassword))
  }

  const operationText = read('operation')
  const operation = (OPERATIONS as readonly string[]).includes(operationText)
    ? (operationText as Operation)
    : undefined
  if (!operation)
    problems.add('operation', `${quote(operationText)} must be one of ${OPERATIONS.join(', ')}`)

  const region = read('region') || (env.JDCLOUD_REGION ?? '').trim()
  if (!region) problems.add('region', 'is required (or set JDCLOUD_REGION), e.g. cn-north-1')
  else if (!REGION.test(region))
    problems.add('region', `${quote(region)} is not a region ID such as cn-north-1`)

  checkCredential('access-key', 'JDCLOUD_ACCESS_KEY', accessKey, problems)
  checkCredential('secret-key', 'JDCLOUD_SECRET_KEY', secretKey, problems)

  let endpoint: URL | undefined
  try {
    endpoint = parseEndpoint(read('endpoint'))
  } catch (error) {
    problems.add('endpoint', (error as Error).message)
  }

  const targets = readTargets(read, problems)
  const wait = parseBoolean('wait', read('wait'), problems)
  const timeoutMs = parseDuration('timeout', read('timeout'), problems, {
    minMs: 1000,
    maxMs: SIX_HOURS
  })
  const failFastMs = parseDuration('fail-fast', read('fail-fast'), problems, {
    minMs: 0,
    maxMs: SIX_HOURS
  })
  const rollback = parseBoolean('rollback', read('rollback'), problems)
  const maxParallel = parseInteger('max-parallel', read('max-parallel'), problems, {
    min: 1,
    max: 100
  })
  const logLines = parseInteger('log-lines', read('log-lines'), problems, { min: 0, max: 1000 })
  const dryRun = parseBoolean('dry-run', read('dry-run'), problems)
  const failOnUnhealthy = parseBoolean('fail-on-unhealthy', read('fail-on-unhealthy'), problems)

  const container = read('container') || undefined
  if (container !== undefined) checkContainerName(container, 'container', problems)

  const change =
    operation === 'deploy' ? readChange(read, input, container, problems, notice) : undefined
  if (operation !== 'deploy')
    for (const name of ['image', 'containers'])
      if (read(name))
        problems.add(name, `is used only by operation deploy, not ${operation ?? 'this operation'}`)
  if (container !== undefined && operation !== 'deploy' && operation !== 'rotate-secret')
    problems.add('container', 'is used only by deploy and rotate-secret')

  const rotation =
    operation === 'rotate-secret' ? readRotation(read, registryPassword, problems) : undefined
  if (operation !== 'rotate-secret')
    for (const name of [
      'secret-name',
      'registry-server',
      'registry-username',
      'registry-password',
      'registry-email'
    ])
      if (read(name)) problems.add(name, `is used only by operation rotate-secret`)

  const needsTargets = operation !== undefined && operation !== 'rotate-secret'
  if (needsTargets && targets.pods.length === 0 && !targets.namePrefix && targets.tags.length === 0)
    problems.add(
      'pods',
      `is required for ${operation}: list pod IDs or names, or select them with name-prefix or tags`
    )

  const deployment = readDeployment(read, githubToken, problems)

  problems.throwIfAny()
  return {
    operation: operation as Operation,
    region,
    endpoint: endpoint as URL,
    credentials: { accessKey, secretKey },
    targets,
    change,
    container,
    wait: wait as boolean,
    timeoutMs: timeoutMs as number,
    failFastMs: failFastMs as number,
    rollback: rollback as boolean,
    maxParallel: maxParallel as number,
    logLines: logLines as number,
    dryRun: dryRun as boolean,
    rotation,
    failOnUnhealthy: failOnUnhealthy as boolean,
    deployment
  }
}

function checkCredential(name: string, envName: string, value: string, problems: Problems): void {
  if (!value) problems.add(name, `is required (or set ${envName})`)
  else if (value.length > 256 || !isSingleWord(value))
    problems.add(
      name,
      'must be a single word of at most 256 characters (check for a stray space or newline)'
    )
}

function readTargets(read: (name: string) => string, problems: Problems): Targets {
  const pods = parseList(read('pods'))
  if (pods.length > MAX_TARGETS)
    problems.add('pods', `lists ${pods.length} pods; the limit is ${MAX_TARGETS}`)
  const seen = new Set<string>()
  pods.forEach((entry, index) => {
    const at = `pods[${index}]`
    if (seen.has(entry)) problems.add(at, `${quote(entry)} is listed twice`)
    seen.add(entry)
    if (entry.startsWith('pod-') && !POD_ID.test(entry))
      problems.add(
        at,
        `${quote(entry)} looks like a pod ID but is not one (pod- and lower-case letters or digits)`
      )
    else if (entry.length > 128 || hasControlCharacters(entry))
      problems.add(
        at,
        `${quote(entry)} is not a pod name: at most 128 characters, no control characters`
      )
  })
  const namePrefix = read('name-prefix') || undefined
  if (namePrefix !== undefined && (namePrefix.length > 128 || hasControlCharacters(namePrefix)))
    problems.add('name-prefix', 'must be at most 128 characters, with no control characters')
  const tags = readTags(read('tags'), problems)
  return { pods, namePrefix, tags }
}

/** `key=value` lines (or `key` alone: any value); one value per key line, repeated keys join. */
function readTags(raw: string, problems: Problems): TagFilter[] {
  const tags: TagFilter[] = []
  const lines = parseList(raw)
  // describePods takes at most 100 values a filter; a longer list is a mistake, not a selector.
  if (lines.length > MAX_TAG_KEYS * MAX_TAG_VALUES) {
    problems.add(
      'tags',
      `has ${lines.length} lines; the limit is ${MAX_TAG_KEYS} keys of ${MAX_TAG_VALUES} values`
    )
    return tags
  }
  lines.forEach((line, index) => {
    const at = `tags[${index}]`
    const eq = line.indexOf('=')
    const key = (eq === -1 ? line : line.slice(0, eq)).trim()
    const value = eq === -1 ? undefined : line.slice(eq + 1).trim()
    if (!key || key.length > 128 || hasControlCharacters(line)) {
      problems.add(at, `${quote(line)} must be key=value (key 1 to 128 characters)`)
      return
    }
    if (value !== undefined && (value === '' || value.length > 256)) {
      problems.add(
        at,
        `${quote(line)}: the value must be 1 to 256 characters (or write the key alone)`
      )
      return
    }
    const existing = tags.find(tag => tag.key === key)
    if (existing && value !== undefined) (existing.values ??= []).push(value)
    else if (!existing) tags.push(value === undefined ? { key } : { key, values: [value] })
  })
  if (tags.length > MAX_TAG_KEYS)
    problems.add('tags', `has ${tags.length} keys; the limit is ${MAX_TAG_KEYS}`)
  for (const tag of tags)
    if ((tag.values?.length ?? 0) > MAX_TAG_VALUES)
      problems.add(
        'tags',
        `key ${quote(tag.key)} has ${tag.values?.length} values; the limit is ${MAX_TAG_VALUES}`
      )
  return tags
}

function readChange(
  read: (name: string) => string,
  input: InputReader,
  container: string | undefined,
  problems: Problems,
  notice: (message: string) => void
): ContainerChange | undefined {
  const image = read('image')
  const containers = input('containers')
  if (image && containers.trim()) {
    problems.add(
      'image',
      'cannot be used together with containers: put the image in the containers entry'
    )
    return undefined
  }
  if (image)
    return checkImage(image, 'image', problems) ? { kind: 'image', container, image } : undefined
  if (containers.trim()) {
    if (container !== undefined)
      problems.add(
        'container',
        'is used with image; with containers, each entry names its container with name'
      )
    const patches = parseContainersInput(containers, problems, notice)
    return patches ? { kind: 'patches', patches } : undefined
  }
  problems.add('image', 'deploy needs image (with container, when a pod has several) or containers')
  return undefined
}

function readRotation(
  read: (name: string) => string,
  password: string,
  problems: Problems
): Rotation | undefined {
  const before = problems.count
  const baseName = read('secret-name')
  if (!baseName) problems.add('secret-name', 'is required for rotate-secret')
  else if (!SECRET_NAME.test(baseName) || baseName.length > MAX_SECRET_BASE)
    problems.add(
      'secret-name',
      `${quote(baseName)} must be lower-case letters, digits and -, start with a letter, end with a letter or digit, at most ${MAX_SECRET_BASE} characters (a -yyyymmddhhmmss suffix is added)`
    )
  const server = read('registry-server')
  const username = read('registry-username')
  const email = read('registry-email')
  if (!server)
    problems.add(
      'registry-server',
      'is required for rotate-secret, e.g. myregistry-cn-north-1.jcr.service.jdcloud.com'
    )
  else if (server.length > 255 || !isSingleWord(server))
    problems.add('registry-server', 'must be a host name (or URL) without spaces')
  if (!username) problems.add('registry-username', 'is required for rotate-secret')
  else if (username.length > 256 || hasControlCharacters(username))
    problems.add('registry-username', 'must be at most 256 characters, with no control characters')
  if (!password) problems.add('registry-password', 'is required for rotate-secret')
  else if (Buffer.byteLength(password) > 3000 || hasControlCharacters(password))
    problems.add('registry-password', 'must be at most 3000 bytes, with no control characters')
  if (
    email &&
    (email.length > 256 || !/^[^\s@]+@[^\s@]+$/.test(email) || hasControlCharacters(email))
  )
    problems.add('registry-email', 'is not an e-mail address')
  const keep = parseInteger('keep-secrets', read('keep-secrets'), problems, { min: 0, max: 100 })
  if (problems.count > before) return undefined
  return {
    baseName,
    registry: { server, username, password, ...(email ? { email } : {}) },
    keep: keep as number
  }
}

function readDeployment(
  read: (name: string) => string,
  token: string,
  problems: Problems
): GithubDeploymentSettings | undefined {
  const environment = read('environment')
  const environmentUrl = read('environment-url') || undefined
  if (!token && !environment) {
    if (environmentUrl) problems.add('environment-url', 'needs environment and github-token')
    return undefined
  }
  if (!token)
    problems.add('github-token', 'is required when environment is set (e.g. ${{ github.token }})')
  else if (token.length > 1024 || !isSingleWord(token))
    problems.add('github-token', 'must be a single word (check for a stray space or newline)')
  if (!environment)
    problems.add('environment', 'is required when github-token is set, e.g. production')
  else if (environment.length > 255 || hasControlCharacters(environment))
    problems.add('environment', 'must be at most 255 characters, with no control characters')
  if (environmentUrl !== undefined) {
    let ok = false
    try {
      ok =
        !hasAnyControlCharacter(environmentUrl) &&
        ['http:', 'https:'].includes(new URL(environmentUrl).protocol)
    } catch {
      ok = false
    }
    if (!ok) problems.add('environment-url', `${quote(environmentUrl)} must be an http(s) URL`)
  }
  return { token, environment, environmentUrl }
}
