/**
 * Where in a YAML or JSON text a problem is: the line and column of a syntax error, and the line
 * of a field named by its problem path (`containers[0].readinessProbe.periodSeconds`), so that a
 * person can find it in a long list.
 */
import { isMap, isScalar, isSeq, YAMLError } from 'yaml'
import type { Document, ErrorCode, LineCounter, Node } from 'yaml'

/** `line 3, column 9: ` for a YAML error, or nothing when the error has no position (aliases). */
export function syntaxLocation(error: unknown, lines: LineCounter): string {
  if (!(error instanceof YAMLError)) return ''
  const { line, col } = lines.linePos(error.pos[0])
  return `line ${line}, column ${col}: `
}

/** What a YAML syntax error means, said for a person writing container specs. */
const PLAIN: Partial<Record<ErrorCode, string>> = {
  BLOCK_AS_IMPLICIT_KEY:
    'a second "key: value" on one line; put the inner field on a line of its own, indented, or quote a value that holds ": "',
  DUPLICATE_KEY: 'a field is given twice in the same item',
  TAG_RESOLVE_FAILED: 'an unknown !tag; write the value without it, or quote it',
  BAD_INDENT:
    'the indentation does not line up with the lines above; indent the fields of an item by the same spaces',
  TAB_AS_INDENT: 'a tab is used to indent; YAML indents with spaces only',
  MULTILINE_IMPLICIT_KEY:
    'a field name runs over several lines; is a value with ": " in it unquoted, or a line not indented?',
  UNEXPECTED_TOKEN:
    'something stands where a field or a "- " item should begin; check the indentation and the "- " of each item',
  BLOCK_IN_FLOW: 'an indented block inside [ ] or { }; write that list or map in one style',
  BAD_SCALAR_START: 'a value begins with a character YAML reserves (@ ` % |); quote it',
  BAD_DQ_ESCAPE: 'an unknown \\ escape inside double quotes; use single quotes, or write \\\\',
  MULTIPLE_DOCS: 'more than one document (a "---" line in the middle); give one list',
  KEY_OVER_1024_CHARS: 'a field name longer than 1024 characters'
}

/** A syntax error in plain words; the library's own message where there are none. */
export function plainReason(error: unknown, text?: string, lines?: LineCounter): string {
  if (error instanceof YAMLError && text !== undefined && lines) {
    // yaml calls a tab before a field an unexpected token: its line says better.
    const line = text.split('\n')[lines.linePos(error.pos[0]).line - 1] ?? ''
    if (/^ *\t/.test(line)) return PLAIN.TAB_AS_INDENT as string
  }
  if (error instanceof YAMLError && PLAIN[error.code]) return PLAIN[error.code] as string
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
}

/**
 * The line of the field a problem path names below the list (`[0].readinessProbe.periodSeconds`).
 * A path is followed as far as it leads (a key with a dot in it, or a field that is missing, stops
 * it): the line is that of the deepest field found — the key's line in a mapping, the item's in a
 * list — or undefined when not even the first is there.
 */
export function lineOfField(
  document: Document,
  lines: LineCounter,
  path: string
): number | undefined {
  const segment = /\[(\d+)\]|\.([^.[]+)/y
  let node: unknown = document.contents
  let found: number | undefined
  for (let match = segment.exec(path); match; match = segment.exec(path)) {
    const [, index, key] = match
    let offset: number | undefined
    if (index !== undefined && isSeq(node)) {
      node = node.items[Number(index)]
      offset = (node as Node | undefined)?.range?.[0]
    } else if (key !== undefined && isMap(node)) {
      const pair = node.items.find(item => isScalar(item.key) && String(item.key.value) === key)
      offset = (pair?.key as Node | undefined)?.range?.[0]
      node = pair?.value
    }
    if (offset === undefined) break
    found = offset
  }
  return found === undefined ? undefined : lines.linePos(found).line
}
