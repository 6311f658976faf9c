import type { RequestLedger } from '../report/ledger.js'
import type { RunReport } from '../report/model.js'
import type { RolloutContext } from '../rollout/pod-actions.js'
import type { Settings } from '../inputs/settings.js'

export interface OperationContext extends RolloutContext {
  settings: Settings
  ledger: RequestLedger
}

/** What an operation decides; main.ts adds timing, request ids and the operation's name. */
export type OperationOutcome = Pick<RunReport, 'result' | 'pods' | 'error' | 'notes' | 'secret'>
