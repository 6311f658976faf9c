// What every seed check needs: an error naming the field, and readers of JSON shapes.

export class SeedError extends Error {
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`)
    this.name = 'SeedError'
  }
}

export function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SeedError(path, 'must be an object')
  return value as Record<string, unknown>
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new SeedError(path, 'must be a list')
  return value
}

export function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '')
    throw new SeedError(path, 'must be a non-empty string')
  return value
}

/** An optional integer within [min, max]. */
export function optionalInteger(
  value: unknown,
  path: string,
  min: number,
  max: number
): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new SeedError(path, `must be an integer from ${min} to ${max}`)
  return value
}

/** An optional non-empty string. */
export function optionalText(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : text(value, path)
}
