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

/**
 * Text inside a ```mermaid block (a pod name as a timeline section): Markdown does not reach in
 * there, but mermaid's own syntax does (`:`, `;`, `#`, `%%`, a fence of backticks), so only
 * letters, digits and a few plain marks are kept, and the length capped.
 */
export function mermaidText(text: string, max = 40): string {
  const plain = oneLine(text)
    .replace(/[^\p{L}\p{N} ._()/-]/gu, '_')
    .trim()
  return (plain.length > max ? `${plain.slice(0, max - 1)}…` : plain) || '_'
}
