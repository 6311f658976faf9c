/**
 * Collects every problem with the inputs before anything is called, so one run tells the user
 * all that is wrong. Each problem names its field path and the rule it breaks.
 */
export class Problems {
  private readonly list: string[] = []

  add(path: string, rule: string): void {
    this.list.push(`${path}: ${rule}`)
  }

  get count(): number {
    return this.list.length
  }

  get messages(): readonly string[] {
    return this.list
  }

  /** Throws an InputError listing every problem, if there is any. */
  throwIfAny(): void {
    if (this.list.length > 0) throw new InputError(this.list)
  }
}

export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Invalid input: ${problems[0]}`
        : `Invalid inputs:\n${problems.map(problem => `  - ${problem}`).join('\n')}`
    )
    this.name = 'InputError'
  }
}
