/**
 * The `containers` input: a YAML or JSON list of rebuild container specs (JSON is YAML too).
 * Parsed defensively — size capped, aliases capped (no "billion laughs"), duplicate keys refused —
 * then checked field by field.
 */
import { parseDocument } from 'yaml'
import type { Problems } from '../problems.js'
import { checkContainerSpec } from '../pod-spec/rules.js'
import { isPlainObject } from '../pod-spec/field-rules.js'
import type { ContainerPatch } from '../pod-spec/rules.js'
import { escapeControl, quote } from '../text.js'

const MAX_INPUT_BYTES = 256 * 1024
const MAX_ENTRIES = 32

export function parseContainersInput(
  raw: string,
  problems: Problems,
  notice: (message: string) => void = () => undefined
): ContainerPatch[] | undefined {
  if (Buffer.byteLength(raw, 'utf8') > MAX_INPUT_BYTES) {
    problems.add('containers', `is larger than ${MAX_INPUT_BYTES / 1024} KiB`)
    return undefined
  }
  let document: unknown
  try {
    // logLevel silent: yaml would report warnings (with the user's text) through
    // process.emitWarning; they are read from the document and refused here instead.
    const parsed = parseDocument(raw, {
      uniqueKeys: true,
      prettyErrors: false,
      version: '1.2',
      logLevel: 'silent'
    })
    const [trouble] = [...parsed.errors, ...parsed.warnings]
    if (trouble) throw trouble
    document = parsed.toJS({ maxAliasCount: 50 })
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
    problems.add('containers', `is not valid YAML or JSON: ${escapeControl(reason)}`)
    return undefined
  }
  if (!Array.isArray(document)) {
    problems.add(
      'containers',
      'must be a list of container specs (YAML "- name: …" items or a JSON array)'
    )
    return undefined
  }
  if (document.length === 0 || document.length > MAX_ENTRIES) {
    problems.add('containers', `must list 1 to ${MAX_ENTRIES} containers`)
    return undefined
  }
  const before = problems.count
  const seen = new Map<string, number>()
  let aliased = false
  document.forEach((entry: unknown, index) => {
    const path = `containers[${index}]`
    aliased = takeContainerNameAlias(entry, path, problems) || aliased
    if (!checkContainerSpec(entry, path, problems, 'patch')) return
    const name = (entry as ContainerPatch).name
    const first = seen.get(name)
    if (first !== undefined)
      problems.add(`${path}.name`, `${name} is already listed at containers[${first}]`)
    else seen.set(name, index)
  })
  if (aliased && problems.count === before)
    notice(
      'containers: containerName is the old name of the key; it still works, but write name (as rebuildPod calls it since 2019)'
    )
  return problems.count === before ? (document as ContainerPatch[]) : undefined
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
