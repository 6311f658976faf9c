// The small rules every part of a container spec is checked with: known keys, string lists,
// absolute paths, whole numbers in a range. Each adds a problem that names the field.
import { closest } from '../suggest.js'
import type { Problems } from '../problems.js'
import { quote } from '../text.js'

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The same JSON data: equal primitives, arrays item by item, objects key by key in any order.
 * Not util.isDeepStrictEqual: that also compares prototypes, which differ across realms.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameData(item, b[index]))
    )
  if (!isPlainObject(a) || !isPlainObject(b)) return false
  const keys = Object.keys(a).filter(key => a[key] !== undefined)
  return (
    keys.length === Object.keys(b).filter(key => b[key] !== undefined).length &&
    keys.every(key => sameData(a[key], b[key]))
  )
}

/** Own keys only: a `__proto__` key in the input is reported as unknown, never followed. */
export function checkKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  problems: Problems,
  /** Keys that are not allowed for a reason worth saying (`resources`: a rebuild keeps them). */
  explained: ReadonlyMap<string, string> = new Map()
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue
    const reason = explained.get(key)
    const guess = closest(key, allowed)
    problems.add(
      `${path}.${key}`,
      reason ??
        `unknown field${guess ? ` (did you mean ${guess}?)` : `; allowed: ${allowed.join(', ')}`}`
    )
  }
}

export function checkStringList(
  value: unknown,
  path: string,
  problems: Problems,
  maxTotal: number,
  what: string
): value is string[] {
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
    problems.add(path, `must be a list of strings (${what})`)
    return false
  }
  const total = (value as string[]).reduce((sum, item) => sum + item.length, 0)
  if (total > maxTotal) {
    problems.add(path, `is ${total} characters in all; the limit is ${maxTotal}`)
    return false
  }
  return true
}

export function checkAbsolutePath(
  value: unknown,
  path: string,
  problems: Problems,
  allowRoot: boolean
): boolean {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 1024) {
    problems.add(path, `${quote(value)} must be an absolute path of 1 to 1024 characters`)
    return false
  }
  if (!allowRoot && value === '/') {
    problems.add(path, 'must not be /')
    return false
  }
  if (/[\u0000-\u001f]/.test(value)) {
    problems.add(path, 'must not contain control characters')
    return false
  }
  return true
}

export function checkIntegerIn(
  value: unknown,
  path: string,
  problems: Problems,
  min: number,
  max: number
): boolean {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.add(path, `${quote(value)} must be a whole number from ${min} to ${max}`)
    return false
  }
  return true
}
