// What a client sends to the pod service, as jdcloud-api/jdcloud-sdk-go defines it
// (services/pod/models/*Spec.go and kin): JSON names from the `json:"..."` tags, "required" where
// the comment lacks "(Optional)", rules shortened from the comments. The SDK names the probe
// actions ExecSpec, HgSpec (httpGet), HhSpec (an HTTP header) and TcpSocketSpec: kept as it has them.
import type { Model } from './schema.js'
import { bool, int, listOf, opt, ref, req, str, strings } from './schema.js'
import { goModel } from './common-models.js'

const podModel = goModel('pod')

// ---- sent: rebuildPod containers[] ----

const RebuildContainerSpec = podModel('RebuildContainerSpec', [
  req('name', str, 'container name (the 2018 doc page said containerName)'),
  opt('command', strings, 'default: the image ENTRYPOINT; total length 256'),
  opt('args', strings, 'default: the image CMD; total length 2048'),
  opt('env', listOf(ref('EnvSpec')), '0-100 entries; overrides the image variable of that name'),
  req('image', str, 'length 1-639; repository ≤ 256, tag ≤ 128, registry ≤ 255'),
  opt('secret', str, 'registry credentials (a secret name); default Docker Hub'),
  opt('tty', bool, 'default false'),
  opt('workingDir', str, 'absolute path, length 0-1024; default /'),
  opt('livenessProbe', ref('ProbeSpec')),
  opt('readinessProbe', ref('ProbeSpec')),
  opt('volumeMounts', listOf(ref('VolumeMountSpec')))
])

const EnvSpec = podModel('EnvSpec', [
  req('name', str, 'ASCII, length 1-64, letters digits _ (its regex ^[a-zA-Z0-9]*$ leaves out _)'),
  opt('value', str, 'length 0-1024')
])

const ProbeSpec = podModel('ProbeSpec', [
  opt('initialDelaySeconds', int, '0-300, default 10'),
  opt('periodSeconds', int, '1-300, default 10'),
  opt('timeoutSeconds', int, '1-300, default 1'),
  opt('failureThreshold', int, '1-10, default 3'),
  opt('successThreshold', int, '1-10, default 1'),
  opt('exec', ref('ExecSpec'), 'success: exit code 0'),
  opt('httpGet', ref('HgSpec'), 'success: status 200-399'),
  opt('tcpSocket', ref('TcpSocketSpec'), 'success: the port is open')
])

const ExecSpec = podModel('ExecSpec', [req('command', strings, 'total length 256')])

const HgSpec = podModel('HgSpec', [
  opt('scheme', str, 'http (default), https, HTTP or HTTPS'),
  opt('host', str, 'hostname or IPv4, length 0-253; default the pod IP'),
  req('port', int, '1-65535'),
  req('path', str, 'length 1-256'),
  opt('httpHeader', listOf(ref('HhSpec')))
])

const HhSpec = podModel('HhSpec', [
  req('name', str, 'an HTTP header name, length 1-64'),
  req('value', str)
])

const TcpSocketSpec = podModel('TcpSocketSpec', [req('port', int, '1-65535')])

const VolumeMountSpec = podModel('VolumeMountSpec', [
  req('name', str, 'a pod volume (volumeSpec.name)'),
  req('mountPath', str, 'absolute, not /, no repeated or nested mounts; length 1-1024'),
  opt('readOnly', bool, 'default read-write'),
  opt('subPath', str, 'sub-path of a configFile volume ("new")')
])

// ---- sent: createSecret data, describePods tags ----

const DockerRegistryData = podModel('DockerRegistryData', [
  req('server', str, 'registry server address'),
  req('username', str),
  req('password', str),
  opt('email', str)
])

const TagFilter = podModel('TagFilter', [req('key', str), opt('values', strings)])

export const podSpecModels: readonly Model[] = [
  RebuildContainerSpec,
  EnvSpec,
  ProbeSpec,
  ExecSpec,
  HgSpec,
  HhSpec,
  TcpSocketSpec,
  VolumeMountSpec,
  DockerRegistryData,
  TagFilter
]
