// The wire contract read from JD Cloud's official SDKs: the validator's verdicts on bodies and
// results as the SDKs send them, the field tree a deploy must carry over, and the tables' own
// consistency (every reference resolves, every row cites its SDK file).
import {
  bodyProblems,
  callTableProblems,
  pathParams,
  queryProblems,
  resultProblems
} from '../../contract/calls.js'
import type { Call } from '../../contract/calls.js'
import { lbCalls, lbModels, validateLb } from '../../contract/lb-api.js'
import { podCalls, podFieldPaths, podModels, validatePod } from '../../contract/pod-api.js'
import {
  fieldPaths,
  listOf,
  mapOfString,
  modelTable,
  modelTableProblems,
  opt,
  ref,
  req,
  validate,
  walkFields
} from '../../contract/schema.js'
import type { Model, ModelTable } from '../../contract/schema.js'

const call = (calls: readonly Call[], name: string): Call => {
  const found = calls.find(candidate => candidate.name === name)
  if (!found) throw new Error(`no call ${name}`)
  return found
}
const rebuildPod = call(podCalls, 'rebuildPod')

const fullContainer = () => ({
  name: 'web',
  image: 'nginx:1.27',
  command: ['nginx'],
  args: ['-g', 'daemon off;'],
  env: [{ name: 'MODE', value: 'prod' }, { name: 'EMPTY' }],
  secret: 'registry-v3',
  tty: false,
  workingDir: '/srv',
  livenessProbe: { exec: { command: ['true'] }, periodSeconds: 10 },
  readinessProbe: {
    initialDelaySeconds: 5,
    timeoutSeconds: 1,
    failureThreshold: 3,
    successThreshold: 1,
    httpGet: {
      scheme: 'HTTPS',
      host: 'localhost',
      port: 8080,
      path: '/ready',
      httpHeader: [{ name: 'X-Probe', value: '1' }]
    }
  },
  volumeMounts: [{ name: 'conf', mountPath: '/etc/app', readOnly: true, subPath: 'app.yml' }]
})

describe('validate', () => {
  it('accepts a rebuild body that uses every field', () => {
    expect(bodyProblems(podModels, rebuildPod, { containers: [fullContainer()] })).toEqual([])
  })

  it('refuses an unknown field deep in a probe and names its path', () => {
    const container = fullContainer()
    container.readinessProbe.httpGet.httpHeader = [{ nmae: 'X', value: '1' } as never]
    expect(bodyProblems(podModels, rebuildPod, { containers: [container] })).toEqual([
      'containers[0].readinessProbe.httpGet.httpHeader[0].nmae: unknown field',
      'containers[0].readinessProbe.httpGet.httpHeader[0].name: required'
    ])
  })

  it('refuses the 2018 name containerName and asks for name', () => {
    const { name, ...rest } = fullContainer()
    expect(
      bodyProblems(podModels, rebuildPod, { containers: [{ ...rest, containerName: name }] })
    ).toEqual(['containers[0].containerName: unknown field', 'containers[0].name: required'])
  })

  it('checks JSON types at every level', () => {
    const container = {
      name: 'web',
      image: 'nginx',
      tty: 'true',
      command: 'nginx',
      env: ['MODE=prod'],
      livenessProbe: { tcpSocket: { port: '80' }, periodSeconds: 2.5 }
    }
    expect(validatePod('RebuildContainerSpec', container, 'containers[0]')).toEqual([
      'containers[0].command: must be a list',
      'containers[0].env[0]: must be an object',
      'containers[0].tty: must be a boolean',
      'containers[0].livenessProbe.periodSeconds: must be an integer',
      'containers[0].livenessProbe.tcpSocket.port: must be an integer'
    ])
  })

  // Go sends nil pointers and nil slices as null (no omitempty), Python sends None as null, and
  // both echo the path parameters in the body: what an official SDK sends must pass.
  it('accepts null for optional fields and path parameters echoed in the body', () => {
    const goBody = {
      regionId: 'cn-north-1',
      podId: 'pod-1',
      containers: [
        {
          ...{ name: 'web', image: 'nginx', command: null, args: null, env: null, secret: null },
          ...{ tty: null, workingDir: null, livenessProbe: null, readinessProbe: null },
          volumeMounts: [{ name: 'conf', mountPath: '/etc/app', readOnly: null, subPath: null }]
        }
      ]
    }
    expect(bodyProblems(podModels, rebuildPod, goBody)).toEqual([])
    expect(bodyProblems(podModels, call(podCalls, 'startPod'), {})).toEqual([])
  })

  it('treats null as missing where a field is required', () => {
    expect(bodyProblems(podModels, rebuildPod, { containers: null })).toEqual([
      'containers: required'
    ])
    expect(validatePod('HgSpec', { port: 80, path: null })).toEqual(['path: required'])
  })

  it('wants an object at the root and no body on a GET', () => {
    expect(validatePod('Pod', [])).toEqual(['(root): must be an object'])
    expect(bodyProblems(podModels, call(podCalls, 'describePod'), {})).toEqual([
      'describePod: takes no body'
    ])
  })

  it('checks maps of strings, numbers and opaque objects', () => {
    const table = modelTable({
      name: 'M',
      source: 'test',
      fields: [opt('labels', mapOfString), opt('ratio', 'number'), opt('raw', 'object')]
    })
    expect(validate(table, 'M', { labels: { a: 'x' }, ratio: 0.5, raw: { any: [1] } })).toEqual([])
    expect(validate(table, 'M', { labels: { a: 1 }, ratio: 'half', raw: 'x' })).toEqual([
      'labels.a: must be a string',
      'ratio: must be a number',
      'raw: must be an object'
    ])
  })

  it('checks results, and lets an empty result be absent', () => {
    const pod = {
      podId: 'pod-1',
      primaryNetworkInterface: { networkInterface: { networkInterfaceId: 'port-1' } },
      containers: [
        {
          name: 'web',
          type: 'initContainer',
          containerStatus: { state: { terminated: { exitCode: 0 } }, ready: false }
        }
      ]
    }
    expect(resultProblems(podModels, call(podCalls, 'describePod'), { pod })).toEqual([])
    expect(resultProblems(podModels, call(podCalls, 'stopPod'), undefined)).toEqual([])
    expect(
      validateLb('TargetHealth', { status: 'unhealthy', unhealthReason: 'CONNECT_FAILED' })
    ).toEqual(['unhealthReason: must be an object'])
  })
})

