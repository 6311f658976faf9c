/**
 * The run's JD Cloud clients, all on signed transports that share one budget per call (the run's
 * `timeout`) and report every call to the request ledger and the debug log: the pod service (pods,
 * secrets), and — when the pods serve behind load balancers — the lb service with its health sweeps.
 */
import type { Clock } from './clock.js'
import type { Connection } from './inputs/settings.js'
import type { CallEvent } from './jdcloud/call.js'
import { LbClient } from './jdcloud/lb-client.js'
import type { TargetHealth } from './jdcloud/lb-types.js'
import { PodClient, podTransport } from './jdcloud/pod-client.js'
import type { RetryPolicy } from './jdcloud/retry.js'
import { SecretClient } from './jdcloud/secret-client.js'
import type { BalancerContext } from './rollout/balancer.js'
import { Sweeper } from './rollout/sweeper.js'
import type { SweeperOptions } from './rollout/sweeper.js'

export interface ClientOptions {
  clock: Clock
  retry?: Partial<RetryPolicy>
  requestTimeoutMs?: number
  callBudgetMs: number
  onCall: (event: CallEvent) => void
  onSensitiveValue: (value: string) => void
}

export interface Clients {
  pods: PodClient
  secrets: SecretClient
  lb?: LbClient
  /** Closes every transport, cutting off what is still stuck after `boundMs`. */
  close(boundMs: number): Promise<void>
}

export function makeClients(
  connection: Connection,
  lbEndpoint: URL | undefined,
  options: ClientOptions
): Clients {
  const { onSensitiveValue, ...shared } = options
  const common = { ...shared, region: connection.region, credentials: connection.credentials }
  const transport = podTransport({ ...common, endpoint: connection.endpoint })
  const lb = lbEndpoint ? new LbClient({ ...common, endpoint: lbEndpoint }) : undefined
  return {
    pods: new PodClient(transport),
    secrets: new SecretClient(transport, { onSensitiveValue }),
    ...(lb ? { lb } : {}),
    close: async boundMs => {
      await Promise.all([transport.close(boundMs), lb?.close(boundMs)])
    }
  }
}

/** The balancer's context: its client, and one describeTargetHealth per backend per sweep. */
export function balancerContext(
  lb: LbClient,
  base: Omit<BalancerContext, 'lb' | 'health'>,
  sweeps: SweeperOptions
): BalancerContext {
  const health = new Sweeper<string, TargetHealth[]>(
    async (backends, callOptions) => {
      const seen = new Map<string, TargetHealth[] | Error>()
      await Promise.all(
        backends.map(async backend =>
          seen.set(
            backend,
            await lb.describeTargetHealth(backend, callOptions).catch((error: Error) => error)
          )
        )
      )
      return seen
    },
    backends => backends.length,
    base.clock,
    sweeps
  )
  return { ...base, lb, health }
}
