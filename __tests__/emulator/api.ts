// Signed calls to the emulator by API name, for the emulator's own tests.
import type { PodEmulator, RebuildContainerSpec } from '../../emulator/index.js'
import { signed } from '../../__fixtures__/signed-request.js'
import type { Reply } from '../../__fixtures__/signed-request.js'

type Query = Array<[string, string | number]>

export function podApi(emu: PodEmulator) {
  return {
    describePod: (podId: string): Promise<Reply> => signed(emu, 'GET', `/pods/${podId}`),
    describePods: (query: Query = []): Promise<Reply> => signed(emu, 'GET', '/pods', { query }),
    stopPod: (podId: string): Promise<Reply> =>
      signed(emu, 'POST', `/pods/${podId}:stopPod`, { body: {} }),
    startPod: (podId: string): Promise<Reply> =>
      signed(emu, 'POST', `/pods/${podId}:startPod`, { body: {} }),
    rebuildPod: (podId: string, containers: Array<Partial<RebuildContainerSpec>>): Promise<Reply> =>
      signed(emu, 'POST', `/pods/${podId}:rebuild`, { body: { containers } }),
    describeContainer: (podId: string, name: string): Promise<Reply> =>
      signed(emu, 'GET', `/pods/${podId}/containers/${name}`),
    getContainerLogs: (podId: string, name: string, query: Query = []): Promise<Reply> =>
      signed(emu, 'GET', `/pods/${podId}/containers/${name}:getContainerLogs`, { query }),
    createSecret: (body: unknown): Promise<Reply> => signed(emu, 'POST', '/secrets', { body }),
    describeSecrets: (query: Query = []): Promise<Reply> =>
      signed(emu, 'GET', '/secrets', { query }),
    describeSecret: (name: string): Promise<Reply> => signed(emu, 'GET', `/secrets/${name}`),
    deleteSecret: (name: string): Promise<Reply> => signed(emu, 'DELETE', `/secrets/${name}`),
    describeQuota: (resourceType: string): Promise<Reply> =>
      signed(emu, 'GET', '/quotas', { query: [['resourceType', resourceType]] })
  }
}

/** A JD Cloud error envelope with this HTTP status and error.status. */
export function apiError(code: number, status: string, message: RegExp | string = /.*/) {
  return {
    requestId: expect.any(String),
    error: {
      code,
      status,
      message: typeof message === 'string' ? message : expect.stringMatching(message)
    }
  }
}

export const base64 = (value: string): string => Buffer.from(value).toString('base64')

/** A valid createSecret body. */
export function secretBody(
  name: string,
  login: { server?: string; username?: string; password?: string } = {}
) {
  return {
    name,
    secretType: 'docker-registry',
    data: {
      server: base64(login.server ?? 'registry.example.com'),
      username: base64(login.username ?? 'deployer'),
      password: base64(login.password ?? 's3cret')
    }
  }
}

/** Signed calls to the emulator's lb API (service `lb` in the credential scope). */
export function lbApi(emu: PodEmulator) {
  const target = {
    url: emu.lbUrl,
    region: emu.region,
    credentials: emu.credentials,
    clock: emu.clock
  }
  const lb = (method: string, path: string, options: { query?: Query; body?: unknown } = {}) =>
    signed(target, method, path, { ...options, service: 'lb' })
  return {
    describeTargetGroups: (query: Query = []): Promise<Reply> =>
      lb('GET', '/targetGroups/', { query }),
    describeTargets: (targetGroupId: string, query: Query = []): Promise<Reply> =>
      lb('GET', `/targetGroups/${targetGroupId}:describeTargets`, { query }),
    registerTargets: (targetGroupId: string, targetSpecs: unknown[]): Promise<Reply> =>
      lb('POST', `/targetGroups/${targetGroupId}:registerTargets`, { body: { targetSpecs } }),
    deRegisterTargets: (targetGroupId: string, targetIds: string[]): Promise<Reply> =>
      lb('POST', `/targetGroups/${targetGroupId}:deregisterTargets`, { body: { targetIds } }),
    updateTargets: (targetGroupId: string, targetUpdateSpecs: unknown[]): Promise<Reply> =>
      lb('POST', `/targetGroups/${targetGroupId}:updateTargets`, { body: { targetUpdateSpecs } }),
    describeBackends: (query: Query = []): Promise<Reply> => lb('GET', '/backends/', { query }),
    describeTargetHealth: (backendId: string, query: Query = []): Promise<Reply> =>
      lb('GET', `/backends/${backendId}/health`, { query })
  }
}

/** `filters.N.name` / `filters.N.values.M` query pairs, as the SDKs flatten them. */
export function filters(...list: Array<[string, ...string[]]>): Query {
  return list.flatMap(([name, ...values], i): Query => [
    [`filters.${i + 1}.name`, name],
    ...values.map((value, j): [string, string] => [`filters.${i + 1}.values.${j + 1}`, value])
  ])
}
