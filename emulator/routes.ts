/**
 * Request line → API name and path parameters, for the pod and the lb services. Segments are
 * matched decoded, so an action path may come with a literal `:` or as `%3A` (the official SDK's
 * way) in any case of hex.
 */
import type { ApiName, LbApiName, PodApiName } from './types.js'

export interface Route<A extends ApiName = ApiName> {
  api: A
  region: string
  podId?: string
  containerName?: string
  secretName?: string
  targetGroupId?: string
  backendId?: string
}

type Found<A extends ApiName> = Omit<Route<A>, 'region'> | undefined

type Method = 'GET' | 'POST' | 'DELETE'

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/** Splits `name:action`; action is undefined when there is no `:`. */
function splitAction(segment: string): [string, string | undefined] {
  const colon = segment.lastIndexOf(':')
  return colon === -1 ? [segment, undefined] : [segment.slice(0, colon), segment.slice(colon + 1)]
}

const POD_ACTIONS: Record<string, PodApiName> = {
  stopPod: 'stopPod',
  startPod: 'startPod',
  rebuild: 'rebuildPod'
}

export function matchPodRoute(method: string, rawPath: string): Route<PodApiName> | undefined {
  return matchBelowRegion(method, rawPath, matchPodResource)
}

export function matchLbRoute(method: string, rawPath: string): Route<LbApiName> | undefined {
  return matchBelowRegion(method, rawPath, matchLbResource)
}

function matchBelowRegion<A extends ApiName>(
  method: string,
  rawPath: string,
  matchResource: (method: Method, rest: string[]) => Found<A>
): Route<A> | undefined {
  const decoded = rawPath.split('/').map(decodeSegment)
  if (decoded.some(segment => segment === undefined)) return undefined
  const [empty, version, regions, region, ...rest] = decoded as string[]
  if (empty !== '' || version !== 'v1' || regions !== 'regions' || !region) return undefined
  const found = matchResource(method as Method, rest)
  return found && { ...found, region }
}

function matchPodResource(method: Method, rest: string[]): Found<PodApiName> {
  const [collection, id, sub, subId, ...extra] = rest
  if (extra.length > 0 || id === '' || subId === '') return undefined
  if (collection === 'pods') {
    if (id === undefined) return method === 'GET' ? { api: 'describePods' } : undefined
    if (sub === undefined) {
      const [podId, action] = splitAction(id)
      if (action === undefined) return method === 'GET' ? { api: 'describePod', podId } : undefined
      // Own keys only: `pod-a:toString` names no call.
      const api = Object.hasOwn(POD_ACTIONS, action) ? POD_ACTIONS[action] : undefined
      return api && method === 'POST' ? { api, podId } : undefined
    }
    if (sub !== 'containers' || subId === undefined) return undefined
    const [containerName, action] = splitAction(subId)
    if (method !== 'GET') return undefined
    if (action === undefined) return { api: 'describeContainer', podId: id, containerName }
    return action === 'getContainerLogs'
      ? { api: 'getContainerLogs', podId: id, containerName }
      : undefined
  }
  if (sub !== undefined) return undefined
  if (collection === 'secrets') {
    if (id === undefined)
      return method === 'GET'
        ? { api: 'describeSecrets' }
        : method === 'POST'
          ? { api: 'createSecret' }
          : undefined
    if (method === 'GET') return { api: 'describeSecret', secretName: id }
    if (method === 'DELETE') return { api: 'deleteSecret', secretName: id }
    return undefined
  }
  if (collection === 'quotas' && id === undefined && method === 'GET')
    return { api: 'describeQuota' }
  return undefined
}

const TARGET_GROUP_ACTIONS: Record<string, [Method, LbApiName]> = {
  describeTargets: ['GET', 'describeTargets'],
  registerTargets: ['POST', 'registerTargets'],
  deregisterTargets: ['POST', 'deRegisterTargets'],
  updateTargets: ['POST', 'updateTargets']
}

/** The SDKs write both collections with a trailing slash; without it no call answers. */
function matchLbResource(method: Method, rest: string[]): Found<LbApiName> {
  const [collection, id, sub, ...extra] = rest
  if (extra.length > 0 || id === undefined) return undefined
  if (collection === 'targetGroups' && sub === undefined) {
    if (id === '') return method === 'GET' ? { api: 'describeTargetGroups' } : undefined
    const [targetGroupId, action] = splitAction(id)
    const known =
      action !== undefined && Object.hasOwn(TARGET_GROUP_ACTIONS, action)
        ? TARGET_GROUP_ACTIONS[action]
        : undefined
    return known && known[0] === method && targetGroupId !== ''
      ? { api: known[1], targetGroupId }
      : undefined
  }
  if (collection !== 'backends' || method !== 'GET') return undefined
  if (id === '' && sub === undefined) return { api: 'describeBackends' }
  return id !== '' && sub === 'health' ? { api: 'describeTargetHealth', backendId: id } : undefined
}
