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
