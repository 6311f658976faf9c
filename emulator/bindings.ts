// The two services the emulator serves, each bound to its contract, routes and handlers.
import { lbCalls, lbModels } from '../contract/lb-api.js'
import { podCalls, podModels } from '../contract/pod-api.js'
import type { LoadBalancing } from './lb.js'
import { handleLb } from './lb-handlers.js'
import { matchLbRoute, matchPodRoute } from './routes.js'
import type { ServiceBinding } from './service.js'
import type { LbApiName, PodApiName } from './types.js'
import type { PodRegion } from './pod-region.js'

export function podBinding(podRegion: PodRegion): ServiceBinding<PodApiName> {
  return {
    name: 'pod',
    contract: { models: podModels, calls: podCalls },
    route: matchPodRoute,
    handle: request => podRegion.handle(request),
    annotate(call, body) {
      const name = (body as { name?: unknown } | undefined)?.name
      if (call.api === 'createSecret' && typeof name === 'string') call.secretName = name
    }
  }
}

export function lbBinding(lb: LoadBalancing): ServiceBinding<LbApiName> {
  return {
    name: 'lb',
    contract: { models: lbModels, calls: lbCalls },
    route: matchLbRoute,
    handle: request => handleLb(lb, request)
  }
}
