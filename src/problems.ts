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

/**
 * A user's value made safe to echo: quoted, control characters escaped, long values cut.
 * Echoed values go into log lines, so a newline must never survive (it could start a
 * workflow command such as ::set-output).
 */
export function quote(value: unknown, max = 80): string {
  if (value === undefined) return '(nothing)'
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  const cut = text.length > max ? `${text.slice(0, max)}…` : text
  return escapeControl(JSON.stringify(cut))
}

/** Control and line-separator characters as \uXXXX escapes, so none reaches a log line raw. */
export function escapeControl(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}
