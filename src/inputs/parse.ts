// Parsers for the scalar inputs: each returns the value or adds a problem naming the rule.
import type { Problems } from '../problems.js'
import { formatDuration, quote } from '../text.js'

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

// Each parser returns a value of its type; when the input breaks a rule it records the problem and
// returns a placeholder, which is never used: a recorded problem ends the read before any call.

/**
 * `90s`, `10m`, `1h`, `1h30m`, `500ms` or a plain number of seconds → milliseconds.
 */
export function parseDuration(
  name: string,
  raw: string,
  problems: Problems,
  bounds: { minMs: number; maxMs: number }
): number {
  const text = raw.trim()
  let ms: number | undefined
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000
  else if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) {
    ms = 0
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
      ms += Number(amount) * (UNITS[unit as string] ?? 0)
  }
  if (ms === undefined) {
    problems.add(name, `${quote(raw)} is not a duration: use 90s, 10m, 1h or a number of seconds`)
    return bounds.minMs
  }
  if (ms < bounds.minMs || ms > bounds.maxMs) {
    problems.add(
      name,
      `must be from ${formatDuration(bounds.minMs)} to ${formatDuration(bounds.maxMs)}`
    )
    return bounds.minMs
  }
  return Math.round(ms)
}

/** YAML 1.2 core booleans, as @actions/core's getBooleanInput takes them. */
export function parseBoolean(name: string, raw: string, problems: Problems): boolean {
  const text = raw.trim()
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  problems.add(name, `${quote(raw)} is not a boolean: use true or false`)
  return false
}

export function parseInteger(
  name: string,
  raw: string,
  problems: Problems,
  bounds: { min: number; max: number }
): number {
  const text = raw.trim()
  const value = /^-?\d+$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(value) || value < bounds.min || value > bounds.max) {
    problems.add(name, `${quote(raw)} must be a whole number from ${bounds.min} to ${bounds.max}`)
    return bounds.min
  }
  return value
}

/** Splits on newlines and commas, trims, drops empty entries. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map(entry => entry.trim())
    .filter(entry => entry !== '')
}

/** True when the text has a control character (other than tab) that has no place in a value. */
export function hasControlCharacters(text: string): boolean {
  return /[\u0000-\u0008\u000a-\u001f\u007f]/.test(text)
}

/**
 * True when the text has a control character, tab included: for URLs, which the URL parser would
 * otherwise take with a tab or newline silently dropped.
 */
export function hasAnyControlCharacter(text: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(text)
}

/** True when the text is one word: no white space, no control character (tokens, keys). */
export function isSingleWord(text: string): boolean {
  return !/\s/.test(text) && !hasAnyControlCharacter(text)
}
