// A pod and the other things the pod service returns (describePod(s), describePodsStatus,
// describeSecret(s), describeQuota, getContainerLogs), from jdcloud-api/jdcloud-sdk-go
// services/pod/models/*.go. Every field of a read model is optional in the SDK, except that a
// Secret's data is the same DockerRegistryData createSecret sends, whose server, username and
// password are marked required. The SDK spells AvailablityGroup so: kept.
import type { Model } from './schema.js'
import { bool, int, listOf, opt, ref, str, strings } from './schema.js'
import { goModel } from './common-models.js'

const podModel = goModel('pod')

const Pod = podModel('Pod', [
  opt('podId', str),
  opt('name', str),
  opt('description', str),
  opt('az', str),
  opt('hostname', str),
  opt('ag', ref('AvailablityGroup')),
  opt('instanceType', str),
  opt('restartPolicy', str),
  opt('terminationGracePeriodSeconds', int),
  opt('vpcId', str),
  opt('subnetId', str),
  opt('privateIpAddress', str),
  opt('dnsConfig', ref('DnsConfig')),
  opt('logConfig', ref('LogConfig'), 'default 10 MB of local storage'),
  opt('hostAliases', listOf(ref('HostAlias'))),
  opt('volumes', listOf(ref('Volume'))),
  opt('containers', listOf(ref('Container'))),
  opt('podStatus', ref('PodStatus')),
  opt('elasticIp', ref('ElasticIp')),
  opt('primaryNetworkInterface', ref('NetworkInterfaceAttachment')),
  opt('tags', listOf(ref('Tag'))),
  opt('charge', ref('Charge'), 'default postpaid'),
  opt('createTime', str),
  opt('resourceGroupId', str)
])

const BriefPodStatus = podModel('BriefPodStatus', [
  opt('podId', str),
  opt('name', str),
  opt('description', str),
  opt('az', str),
  opt('ag', ref('AvailablityGroup')),
  opt('instanceType', str),
  opt('podStatus', ref('PodStatus')),
  opt('containers', listOf(ref('Container'))),
  opt('createTime', str)
])

const PodStatus = podModel('PodStatus', [
  opt('phase', str),
  opt('reason', str),
  opt('message', str),
  opt('podIP', str),
  opt('conditions', listOf(ref('PodCondition'))),
  opt('startTime', str)
])

const PodCondition = podModel('PodCondition', [
  opt('lastProbeTime', str),
  opt('lastTransitionTime', str),
  opt('reason', str),
  opt('status', str, 'True, False or Unknown'),
  opt('message', str),
  opt('conditionType', str, 'only Ready for now')
])

const AvailablityGroup = podModel('AvailablityGroup', [opt('id', str)])

const DnsConfig = podModel('DnsConfig', [
  opt('nameservers', strings),
  opt('searches', strings),
  opt('options', listOf(ref('PodDnsConfigOption')))
])

const PodDnsConfigOption = podModel('PodDnsConfigOption', [
  opt('name', str, 'length 1-63'),
  opt('value', str, 'length 0-100; only timeout, attempts, ndots')
])

const LogConfig = podModel('LogConfig', [opt('logDriver', str)])
const HostAlias = podModel('HostAlias', [opt('hostnames', strings), opt('ip', str, 'IPv4')])

const Volume = podModel('Volume', [
  opt('name', str, 'unique in the pod'),
  opt('jdcloudDisk', ref('JDCloudVolumeSource')),
  opt('cfs', ref('CFSVolumeSource')),
  opt('configFile', ref('ConfigFileVolumeSource')),
  opt('emptyDir', ref('EmptyDirVolumeSource'))
])

const JDCloudVolumeSource = podModel('JDCloudVolumeSource', [
  opt('volumeId', str),
  opt('snapshotId', str),
  opt('diskType', str, 'hdd.std1, ssd.gp1 or ssd.io1'),
  opt('sizeGB', int),
  opt('fsType', str, 'xfs or ext4'),
  opt('formatVolume', bool),
  opt('iops', int, 'ssd.io1 only'),
  opt('autoDelete', bool, 'default true')
])

const CFSVolumeSource = podModel('CFSVolumeSource', [opt('mountTargetId', str), opt('path', str)])

const ConfigFileVolumeSource = podModel('ConfigFileVolumeSource', [
  opt('name', str),
  opt('defaultMode', str, 'a string'),
  opt('fileToPath', listOf(ref('ConfigFileToPathSource')))
])

const ConfigFileToPathSource = podModel('ConfigFileToPathSource', [
  opt('key', str),
  opt('path', str),
  opt('mode', str, 'a string')
])

const EmptyDirVolumeSource = podModel('EmptyDirVolumeSource', [opt('sizeMB', int)])

const ElasticIp = podModel('ElasticIp', [opt('elasticIpId', str), opt('elasticIpAddress', str)])

const NetworkInterfaceAttachment = podModel('NetworkInterfaceAttachment', [
  opt('autoDelete', bool),
  opt('deviceIndex', int, 'only 1: a pod has one network interface'),
  opt('attachStatus', str),
  opt('attachTime', str),
  // A rollout never reads inside it; its shape is InstanceNetworkInterface.go in the same folder.
  opt('networkInterface', 'object', 'InstanceNetworkInterface, not described here')
])

const Tag = podModel('Tag', [opt('key', str), opt('value', str)])

const Secret = podModel('Secret', [
  opt('name', str),
  opt('type', str),
  opt('createdAt', str),
  opt('data', ref('DockerRegistryData'), 'holds the password: never log it')
])

const Quota = podModel('Quota', [opt('resourceType', str), opt('limit', int), opt('used', int)])
const Logs = podModel('Logs', [opt('content', str, 'at most 4 KB')])

export const podReadModels: readonly Model[] = [
  Pod,
  BriefPodStatus,
  PodStatus,
  PodCondition,
  AvailablityGroup,
  DnsConfig,
  PodDnsConfigOption,
  LogConfig,
  HostAlias,
  Volume,
  JDCloudVolumeSource,
  CFSVolumeSource,
  ConfigFileVolumeSource,
  ConfigFileToPathSource,
  EmptyDirVolumeSource,
  ElasticIp,
  NetworkInterfaceAttachment,
  Tag,
  Secret,
  Quota,
  Logs
]
