/**
 * What a passing answer is: verify-status (codes and ranges) and verify-body (text or /regex/).
 * Parsing, judging and describing each rule live together here. Pure.
 */
import { parseList } from '../inputs/parse.js'
import { escapeControl, quote } from '../inputs/problems.js'
import type { Problems } from '../inputs/problems.js'

export type BodyRule = { text: string } | { regex: RegExp; source: string }

const MAX_STATUS_ENTRIES = 50
const MAX_BODY = 1000
const ALLOWED_FLAGS = 'imsu'

const RANGE_RULE = 'is not a range low-high of HTTP status codes (100-599)'

export function readStatuses(raw: string, problems: Problems): Array<[number, number]> | undefined {
  const entries = parseList(raw)
  if (entries.length > MAX_STATUS_ENTRIES) {
    problems.add('verify-status', `has more than ${MAX_STATUS_ENTRIES} entries`)
    return undefined
  }
  if (entries.length === 0) {
    problems.add('verify-status', 'has no status code: use e.g. 200-299')
    return undefined
  }
  const ranges: Array<[number, number]> = []
  const isCode = (code: number): boolean => code >= 100 && code <= 599
  for (const entry of entries) {
    const single = /^\d{1,4}$/.test(entry) ? Number(entry) : undefined
    const range = /^(\d{1,4})\s*-\s*(\d{1,4})$/.exec(entry)
    if (single !== undefined) {
      if (isCode(single)) ranges.push([single, single])
      else problems.add('verify-status', `${quote(entry)} is not an HTTP status code (100-599)`)
    } else if (range) {
      const low = Number(range[1])
      const high = Number(range[2])
      if (isCode(low) && isCode(high) && low <= high) ranges.push([low, high])
      else problems.add('verify-status', `${quote(entry)} ${RANGE_RULE}`)
    } else {
      problems.add(
        'verify-status',
        `${quote(entry)} is not an HTTP status code or a range such as 200-299`
      )
    }
  }
  return ranges.length === entries.length ? ranges : undefined
}

/** undefined: no body rule; null: a problem was added. */
export function readBody(raw: string, problems: Problems): BodyRule | undefined | null {
  if (raw === '') return undefined
  if (raw.length > MAX_BODY) {
    problems.add('verify-body', `is longer than ${MAX_BODY} characters`)
    return null
  }
  const literal = /^\/(.+)\/([A-Za-z]*)$/s.exec(raw)
  if (!literal) return { text: raw }
  const [, pattern, flags] = literal as unknown as [string, string, string]
  const bad = [...flags].find(flag => !ALLOWED_FLAGS.includes(flag))
  if (bad !== undefined) {
    problems.add(
      'verify-body',
      `${quote(raw)}: flag ${quote(bad)} is not allowed: use i, m, s or u`
    )
    return null
  }
  try {
    return { regex: new RegExp(pattern, flags), source: raw }
  } catch (error) {
    const why = (error as Error).message.replace(/^.*: /s, '')
    problems.add('verify-body', `${quote(raw)} is not a valid regular expression: ${why}`)
    return null
  }
}

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
