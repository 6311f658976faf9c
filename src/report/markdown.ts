/** Escaping for the job summary: every value from a pod, a log, an answer or an input goes through here. */
import { oneLine } from '../text.js'

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`|\\*_[\]]/g, char => `&#${char.charCodeAt(0)};`)
}

/** One line of text, fit for a table cell or a list item. */
export function cell(text: string): string {
  return escapeHtml(oneLine(text))
}

/** Inside `code` spans Markdown does not unescape entities: strip what would break the span or the table. */
export function escapeCode(text: string): string {
  return oneLine(text).replace(/[`|<>]/g, '?')
}
