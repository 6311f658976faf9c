/**
 * Where in a YAML or JSON text a problem is: the line and column of a syntax error, and the line
 * of a field named by its problem path (`containers[0].readinessProbe.periodSeconds`), so that a
 * person can find it in a long list.
 */
import { isMap, isScalar, isSeq, YAMLError } from 'yaml'
import type { Document, LineCounter, Node } from 'yaml'

/** `line 3, column 9: ` for a YAML error, or nothing when the error has no position (aliases). */
export function syntaxLocation(error: unknown, lines: LineCounter): string {
  if (!(error instanceof YAMLError)) return ''
  const { line, col } = lines.linePos(error.pos[0])
  return `line ${line}, column ${col}: `
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
