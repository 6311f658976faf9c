// One request (or answer) held against the call tables: which row it is, and what in it the
// official SDKs' definitions do not allow. The emulator refuses what this finds, so a wrong wire
// name fails a test instead of a user; test stand-ins use it to check what the client sends.
import type { Call } from './calls.js'
import { bodyProblems, queryProblems, resultProblems } from './calls.js'
import type { ModelTable } from './schema.js'

export interface Service {
  models: ModelTable
  calls: readonly Call[]
}

export interface WireRequest {
  method: string
  /** Below `/v1/regions/{regionId}`, decoded (`/pods/pod-a:rebuild`). */
  path: string
  /** The raw query string, without `?`. */
  query: string
  /** The body as received: '' when there is none. */
  body: string
}

/** The call row whose method and path template match, with its path parameters. */
export function matchCall(
  service: Service,
  method: string,
  path: string
): { call: Call; params: Record<string, string> } | undefined {
  for (const call of service.calls) {
    if (call.method !== method.toUpperCase()) continue
    const params = matchPath(call.path, path)
    if (params) return { call, params }
  }
  return undefined
}

/** What in the request the call's row does not allow; [] when it conforms. */
export function requestProblems(service: Service, request: WireRequest): string[] {
  const found = matchCall(service, request.method, request.path)
  if (!found) return [`${request.method} ${request.path}: no call of the API has this path`]
  const { call } = found
  const problems = queryProblems(call, new URLSearchParams(request.query))
  if (call.body === undefined) {
    if (request.body !== '') problems.push(`${call.name}: takes no body`)
    return problems
  }
  let body: unknown
  try {
    body = request.body === '' ? undefined : JSON.parse(request.body)
  } catch {
    return [...problems, `${call.name}: the body is not JSON`]
  }
  return [...problems, ...bodyProblems(service.models, call, body ?? {})]
}

/** What in an answer's `result` the call's row does not allow. */
export function answerProblems(service: Service, callName: string, result: unknown): string[] {
  const call = service.calls.find(candidate => candidate.name === callName)
  if (!call) return [`${callName}: not in the table`]
  return resultProblems(service.models, call, result)
}

/** `{podId}` matches one segment part without `/`; `:action` suffixes match literally. */
function matchPath(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = []
  const pattern = template
    .split(/(\{\w+\})/)
    .map(part => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1]
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(name)
      return '([^/:]+)'
    })
    .join('')
  const match = new RegExp(`^${pattern}$`).exec(path)
  if (!match) return undefined
  return Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? '']))
}