describe('queryProblems', () => {
  const describePods = call(podCalls, 'describePods')
  const query = (pairs: [string, string][]) => new URLSearchParams(pairs)

  it('accepts filters, tags and paging as the SDKs flatten them', () => {
    const pairs: [string, string][] = [
      ['pageSize', '100'],
      ['filters.1.name', 'podId'],
      ['filters.1.values.1', 'pod-1'],
      ['filters.1.values.2', 'pod-2'],
      ['filters.2.name', 'name'],
      ['filters.2.operator', 'eq'],
      ['filters.2.values.1', 'web'],
      ['tags.1.key', 'team'],
      ['tags.1.values.1', 'a']
    ]
    expect(queryProblems(describePods, query(pairs))).toEqual([])
  })

  it('names unknown parameters, bad integers and undocumented or overfull filters', () => {
    const pairs: [string, string][] = [
      ['pageSize', 'ten'],
      ['filter.1.name', 'podId'],
      ['filters.1.name', 'image'],
      ['filters.1.values.1', 'nginx'],
      ['filters.2.name', 'name'],
      ['filters.2.values.1', 'a'],
      ['filters.2.values.2', 'b'],
      ['filters.3.values.1', 'x']
    ]
    expect(queryProblems(describePods, query(pairs))).toEqual([
      'pageSize: must be an integer',
      'filter.1.name: unknown query parameter',
      'filters.1.name: image is not a documented filter',
      'filters.2.values: name takes one value',
      'filters.3.name: required'
    ])
    expect(queryProblems(call(podCalls, 'describeQuota'), query([]))).toEqual([
      'resourceType: required'
    ])
    expect(queryProblems(call(podCalls, 'describeSecrets'), query([['tags.1.key', 'a']]))).toEqual([
      'tags.1.key: unknown query parameter'
    ])
  })
})

