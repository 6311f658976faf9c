// Wire shapes of the JD Cloud pod API v1, field names exactly as they travel. Reads are typed
// loosely (every field optional but the identifiers) because the API omits or nulls what is unset.

export interface EnvVar {
  name: string
  value?: string
}

export interface ExecAction {
  command?: string[]
}

export interface HttpHeader {
  name: string
  value: string
}

export interface HttpGetAction {
  scheme?: string
  host?: string
  port: number
  path?: string
  httpHeader?: HttpHeader[]
}

export interface TcpSocketAction {
  port: number
}

export interface Probe {
  initialDelaySeconds?: number
  periodSeconds?: number
  timeoutSeconds?: number
  failureThreshold?: number
  successThreshold?: number
  exec?: ExecAction | null
  httpGet?: HttpGetAction | null
  tcpSocket?: TcpSocketAction | null
}

export interface VolumeMount {
  name: string
  mountPath: string
  readOnly?: boolean
  /** A sub-path of a configFile volume (Go VolumeMountSpec.subPath). */
  subPath?: string
}

export interface ContainerStateRunning {
  startedAt?: string
}

export interface ContainerStateWaiting {
  reason?: string
  message?: string
}

export interface ContainerStateTerminated {
  signal?: number
  exitCode?: number
  reason?: string
  message?: string
  startedAt?: string
  finishedAt?: string
}

export interface ContainerState {
  running?: ContainerStateRunning | null
  waiting?: ContainerStateWaiting | null
  terminated?: ContainerStateTerminated | null
}

export interface ContainerStatus {
  name?: string
  restartCount?: number
  ready?: boolean
  state?: ContainerState | null
  lastState?: ContainerState | null
}

/** A container as describePod returns it. */
export interface Container {
  name: string
  /** `initContainer` for an init container, else empty (Go models/Container.go `type`). */
  type?: string | null
  image: string
  command?: string[] | null
  args?: string[] | null
  env?: EnvVar[] | null
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

/**
 * What rebuildPod takes for one container (Go models/RebuildContainerSpec.go): the container is
 * named `name` (the 2018 page said containerName); resources, systemDisk and type cannot change.
 */
export interface RebuildContainerSpec {
  name: string
  image: string
  command?: string[]
  args?: string[]
  env?: EnvVar[]
  secret?: string
  tty?: boolean
  workingDir?: string
  livenessProbe?: Probe
  readinessProbe?: Probe
  volumeMounts?: VolumeMount[]
}

export interface PodCondition {
  conditionType?: string
  status?: string
  reason?: string
  message?: string
  lastProbeTime?: string
  lastTransitionTime?: string
}

export interface PodStatus {
  phase?: string
  reason?: string
  message?: string
  podIP?: string
  conditions?: PodCondition[] | null
  startTime?: string
}

export interface ElasticIp {
  elasticIpId?: string
  elasticIpAddress?: string
}

export interface Tag {
  key: string
  value?: string
}

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

/** docker-registry credentials; on the wire every value is base64 (see jdcloud/secretData.ts). */
export interface DockerRegistryData {
  server: string
  username: string
  password: string
  email?: string
}

/** A secret as describeSecret(s) returns it. Its data holds the password: never log a Secret. */
export interface Secret {
  name: string
  type?: string
  createdAt?: string
  data?: Partial<DockerRegistryData> | null
}

/** A secret with its credentials left out: all the action ever keeps of one. */
export interface SecretInfo {
  name: string
  type?: string
  createdAt?: string
}

export interface Quota {
  resourceType: string
  limit: number
  used: number
}

/** describePods / describeSecrets filter: `filters.N.name` + `filters.N.values.M`. */
export interface Filter {
  name: string
  values: string[]
}

/** describePods tag filter: `tags.N.key` + `tags.N.values.M`. */
export interface TagFilter {
  key: string
  values?: string[]
}
