/**
 * Seeds: checked shapes (a bad seed file fails loudly, naming the field), realistic defaults for
 * whatever a pod seed leaves out, and a small builder for tests.
 */
import type { Container, ElasticIp, Pod, Tag } from './wire.js'
import { DEFAULT_TIMINGS, IMAGE_BEHAVIOURS } from './types.js'
import type { ImageBehaviour, PodSeed, Seed, SecretSeed, Timings } from './types.js'
import { checkLoadBalancing } from './lb-seed.js'
import { list, record, SeedError, text } from './seed-checks.js'

export { SeedError }

/** Phases a seed (or someone else) may put a pod in. */
export const SEEDABLE_PHASES = [
  'pending',
  'starting',
  'running',
  'stopping',
  'stopped',
  'rebuilding',
  'error'
] as const
export type SeedPhase = (typeof SEEDABLE_PHASES)[number]

export const DEFAULT_IMAGE = 'registry.example.com/shop/web:1.0'

/** Checks a seed (e.g. parsed from a file) and returns it typed; throws SeedError. */
export function parseSeed(value: unknown, path = 'seed'): Seed {
  const seed = record(value, path)
  const result: Seed = {}
  if (seed.pods !== undefined)
    result.pods = list(seed.pods, `${path}.pods`).map((pod, i) =>
      checkPod(pod, `${path}.pods[${i}]`)
    )
  if (seed.secrets !== undefined)
    result.secrets = list(seed.secrets, `${path}.secrets`).map((secret, i) =>
      checkSecret(secret, `${path}.secrets[${i}]`)
    )
  if (seed.images !== undefined) {
    result.images = {}
    for (const [image, behaviour] of Object.entries(record(seed.images, `${path}.images`)))
      result.images[image] = checkBehaviour(behaviour, `${path}.images[${JSON.stringify(image)}]`)
  }
  if (seed.registries !== undefined) {
    result.registries = {}
    for (const [server, login] of Object.entries(record(seed.registries, `${path}.registries`))) {
      const where = `${path}.registries[${JSON.stringify(server)}]`
      const creds = record(login, where)
      result.registries[server] = {
        username: text(creds.username, `${where}.username`),
        password: text(creds.password, `${where}.password`)
      }
    }
  }
  if (seed.loadBalancing !== undefined)
    result.loadBalancing = checkLoadBalancing(seed.loadBalancing, `${path}.loadBalancing`)
  if (seed.timings !== undefined) result.timings = parseTimings(seed.timings, `${path}.timings`)
  return result
}

export function parseTimings(value: unknown, path = 'timings'): Partial<Timings> {
  const timings: Partial<Timings> = {}
  for (const [key, ms] of Object.entries(record(value, path))) {
    if (!(key in DEFAULT_TIMINGS)) throw new SeedError(`${path}.${key}`, 'unknown timing')
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
      throw new SeedError(`${path}.${key}`, 'must be a number of milliseconds >= 0')
    timings[key as keyof Timings] = ms
  }
  return timings
}

export function checkBehaviour(value: unknown, path: string): ImageBehaviour {
  const name =
    typeof value === 'object' && value !== null
      ? (value as { behaviour?: unknown }).behaviour
      : value
  if (!IMAGE_BEHAVIOURS.includes(name as never))
    throw new SeedError(path, `must be one of ${IMAGE_BEHAVIOURS.join(', ')}`)
  if (typeof value === 'string') return value as ImageBehaviour
  const logs = (value as { logs?: unknown }).logs
  if (logs !== undefined && !(Array.isArray(logs) && logs.every(line => typeof line === 'string')))
    throw new SeedError(`${path}.logs`, 'must be a list of strings')
  return value as ImageBehaviour
}

function checkPod(value: unknown, path: string): PodSeed {
  const pod = record(value, path)
  text(pod.podId, `${path}.podId`)
  const containers = list(pod.containers, `${path}.containers`)
  if (containers.length === 0)
    throw new SeedError(`${path}.containers`, 'needs at least one container')
  const names = new Set<string>()
  containers.forEach((container, i) => {
    const where = `${path}.containers[${i}]`
    const name = text(record(container, where).name, `${where}.name`)
    text((container as Record<string, unknown>).image, `${where}.image`)
    if (names.has(name)) throw new SeedError(`${where}.name`, `${name} is used twice`)
    names.add(name)
  })
  const phase = (pod.podStatus as { phase?: unknown } | undefined)?.phase
  if (phase !== undefined && !SEEDABLE_PHASES.includes(String(phase).toLowerCase() as SeedPhase))
    throw new SeedError(`${path}.podStatus.phase`, `must be one of ${SEEDABLE_PHASES.join(', ')}`)
  return pod as PodSeed
}

