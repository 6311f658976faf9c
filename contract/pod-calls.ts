// The pod service's calls as the official SDKs send them: path and method from
// jdcloud-api/jdcloud-sdk-go services/pod/apis/<Call>.go (its `URL:` and `Method:`), query and body
// parameters from the request struct there ("required" where the comment lacks "(Optional)"),
// the result keys from its <Call>Result struct; checked against npm jdcloud-sdk-js
// src/repo/pod/v1/pod.js (pod/2.3.2), which has every call here but describePodsStatus.
import type { Call, FilterName, QueryParam } from './calls.js'
import { queryParam } from './calls.js'
import { GO_SDK, JS_SDK, PYTHON_SDK } from './common-models.js'
import { listOf, opt, ref, req } from './schema.js'

const goApi = (name: string): string => `${GO_SDK} services/pod/apis/${name}.go`
const JS_POD = `${JS_SDK} src/repo/pod/v1/pod.js`

const pageNumber = queryParam('pageNumber', 'integer', false, 'default 1')
const pageSize = (max: number): QueryParam =>
  queryParam('pageSize', 'integer', false, `default 20; 10-${max}`)

// describePods and describePodsStatus document the same list (the Go comment calls subnetId an
// "image ID"; the JS comment says the same of agId: both read as copy slips, not rules).
const podFilters: readonly FilterName[] = [
  { name: 'podId', match: 'exact', values: 'many' },
  { name: 'privateIpAddress', match: 'fuzzy', values: 'one', rule: 'primary NIC IP' },
  { name: 'az', match: 'exact', values: 'many' },
  { name: 'vpcId', match: 'exact', values: 'many' },
  { name: 'phase', match: 'exact', values: 'many', rule: 'pod status' },
  { name: 'name', match: 'fuzzy', values: 'one' },
  { name: 'subnetId', match: 'exact', values: 'many' },
  { name: 'agId', match: 'exact', values: 'many', rule: 'availability group' }
]

export const podCalls: readonly Call[] = [
  {
    name: 'describePod',
    method: 'GET',
    path: '/pods/{podId}',
    query: [],
    result: [opt('pod', ref('Pod'))],
    sources: [goApi('DescribePod'), JS_POD]
  },
  {
    name: 'describePods',
    method: 'GET',
    path: '/pods',
    query: [pageNumber, pageSize(100)],
    filters: podFilters,
    tagFilters: true,
    result: [opt('pods', listOf(ref('Pod'))), opt('totalCount', 'integer')],
    sources: [goApi('DescribePods'), JS_POD]
  },
  {
    name: 'describePodsStatus',
    method: 'GET',
    path: '/podsStatus',
    query: [pageNumber, pageSize(500)],
    filters: podFilters,
    result: [opt('podsStatus', listOf(ref('BriefPodStatus'))), opt('totalCount', 'integer')],
    sources: [
      goApi('DescribePodsStatus'),
      `${PYTHON_SDK} jdcloud_sdk/services/pod/apis/DescribePodsStatusRequest.py`
    ],
    note: 'API 2.7.0 (2025-02-24, services/pod/ChangeLog.md); absent from the npm SDK'
  },
  {
    name: 'stopPod',
    method: 'POST',
    path: '/pods/{podId}:stopPod',
    query: [],
    body: [],
    result: [],
    sources: [goApi('StopPod'), JS_POD],
    note: 'JS sends {}; Go and Python send {"regionId","podId"}'
  },
  {
    name: 'startPod',
    method: 'POST',
    path: '/pods/{podId}:startPod',
    query: [],
    body: [],
    result: [],
    sources: [goApi('StartPod'), JS_POD],
    note: 'JS sends {}; Go and Python send {"regionId","podId"}'
  },
  {
    name: 'rebuildPod',
    method: 'POST',
    path: '/pods/{podId}:rebuild',
    query: [],
    // Go and Python make containers a required parameter; the JS SDK marks it optional.
    body: [req('containers', listOf(ref('RebuildContainerSpec')), 'the pod must be stopped')],
    result: [],
    sources: [
      goApi('RebuildPod'),
      `${PYTHON_SDK} jdcloud_sdk/services/pod/apis/RebuildPodRequest.py`,
      JS_POD
    ]
  },
  {
    name: 'getContainerLogs',
    method: 'GET',
    path: '/pods/{podId}/containers/{containerName}:getContainerLogs',
    query: [
      queryParam('tailLines', 'integer', false, 'the last N lines'),
      queryParam('sinceSeconds', 'integer', false, 'logs of the last N seconds'),
      queryParam('limitBytes', 'integer', false, '[1-4] KB, at most 4 KB'),
      // The comments call startTime the upper and endTime the lower time bound (sic).
      queryParam('startTime', 'string', false, 'a time bound; absent: unbounded'),
      queryParam('endTime', 'string', false, 'a time bound; absent: unbounded')
    ],
    result: [opt('logs', ref('Logs'))],
    sources: [goApi('GetContainerLogs'), JS_POD]
  },
  {
    name: 'describeContainer',
    method: 'GET',
    path: '/pods/{podId}/containers/{containerName}',
    query: [],
    result: [opt('container', ref('Container'))],
    sources: [goApi('DescribeContainer'), JS_POD]
  },
  {
    name: 'createSecret',
    method: 'POST',
    path: '/secrets',
    query: [],
    body: [
      req('name', 'string', 'unique'),
      req('secretType', 'string', 'only docker-registry'),
      req(
        'data',
        ref('DockerRegistryData'),
        'keys: letters, digits, - _ .; each value base64 without newlines, ≤ 4 KB; all ≤ 256 KB'
      )
    ],
    result: [opt('secretName', 'string')],
    sources: [goApi('CreateSecret'), JS_POD]
  },
  {
    name: 'describeSecrets',
    method: 'GET',
    path: '/secrets',
    query: [pageNumber, pageSize(100)],
    filters: [{ name: 'name', match: 'fuzzy', rule: 'secret name' }],
    result: [opt('secrets', listOf(ref('Secret'))), opt('totalCount', 'integer')],
    sources: [goApi('DescribeSecrets'), JS_POD]
  },
  {
    name: 'describeSecret',
    method: 'GET',
    path: '/secrets/{name}',
    query: [],
    result: [opt('secret', ref('Secret'))],
    sources: [goApi('DescribeSecret'), JS_POD]
  },
  {
    name: 'deleteSecret',
    method: 'DELETE',
    path: '/secrets/{name}',
    query: [],
    result: [],
    sources: [goApi('DeleteSecret'), JS_POD]
  },
  {
    name: 'describeQuota',
    method: 'GET',
    path: '/quotas',
    query: [
      queryParam(
        'resourceType',
        'string',
        true,
        'container, pod, secret, imageCache or podTemplate'
      )
    ],
    result: [opt('quota', ref('Quota'))],
    sources: [goApi('DescribeQuota'), JS_POD]
  }
]
