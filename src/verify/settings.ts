/** The verification gate's settings, as inputs/verify-input.ts reads them from the inputs. */
import type { BodyRule } from './rules.js'

export interface VerifySettings {
  /** verify-url as given, placeholders intact. Show it only through maskTemplate/displayUrlFor. */
  url: string
  /** The URL has a placeholder: one check per pod of the batch, else one per batch. */
  perPod: boolean
  /** Inclusive ranges of status codes that pass. */
  statuses: Array<[number, number]>
  body?: BodyRule
  /** How long the check must keep passing; 0: one passing answer. */
  forMs: number
  intervalMs: number
  /** Extra request headers, in order; the values are secrets. */
  headers: Array<[string, string]>
  /** Every value never to be shown (header values, the URL's password, secret query values). */
  secrets: string[]
}

export const VERIFY_DEFAULTS = {
  status: '200-299',
  for: '30s',
  interval: '5s'
} as const