function checkSecret(value: unknown, path: string): SecretSeed {
  const secret = record(value, path)
  text(secret.name, `${path}.name`)
  const data = record(secret.data, `${path}.data`)
  for (const key of ['server', 'username', 'password']) text(data[key], `${path}.data.${key}`)
  if (secret.createdAt !== undefined && Number.isNaN(Date.parse(String(secret.createdAt))))
    throw new SeedError(`${path}.createdAt`, 'must be an ISO date-time')
  return secret as unknown as SecretSeed
}

/** The phase a seed asks for, `running` when it says none. */
export function seedPhase(seed: PodSeed): SeedPhase {
  return (seed.podStatus?.phase?.toLowerCase() as SeedPhase | undefined) ?? 'running'
}

export interface Placement {
  region: string
  /** Sequence number of the pod, for its private IP. */
  index: number
  now: number
}

/** A full pod (without status) from a seed: what the seed says, sensible defaults for the rest. */
export function completePod(seed: PodSeed, placement: Placement): Pod {
  const name = seed.name ?? seed.podId
  const ip = seed.privateIpAddress ?? privateIp(placement.index)
  const { podId, podStatus: _status, containers, ...rest } = structuredClone(seed)
  return {
    podId,
    description: '',
    az: `${placement.region}a`,
    instanceType: 'g.n2.medium',
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    vpcId: 'vpc-emulator0',
    subnetId: 'subnet-emulator0',
    dnsConfig: {},
    logConfig: { logDriver: 'default' },
    hostAliases: [],
    volumes: [],
    elasticIp: null,
    primaryNetworkInterface: {
      autoDelete: true,
      deviceIndex: 1,
      attachStatus: 'attached',
      networkInterface: {
        networkInterfaceId: `port-${seed.podId.replace(/^pod-/, '')}`,
        primaryIp: { privateIpAddress: ip }
      }
    },
    tags: [],
    charge: { chargeMode: 'postpaid_by_duration', chargeStatus: 'normal' },
    createTime: new Date(placement.now).toISOString(),
    ...rest,
    name,
    hostname: rest.hostname ?? name,
    privateIpAddress: ip,
    containers: containers.map(completeContainer)
  }
}

function completeContainer(container: Container): Container {
  const { containerStatus: _status, name, image, ...spec } = container
  return {
    name,
    image,
    resources: {
      limits: { cpu: '500m', memoryMB: '1024Mi' },
      requests: { cpu: '500m', memoryMB: '1024Mi' }
    },
    systemDisk: { category: 'local', autoDelete: true, sizeGB: 20 },
    ...spec
  }
}

function privateIp(index: number): string {
  return `10.0.${Math.floor(index / 250) % 256}.${(index % 250) + 4}`
}

export interface PodSeedOptions {
  podId: string
  name?: string
  containers?: Array<Partial<Container>>
  phase?: SeedPhase
  tags?: Tag[] | Record<string, string>
  elasticIp?: ElasticIp | null
}

/** A realistic single-container pod for tests (one container per entry of `containers`). */
export function podSeed(options: PodSeedOptions): PodSeed {
  const containers = (options.containers ?? [{}]).map((container, i) => ({
    name: i === 0 ? 'web' : `sidecar-${i}`,
    image: DEFAULT_IMAGE,
    command: ['/app/server'],
    args: ['--port', '80'],
    env: [{ name: 'APP_ENV', value: 'production' }],
    workingDir: '/app',
    readinessProbe: {
      httpGet: { scheme: 'http', port: 80, path: '/healthz' },
      initialDelaySeconds: 5,
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 3,
      successThreshold: 1
    },
    ...container
  }))
  const tags = Array.isArray(options.tags)
    ? options.tags
    : Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value }))
  return {
    podId: options.podId,
    name: options.name ?? options.podId,
    containers,
    tags,
    ...(options.elasticIp !== undefined && { elasticIp: options.elasticIp }),
    podStatus: { phase: options.phase ?? 'running' }
  }
}
