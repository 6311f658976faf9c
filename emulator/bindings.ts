// The services the emulator serves, each bound to its contract, routes and handlers.
import { podCalls, podModels } from '../contract/pod-api.js'
import { matchPodRoute } from './routes.js'
import type { ServiceBinding } from './service.js'
import type { PodApiName } from './types.js'
import type { World } from './world.js'

export function podBinding(world: World): ServiceBinding<PodApiName> {
  return {
    name: 'pod',
    contract: { models: podModels, calls: podCalls },
    route: matchPodRoute,
    handle: request => world.handle(request),
    annotate(call, body) {
      const name = (body as { name?: unknown } | undefined)?.name
      if (call.api === 'createSecret' && typeof name === 'string') call.secretName = name
    }
  }
}
