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
