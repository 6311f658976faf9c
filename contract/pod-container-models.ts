// A container as the pod service describes it (describePod, describeContainer), from
// jdcloud-api/jdcloud-sdk-go services/pod/models/*.go. Every field of a read model is optional
// in the SDK. The probe actions are Exec, Hg (httpGet), Hh (an HTTP header) and TcpSocket there.
import type { Model } from './schema.js'
import { bool, int, listOf, opt, ref, str, strings } from './schema.js'
import { goModel } from './common-models.js'

const podModel = goModel('pod')

const Container = podModel('Container', [
  opt('name', str),
  opt('type', str, 'initContainer for an init container'),
  opt('command', strings),
  opt('args', strings),
  opt('env', listOf(ref('Env'))),
  opt('image', str),
  opt('secret', str),
  opt('tty', bool),
  opt('workingDir', str),
  opt('livenessProbe', ref('Probe')),
  opt('readinessProbe', ref('Probe')),
  opt('resources', ref('ResourceRequests')),
  opt('systemDisk', ref('CloudDisk')),
  opt('volumeMounts', listOf(ref('VolumeMount'))),
  opt('containerStatus', ref('ContainerStatus'))
])

const Env = podModel('Env', [opt('name', str), opt('value', str)])

const Probe = podModel('Probe', [
  opt('initialDelaySeconds', int),
  opt('periodSeconds', int),
  opt('timeoutSeconds', int),
  opt('failureThreshold', int),
  opt('successThreshold', int),
  opt('exec', ref('Exec')),
  opt('httpGet', ref('Hg')),
  opt('tcpSocket', ref('TcpSocket'))
])

const Exec = podModel('Exec', [opt('command', strings)])

const Hg = podModel('Hg', [
  opt('scheme', str, 'default http'),
  opt('host', str),
  opt('port', int),
  opt('path', str),
  opt('httpHeader', listOf(ref('Hh')))
])

const Hh = podModel('Hh', [opt('name', str), opt('value', str)])
const TcpSocket = podModel('TcpSocket', [opt('port', int, '1-65535')])

const ResourceRequests = podModel('ResourceRequests', [
  opt('requests', ref('Request')),
  opt('limits', ref('Request'))
])

const Request = podModel('Request', [
  opt('cpu', str, 'a string such as 300m'),
  opt('memoryMB', str, 'a string such as 1024Mi')
])

const CloudDisk = podModel('CloudDisk', [
  opt('category', str),
  opt('volumeId', str),
  opt('snapshotId', str),
  opt('diskType', str, 'hdd.std1, ssd.gp1 or ssd.io1'),
  opt('sizeGB', int),
  opt('fsType', str, 'xfs or ext4'),
  opt('iops', int, 'ssd.io1 only'),
  opt('autoDelete', bool)
])

const VolumeMount = podModel('VolumeMount', [
  opt('name', str),
  opt('mountPath', str),
  opt('readOnly', bool),
  opt('subPath', str, 'sub-path of a configFile volume')
])

const ContainerStatus = podModel('ContainerStatus', [
  opt('name', str),
  opt('restartCount', int),
  opt('ready', bool, 'passed its readiness probe'),
  opt('state', ref('ContainerState')),
  opt('lastState', ref('ContainerState'), 'details of the last termination')
])

const ContainerState = podModel('ContainerState', [
  opt('running', ref('ContainerStateRunning')),
  opt('terminated', ref('ContainerStateTerminated')),
  opt('waiting', ref('ContainerStateWaiting'))
])

const ContainerStateRunning = podModel('ContainerStateRunning', [opt('startedAt', str)])

const ContainerStateWaiting = podModel('ContainerStateWaiting', [
  opt('reason', str, 'e.g. ContainerCreating'),
  opt('message', str)
])

const ContainerStateTerminated = podModel('ContainerStateTerminated', [
  opt('signal', int),
  opt('exitCode', int),
  opt('reason', str),
  opt('message', str),
  opt('finishedAt', str),
  opt('startedAt', str)
])

export const podContainerModels: readonly Model[] = [
  Container,
  Env,
  Probe,
  Exec,
  Hg,
  Hh,
  TcpSocket,
  ResourceRequests,
  Request,
  CloudDisk,
  VolumeMount,
  ContainerStatus,
  ContainerState,
  ContainerStateRunning,
  ContainerStateWaiting,
  ContainerStateTerminated
]
