// Text made safe to echo: into log lines, error messages and the job summary.

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

/**
 * Line breaks folded to single spaces: one line of a log, a table cell, a message. Linear on any
 * input: the regex this once was (white space, line breaks, white space) backtracks over every run
 * of white space with no line break in it, quadratic: minutes for 400 kB of spaces.
 */
export function oneLine(text: string): string {
  let out = ''
  for (const line of text.split(/[\r\n]/)) {
    const trimmed = line.trim()
    if (trimmed !== '') out = out === '' ? trimmed : `${out} ${trimmed}`
  }
  return out
}

/** What a cut text ends with. Redaction (redaction.ts) also hides a secret's start left before it. */
export const CUT_MARK = '…'

/**
 * Text from outside (an API message, a container's log, a probed body) cut to `max` characters
 * before anything else reads it, so no later step does work in proportion to what a server sent.
 * A surrogate pair is never split.
 */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text
  const end = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max
  return `${text.slice(0, end)}${CUT_MARK}`
}

/** 90000 → `90s`, 3600000 → `1h`: a duration as a person writes it. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}