describe('field tree', () => {
  it('lists every RebuildContainerSpec path a deploy must carry over', () => {
    expect(podFieldPaths('RebuildContainerSpec')).toEqual([
      'name',
      'command[]',
      'args[]',
      'env[]',
      'env[].name',
      'env[].value',
      'image',
      'secret',
      'tty',
      'workingDir',
      ...['livenessProbe', 'readinessProbe'].flatMap(probe => [
        probe,
        ...['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds'].map(f => `${probe}.${f}`),
        ...['failureThreshold', 'successThreshold'].map(f => `${probe}.${f}`),
        `${probe}.exec`,
        `${probe}.exec.command[]`,
        `${probe}.httpGet`,
        ...['scheme', 'host', 'port', 'path'].map(f => `${probe}.httpGet.${f}`),
        `${probe}.httpGet.httpHeader[]`,
        `${probe}.httpGet.httpHeader[].name`,
        `${probe}.httpGet.httpHeader[].value`,
        `${probe}.tcpSocket`,
        `${probe}.tcpSocket.port`
      ]),
      'volumeMounts[]',
      ...['name', 'mountPath', 'readOnly', 'subPath'].map(f => `volumeMounts[].${f}`)
    ])
  })

  it('marks leaves and refuses a model that contains itself', () => {
    const leaves: string[] = []
    walkFields(podModels, 'HgSpec', ({ path, isLeaf }) => isLeaf && leaves.push(path))
    expect(leaves).toEqual([
      'scheme',
      'host',
      'port',
      'path',
      'httpHeader[].name',
      'httpHeader[].value'
    ])
    const loop = modelTable({ name: 'Node', source: 'test', fields: [opt('next', ref('Node'))] })
    expect(() => fieldPaths(loop, 'Node')).toThrow('model Node contains itself at next')
  })
})

describe('the tables', () => {
  const services: [string, ModelTable, readonly Call[]][] = [
    ['pod', podModels, podCalls],
    ['lb', lbModels, lbCalls]
  ]

  it.each(services)('%s: every reference resolves and every call is well formed', (_, m, c) => {
    expect(modelTableProblems(m)).toEqual([])
    expect(callTableProblems(m, c)).toEqual([])
  })

  it.each(services)('%s: every model and call cites its file in the Go SDK', (service, m, c) => {
    for (const model of Object.values(m)) {
      expect(model.source).toMatch(
        new RegExp(`^jdcloud-api/jdcloud-sdk-go (services/\\w+/models|core)/${model.name}\\.go$`)
      )
    }
    for (const row of c) {
      expect(row.sources[0]).toMatch(
        new RegExp(`^jdcloud-api/jdcloud-sdk-go services/${service}/apis/\\w+\\.go$`)
      )
    }
  })

  it.each(services)('%s: every model is reached from a call or a query', (_, m, c) => {
    const reached = new Set(['Filter', 'TagFilter', 'ErrorResponse'])
    for (const row of c) {
      for (const field of [...(row.body ?? []), ...row.result]) {
        const top = JSON.stringify(field.type).match(/"model":"(\w+)"/)?.[1]
        if (!top) continue
        reached.add(top)
        walkFields(m, top, ({ field: inner }) => {
          const name = JSON.stringify(inner.type).match(/"model":"(\w+)"/)?.[1]
          if (name) reached.add(name)
        })
      }
    }
    expect(Object.keys(m).filter(name => !reached.has(name))).toEqual([])
  })

  it('holds every call a rollout makes', () => {
    expect(podCalls.map(row => row.name).sort()).toEqual(
      [
        ...['describePod', 'describePods', 'describePodsStatus', 'stopPod', 'startPod'],
        ...['rebuildPod', 'getContainerLogs', 'describeContainer', 'createSecret'],
        ...['describeSecrets', 'describeSecret', 'deleteSecret', 'describeQuota']
      ].sort()
    )
    expect(lbCalls.map(row => row.name).sort()).toEqual(
      [
        ...['describeTargetGroups', 'describeTargets', 'registerTargets', 'deRegisterTargets'],
        ...['updateTargets', 'describeBackends', 'describeTargetHealth']
      ].sort()
    )
    expect(pathParams(rebuildPod)).toEqual(['regionId', 'podId'])
  })

  it('refuses a model defined twice and reports a dangling reference', () => {
    const model: Model = { name: 'A', source: 'test', fields: [req('b', listOf(ref('B')))] }
    expect(() => modelTable(model, model)).toThrow('model A is defined twice')
    expect(modelTableProblems(modelTable(model))).toEqual(['A.b: refers to unknown model B'])
  })
})
