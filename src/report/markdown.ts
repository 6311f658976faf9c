/**
 * Escaping for the job summary: every value from a pod, a log, an answer or an input goes through
 * here, once, after it was redacted (redaction.ts) and before it meets Markdown.
 *
 * Two promises shape it. Text stays text: nothing in it can open a block (heading, list, rule,
 * fence, table, quote, HTML) or break a table cell. And escaping never hides a secret from the
 * runner's masker, which matches a registered value raw or in its XML-escaped form
 * (`SecurityElement.Escape`) but not as numeric entities (`JDC&#95;AK…`): so `&<>"'` become
 * exactly those XML entities, Markdown's own characters are backslash-escaped only where they
 * could mean something, and the characters tokens are made of (letters, digits, `-._~+/=:` and
 * `_` inside a word, where Markdown gives it no meaning) are left alone.
 */
import { xmlEscape } from '../redaction.js'
import { capText, oneLine } from '../text.js'

/** A cell or a list item is one line of a page: past this, it is cut before anything reads it. */
export const MAX_INLINE_CHARS = 4000

/** For HTML blocks (`<pre>`): inside one, Markdown is off and only `&<>"'` mean anything. */
export function escapeHtml(text: string): string {
  return xmlEscape(text)
}

/**
 * One line inside an HTML block (a `<details><summary>` line): Markdown is off there, so a
 * backslash would show; only `&<>"'` mean anything, and they become the entities the masker reads.
 */
export function htmlLine(text: string): string {
  return xmlEscape(oneLine(capText(text, MAX_INLINE_CHARS)))
}

/** One line of text, fit for a table cell, a list item or a paragraph of its own. */
export function cell(text: string): string {
  return escapeInline(oneLine(capText(text, MAX_INLINE_CHARS)))
}

/**
 * One line made inert for Markdown: inline syntax (code, emphasis, strikethrough, links, cell
 * breaks, escapes) backslash-escaped, HTML escaped, and a block start at its beginning escaped.
 */
export function escapeInline(line: string): string {
  const escaped = xmlEscape(
    line.replace(/[\\`*~[\]|]/g, char => `\\${char}`).replace(/_+/g, wordEdgeUnderscores)
  )
  return escapeBlockStart(escaped)
}

/** `_` inside a word (`JDC_AK_1`, `ghp_x`) is never emphasis in CommonMark: only a run at an edge is escaped. */
function wordEdgeUnderscores(run: string, offset: number, whole: string): string {
  const inWord = isWordChar(whole[offset - 1]) && isWordChar(whole[offset + run.length])
  return inWord ? run : run.replaceAll('_', '\\_')
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /^[\p{L}\p{N}]$/u.test(char)
}

/**
 * What could still open a block at the start of a line (or right after a list marker) once the
 * inline characters are escaped: `#` (heading), `-` `+` (list, rule), `=` (setext underline),
 * `1.` `1)` (ordered list) — each only where CommonMark would read it so (followed by a space or
 * the end), so `1.4.2` and `-x` stay as written. `*`, `_`, `` ` ``, `~`, `|`, `>` and `<` are
 * escaped everywhere already.
 */
function escapeBlockStart(line: string): string {
  const start = /^(\d{1,9})([.)])(?=\s|$)/.exec(line)
  if (start) return `${start[1]}\\${line.slice((start[1] as string).length)}`
  return /^(?:#{1,6}|[+-])(?:\s|$)|^=+\s*$|^-[-\s]*$/.test(line) ? `\\${line}` : line
}

/** Inside `code` spans Markdown does not unescape entities: strip what would break the span or the table. */
export function escapeCode(text: string): string {
  return oneLine(capText(text, MAX_INLINE_CHARS)).replace(/[`|<>]/g, '?')
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
