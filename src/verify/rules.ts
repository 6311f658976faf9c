/**
 * What a passing answer is: verify-status (codes and ranges) and verify-body (text or /regex/),
 * judged and described. (They are read from the inputs by inputs/verify-input.ts.) Pure.
 */
import { escapeControl, quote } from '../text.js'
import type { BodyPattern } from './body-pattern.js'

/** A text to contain, or a pattern (RE2: linear time, see body-pattern.ts) to match. */
export type BodyRule = { text: string } | { regex: BodyPattern; source: string }

export function statusPasses(status: number, statuses: ReadonlyArray<[number, number]>): boolean {
  return statuses.some(([low, high]) => status >= low && status <= high)
}

export function bodyPasses(text: string, rule: BodyRule): boolean {
  return 'text' in rule ? text.includes(rule.text) : rule.regex.test(text)
}

/** `200-299`, `200, 204, 300-302`. */
export function describeStatuses(statuses: ReadonlyArray<[number, number]>): string {
  return statuses.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(', ')
}

/** `contain "ok"` or `match /v1\.2/i`, safe for a log line. */
export function describeBody(rule: BodyRule): string {
  return 'text' in rule ? `contain ${quote(rule.text, 200)}` : `match ${escapeControl(rule.source)}`
}
