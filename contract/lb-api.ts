// The load balancer service (lb v1) as JD Cloud's official SDKs define it: its models (see
// lb-models.ts) and the calls a zero-downtime rollout makes. Paths and methods from
// jdcloud-api/jdcloud-sdk-go services/lb/apis/<Call>.go, checked against npm jdcloud-sdk-js
// src/repo/lb/v1/lb.js (lb/0.5.7). Both write `/targetGroups/` and `/backends/` with a trailing
// slash, and both list calls default the `loadBalancerType` filter to alb.
import type { Call } from './calls.js'
import { queryParam } from './calls.js'
import { ErrorResponse, Filter, GO_SDK, JS_SDK } from './common-models.js'
import { lbReadModels, lbSpecModels } from './lb-models.js'
import type { ModelTable } from './schema.js'
import { fieldPaths, listOf, modelTable, opt, ref, req, validate } from './schema.js'

export const lbModels: ModelTable = modelTable(
  ...lbSpecModels,
  ...lbReadModels,
  Filter,
  ErrorResponse
)

const goApi = (name: string): string => `${GO_SDK} services/lb/apis/${name}.go`
const JS_LB = `${JS_SDK} src/repo/lb/v1/lb.js`

const pageNumber = queryParam('pageNumber', 'integer', false, 'default 1, ≥ 1; past the end: last')
const pageSize = queryParam('pageSize', 'integer', false, 'default 20; 10-100')
const LB_TYPE = 'alb, nlb or dnlb; default alb'

export const lbCalls: readonly Call[] = [
  {
    name: 'describeTargetGroups',
    method: 'GET',
    path: '/targetGroups/',
    query: [pageNumber, pageSize],
    filters: [
      { name: 'targetGroupIds', values: 'many' },
      { name: 'targetGroupNames', values: 'many' },
      { name: 'loadBalancerId', values: 'one' },
      { name: 'loadBalancerType', values: 'one', rule: LB_TYPE }
    ],
    result: [opt('targetGroups', listOf(ref('TargetGroup'))), opt('totalCount', 'integer')],
    sources: [goApi('DescribeTargetGroups'), JS_LB]
  },
  {
    name: 'describeTargets',
    method: 'GET',
    path: '/targetGroups/{targetGroupId}:describeTargets',
    query: [pageNumber, pageSize],
    filters: [
      { name: 'targetIds', values: 'many' },
      { name: 'instanceId', values: 'one' },
      { name: 'type', values: 'one', rule: 'vm, container or ip' },
      { name: 'port', values: 'one' },
      { name: 'ipAddress', values: 'one' }
    ],
    result: [opt('targets', listOf(ref('Target'))), opt('totalCount', 'integer')],
    sources: [goApi('DescribeTargets'), JS_LB]
  },
  {
    name: 'registerTargets',
    method: 'POST',
    path: '/targetGroups/{targetGroupId}:registerTargets',
    query: [],
    body: [req('targetSpecs', listOf(ref('TargetSpec')))],
    result: [],
    sources: [goApi('RegisterTargets'), JS_LB]
  },
  {
    // The SDKs name the operation deRegisterTargets; its path says deregisterTargets.
    name: 'deRegisterTargets',
    method: 'POST',
    path: '/targetGroups/{targetGroupId}:deregisterTargets',
    query: [],
    body: [req('targetIds', listOf('string'))],
    result: [],
    sources: [goApi('DeRegisterTargets'), JS_LB]
  },
  {
    name: 'updateTargets',
    method: 'POST',
    path: '/targetGroups/{targetGroupId}:updateTargets',
    query: [],
    body: [req('targetUpdateSpecs', listOf(ref('TargetUpdateSpec')))],
    result: [],
    sources: [goApi('UpdateTargets'), JS_LB]
  },
  {
    name: 'describeBackends',
    method: 'GET',
    path: '/backends/',
    query: [pageNumber, pageSize],
    filters: [
      { name: 'backendIds', values: 'many' },
      { name: 'backendNames', values: 'many' },
      { name: 'loadBalancerId', values: 'one' },
      { name: 'agId', values: 'one' },
      { name: 'loadBalancerType', values: 'one', rule: LB_TYPE },
      { name: 'protocol', values: 'one', rule: 'alb: Http, Tcp, Udp; nlb, dnlb: Tcp, Udp' }
    ],
    result: [opt('backends', listOf(ref('Backend'))), opt('totalCount', 'integer')],
    sources: [goApi('DescribeBackends'), JS_LB]
  },
  {
    name: 'describeTargetHealth',
    method: 'GET',
    path: '/backends/{backendId}/health',
    query: [pageNumber, queryParam('pageSize', 'integer', false, 'default: all; 10-100')],
    result: [opt('targetHealths', listOf(ref('TargetHealth'))), opt('totalCount', 'integer')],
    sources: [goApi('DescribeTargetHealth'), JS_LB],
    note: 'the npm SDK (lb/0.5.7) sends no pageNumber or pageSize for this call'
  }
]

/** Problems of `value` read as the lb model `modelName`; see schema.ts `validate`. */
export const validateLb = (modelName: string, value: unknown, path = ''): string[] =>
  validate(lbModels, modelName, value, path)

/** Every field path below the lb model `modelName`. */
export const lbFieldPaths = (modelName: string): string[] => fieldPaths(lbModels, modelName)
