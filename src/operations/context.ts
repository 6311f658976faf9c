import type { SecretClient } from '../jdcloud/secret-client.js'
import type { RunReport } from '../report/model.js'
import type { RolloutContext } from '../rollout/context.js'

export interface OperationContext extends RolloutContext {
  secrets: SecretClient
  region: string
}

/** What an operation decides; main.ts adds timing, request ids and the operation's name. */
export type OperationOutcome = Pick<RunReport, 'result' | 'pods' | 'error' | 'notes' | 'secret'>
