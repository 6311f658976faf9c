// The load balancer service's models a rollout reads or sends, as jdcloud-api/jdcloud-sdk-go
// defines them (services/lb/models/*.go): JSON names from the tags, "required" where the comment
// lacks "(Optional)", rules shortened from the comments. Read models are optional throughout.
import type { Model } from './schema.js'
import { bool, int, listOf, opt, ref, req, str, strings } from './schema.js'
import { goModel } from './common-models.js'

const lbModel = goModel('lb')

const PORT = '0-65535, 0 = the backend port; dnlb: one port per instance or IP in a group'

// ---- sent ----

const TargetSpec = lbModel('TargetSpec', [
  opt('instanceId', str, 'only for type vm or container (a pod ID for container)'),
  opt('type', str, 'vm (default), container or ip'),
  opt('port', int, `${PORT}; default 0`),
  opt('weight', int, '0-100, default 10; 0 takes no traffic and only alb allows it'),
  opt('ipAddress', str, 'required when type is ip')
])

const TargetUpdateSpec = lbModel('TargetUpdateSpec', [
  req('targetId', str),
  opt('port', int, PORT),
  opt('weight', int, '0-100; 0 takes no traffic')
])

// ---- received ----

const TargetGroup = lbModel('TargetGroup', [
  opt('targetGroupId', str),
  opt('targetGroupName', str),
  opt('loadBalancerId', str),
  opt('loadBalancerType', str, 'alb, nlb or dnlb'),
  opt('loadBalancerName', str),
  opt('description', str),
  opt('createdTime', str),
  opt('targets', listOf(ref('Target')), 'being retired: use describeTargets'),
  opt('type', str, 'instance or IP')
])

const Target = lbModel('Target', [
  opt('targetId', str),
  opt('targetGroupId', str, 'unused when the target belongs to an availability group'),
  opt('agId', str, 'unused when the target belongs to a target group'),
  opt('type', str, 'vm (default), container or ip'),
  opt('instanceId', str, 'the vm or container (pod) ID'),
  opt('port', int, `${PORT}; default 0`),
  opt('weight', int, '0-100, default 10; 0 takes no traffic and only alb allows it'),
  opt('privateIpAddress', str, 'the instance private IP'),
  opt('ipAddress', str, 'the instance private IP, or the IP registered for type ip')
])

const Backend = lbModel('Backend', [
  opt('backendId', str),
  opt('backendName', str),
  opt('loadBalancerId', str),
  opt('loadBalancerType', str, 'alb, nlb or dnlb'),
  opt('protocol', str, 'alb: Http, Tcp, Udp; nlb and dnlb: Tcp, Udp'),
  opt('port', int, '1-65535'),
  opt('algorithm', str, 'alb, nlb: IpHash, RoundRobin, LeastConn; dnlb: IpHash, QuintupleHash'),
  opt('targetGroupIds', strings, 'one at most; never with agIds'),
  opt('agIds', strings, 'one at most; never with targetGroupIds'),
  opt('agInfos', listOf(ref('AgInfo'))),
  opt('proxyProtocol', bool, 'alb Tcp/Udp'),
  opt('description', str),
  opt('connectionDrainingSeconds', int, 'nlb: 0-3600, how long a removed target keeps its links'),
  opt('sessionStickiness', bool),
  opt('sessionStickyTimeout', int, 'nlb: 1-3600, default 300'),
  opt('httpCookieExpireSeconds', int, 'alb Http: 0-86400'),
  opt('httpForwardedProtocol', bool),
  opt('httpForwardedPort', bool),
  opt('httpForwardedHost', bool),
  opt('httpForwardedVip', bool),
  opt('httpForwardedClientPort', bool),
  opt('healthCheck', ref('HealthCheck')),
  opt('createdTime', str)
])

const AgInfo = lbModel('AgInfo', [opt('agId', str), opt('defaultWeight', int)])

const HealthCheck = lbModel('HealthCheck', [
  opt('protocol', str, 'alb, nlb: Http, Tcp, Icmp; dnlb: Tcp, Icmp'),
  opt('healthyThresholdCount', int, '≥ 1, default 3'),
  opt('unhealthyThresholdCount', int, '≥ 1, default 3'),
  opt('checkTimeoutSeconds', int, '2-60, default 3'),
  opt('intervalSeconds', int, '5-300, default 5'),
  opt('port', int, '0-65535, default 0 = the target port'),
  opt('httpVersion', str, 'HTTP1.0 (default) or HTTP1.1'),
  opt('httpDomain', str, '≤ 255; empty: no host'),
  opt('httpPath', str, 'starts with /, ≤ 1000'),
  opt('httpCode', strings, 'e.g. 200, 201-205, 3xx; only 2xx-4xx')
])

const TargetHealth = lbModel('TargetHealth', [
  opt('targetGroupId', str, 'never with agId'),
  opt('agId', str, 'never with targetGroupId'),
  opt('instanceId', str, 'for type vm or container'),
  opt('type', str, 'vm (default), container or ip'),
  opt('port', int, 'the health check port'),
  opt('weight', int, '0-100, default 10'),
  opt('status', str, 'healthy or unhealthy'),
  opt('ipAddress', str),
  opt('unhealthReason', ref('UnhealthReason'))
])

const UnhealthReason = lbModel('UnhealthReason', [
  opt(
    'reason',
    str,
    'CONNECT_FAILED, CONNECT_TIMEOUT, CONNECT_INTERRUPT, RECEIVE_RESPONSE_FAILED, ' +
      'RECEIVE_RESPONSE_TIMEOUT, REQUEST_FAILED, REQUEST_TIMEOUT, HTTP_CODE_MISMATCH, ' +
      'RESPONSE_FORMAT_ERROR'
  ),
  opt('detail', str)
])

export const lbSpecModels: readonly Model[] = [TargetSpec, TargetUpdateSpec]
export const lbReadModels: readonly Model[] = [
  TargetGroup,
  Target,
  Backend,
  AgInfo,
  HealthCheck,
  TargetHealth,
  UnhealthReason
]
