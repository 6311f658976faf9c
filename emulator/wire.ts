// The emulator's own wire shapes, written from JD Cloud's official SDK models
// (jdcloud-api/jdcloud-sdk-go services/pod/models/*.go, release of June 2026) — never imported
// from the action's src/, so that a wrong belief of the client is not a belief of the emulator.
// Reads are loose (the API leaves out or nulls what is unset); what a request may carry is
// checked against contract/ (see rebuild-spec.ts).

/** models/Env.go (read) and EnvSpec.go (rebuild). */
export interface Env {
  name: string
  value?: string
}

/** models/Exec.go, ExecSpec.go */
export interface Exec {
  command?: string[]
}

/** models/Hh.go, HhSpec.go */
export interface HttpHeader {
  name: string
  value: string
}

/** models/Hg.go, HgSpec.go */
export interface HttpGet {
  scheme?: string
  host?: string
  port: number
  path?: string
  httpHeader?: HttpHeader[]
}

/** models/Probe.go, ProbeSpec.go */
export interface Probe {
  initialDelaySeconds?: number
  periodSeconds?: number
  timeoutSeconds?: number
  failureThreshold?: number
  successThreshold?: number
  exec?: Exec | null
  httpGet?: HttpGet | null
  tcpSocket?: { port: number } | null
}

/** models/VolumeMount.go, VolumeMountSpec.go (subPath: a file inside a configFile volume). */
export interface VolumeMount {
  name: string
  mountPath: string
  readOnly?: boolean
  subPath?: string
}

/** models/ContainerState.go and ContainerStateRunning/Waiting/Terminated.go */
export interface ContainerState {
  running?: { startedAt?: string } | null
  waiting?: { reason?: string; message?: string } | null
  terminated?: {
    signal?: number
    exitCode?: number
    reason?: string
    message?: string
    startedAt?: string
    finishedAt?: string
  } | null
}

/** models/ContainerStatus.go */
export interface ContainerStatus {
  name?: string
  restartCount?: number
  ready?: boolean
  state?: ContainerState | null
  lastState?: ContainerState | null
}

/** models/Container.go: `type` is `initContainer` for an init container. */
export interface Container {
  name: string
  type?: string
  image: string
  command?: string[] | null
  args?: string[] | null
  env?: Env[] | null
  secret?: string | null
  tty?: boolean | null
  workingDir?: string | null
  livenessProbe?: Probe | null
  readinessProbe?: Probe | null
  resources?: unknown
  systemDisk?: unknown
  volumeMounts?: VolumeMount[] | null
  containerStatus?: ContainerStatus | null
}

/** models/RebuildContainerSpec.go: the container is named `name`. */
export interface RebuildContainerSpec {
  name: string
  image: string
  command?: string[]
  args?: string[]
  env?: Env[]
  secret?: string
  tty?: boolean
  workingDir?: string
  livenessProbe?: Probe
  readinessProbe?: Probe
  volumeMounts?: VolumeMount[]
}

/** models/PodStatus.go, PodCondition.go */
export interface PodStatus {
  phase?: string
  reason?: string
  message?: string
  podIP?: string
  conditions?: Array<{ conditionType?: string; status?: string }> | null
  startTime?: string
}

/** models/Tag.go */
export interface Tag {
  key: string
  value?: string
}

/** models/ElasticIp.go */
export interface ElasticIp {
  elasticIpId?: string
  elasticIpAddress?: string
}

/** models/Pod.go */
export interface Pod {
  podId: string
  name?: string
  description?: string
  az?: string
  hostname?: string
  instanceType?: string
  restartPolicy?: string
  terminationGracePeriodSeconds?: number
  vpcId?: string
  subnetId?: string
  privateIpAddress?: string
  dnsConfig?: unknown
  logConfig?: unknown
  hostAliases?: unknown
  volumes?: unknown[] | null
  containers?: Container[] | null
  podStatus?: PodStatus | null
  elasticIp?: ElasticIp | null
  primaryNetworkInterface?: unknown
  tags?: Tag[] | null
  charge?: unknown
  createTime?: string
}

/** models/Secret.go: data holds the credentials, base64 as sent. */
export interface Secret {
  name: string
  type?: string
  createdAt?: string
  data?: { server?: string; username?: string; password?: string; email?: string } | null
}

/** `filters.N.name` + `filters.N.values.M` (common/models/Filter.go). */
export interface Filter {
  name: string
  values: string[]
}

/** `tags.N.key` + `tags.N.values.M` (models/TagFilter.go). */
export interface TagFilter {
  key: string
  values?: string[]
}

/** An init container (Container.type). */
export function isInit(container: Pick<Container, 'type'>): boolean {
  return (container.type ?? '').toLowerCase() === 'initcontainer'
}
