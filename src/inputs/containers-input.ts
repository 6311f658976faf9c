/**
 * The `containers` input (or the `containers-file` it may come from): a YAML or JSON list of
 * rebuild container specs (JSON is YAML too). Parsed defensively — size capped, aliases capped (no
 * "billion laughs"), duplicate keys refused — then checked field by field. A syntax problem says
 * its line and column; a field problem in a text of several lines says its line.
 */
import { LineCounter, parseDocument } from 'yaml'
import type { Document } from 'yaml'
import { Problems } from '../problems.js'
import { checkContainerSpec } from '../pod-spec/rules.js'
import { isPlainObject } from '../pod-spec/field-rules.js'
import type { ContainerPatch } from '../pod-spec/rules.js'
import { escapeControl, quote } from '../text.js'
import { lineOfField, plainReason, syntaxLocation } from './yaml-location.js'

export const MAX_CONTAINERS_BYTES = 256 * 1024
const MAX_ENTRIES = 32
/** The list's name in the paths the field rules give. */
const LIST = 'containers'

/** Where the specs were given: in the `containers` input, or in the file `containers-file` names. */
export interface SpecSource {
  /** The file, relative to the workspace, as problems show it; absent for `containers`. */
  file?: string
}

/**
 * How problems name the list: `containers`, or for a file `containers-file (deploy/web.yaml)
 * containers`, so that `…containers[0].image` reads the same wherever the specs were written.
 */
export function specListPath(source: SpecSource): string {
  return source.file === undefined ? 'containers' : `containers-file (${source.file}) containers`
}

export function parseContainersInput(
  raw: string,
  problems: Problems,
  notice: (message: string) => void = () => undefined,
  source: SpecSource = {}
): ContainerPatch[] | undefined {
  // A problem with the whole text: `containers: …`, or `containers-file: deploy/web.yaml …`.
  const refuse = (rule: string): undefined => {
    if (source.file === undefined) problems.add('containers', rule)
    else problems.add('containers-file', `${source.file} ${rule}`)
    return undefined
  }
  if (Buffer.byteLength(raw, 'utf8') > MAX_CONTAINERS_BYTES)
    return refuse(`is larger than ${MAX_CONTAINERS_BYTES / 1024} KiB`)
  const lines = new LineCounter()
  let parsed: Document
  let document: unknown
  try {
    // logLevel silent: yaml would report warnings (with the user's text) through
    // process.emitWarning; they are read from the document and refused here instead.
    // prettyErrors off: its message would quote the text; the position comes from `lines`.
    parsed = parseDocument(raw, {
      uniqueKeys: true,
      prettyErrors: false,
      version: '1.2',
      logLevel: 'silent',
      lineCounter: lines
    })
    const [trouble] = [...parsed.errors, ...parsed.warnings]
    if (trouble) throw trouble
    document = parsed.toJS({ maxAliasCount: 50 })
  } catch (error) {
    const reason = plainReason(error, raw, lines)
    return refuse(
      `${syntaxLocation(error, lines)}is not valid YAML or JSON: ${escapeControl(reason)}`
    )
  }
  if (!Array.isArray(document))
    return refuse('must be a list of container specs (YAML "- name: …" items or a JSON array)')
  if (document.length === 0 || document.length > MAX_ENTRIES)
    return refuse(`must list 1 to ${MAX_ENTRIES} containers`)

  const list = specListPath(source)
  // One line of JSON says nothing by its line number.
  const entries = new LocatedProblems(problems, list, path =>
    raw.trim().includes('\n') ? lineOfField(parsed, lines, path) : undefined
  )
  const seen = new Map<string, number>()
  let aliased = false
  document.forEach((entry: unknown, index) => {
    const path = `containers[${index}]`
    aliased = takeContainerNameAlias(entry, path, entries) || aliased
    if (!checkContainerSpec(entry, path, entries, 'patch')) return
    const name = (entry as ContainerPatch).name
    const first = seen.get(name)
    if (first !== undefined)
      entries.add(`${path}.name`, `${name} is already listed at containers[${first}]`)
    else seen.set(name, index)
  })
  if (aliased && entries.count === 0)
    notice(
      `${source.file === undefined ? 'containers' : `containers-file (${source.file})`}: containerName is the old name of the key; it still works, but write name (as rebuildPod calls it since 2019)`
    )
  return entries.count === 0 ? (document as ContainerPatch[]) : undefined
}

/**
 * The problems of the entries, passed on to the run's problems with the list's own name in front
 * of their `containers[…]` paths and the line they are on, when it is known.
 */
class LocatedProblems extends Problems {
  constructor(
    private readonly target: Problems,
    private readonly listPath: string,
    /** The line of a field, by its path below the list: `[0].image`. */
    private readonly lineOf: (below: string) => number | undefined
  ) {
    super()
  }

  /** `path` is one the entries' rules give: `containers[…]…`. */
  override add(path: string, rule: string): void {
    super.add(path, rule)
    const below = path.slice(LIST.length)
    const line = this.lineOf(below)
    this.target.add(
      `${this.listPath}${below}`,
      line === undefined ? rule : `${rule} (line ${line})`
    )
  }
}

/**
 * `containerName` (the 2018 page's key) is accepted for `name`: moved over when name is absent,
 * dropped when both say the same, an input error when they differ. True when it was there.
 */
function takeContainerNameAlias(entry: unknown, path: string, problems: Problems): boolean {
  if (!isPlainObject(entry) || !Object.hasOwn(entry, 'containerName')) return false
  const alias = entry.containerName
  delete entry.containerName
  if (entry.name === undefined) entry.name = alias
  else if (entry.name !== alias)
    problems.add(
      `${path}.containerName`,
      `${quote(alias)} differs from name ${quote(entry.name)}: give only name`
    )
  return true
}
