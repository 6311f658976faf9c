/**
 * The `pods`, `name-prefix` and `tags` inputs: which pods an operation acts on. Checked here;
 * resolved against the API by rollout/targets.ts.
 */
import type { TagFilter } from '../jdcloud/types.js'
import type { Problems } from '../problems.js'
import { separatorHint } from '../rollout/targets.js'
import type { Targets } from '../rollout/targets.js'
import { hasControlCharacters, parseList } from './parse.js'
import { quote } from '../text.js'

const POD_ID = /^pod-[a-z0-9]{1,64}$/
const MAX_TARGETS = 1000
const MAX_TAG_KEYS = 20
const MAX_TAG_VALUES = 100

export function readTargets(read: (name: string) => string, problems: Problems): Targets {
  const pods = parseList(read('pods'))
  if (pods.length > MAX_TARGETS)
    problems.add('pods', `lists ${pods.length} pods; the limit is ${MAX_TARGETS}`)
  const seen = new Set<string>()
  pods.forEach((entry, index) => {
    const at = `pods[${index}]`
    if (seen.has(entry)) problems.add(at, `${quote(entry)} is listed twice`)
    seen.add(entry)
    if (entry.startsWith('pod-') && !POD_ID.test(entry))
      problems.add(
        at,
        `${quote(entry)} looks like a pod ID but is not one (pod- and lower-case letters or digits)${separatorHint(entry)}`
      )
    else if (entry.length > 128 || hasControlCharacters(entry))
      problems.add(
        at,
        `${quote(entry)} is not a pod name: at most 128 characters, no control characters${separatorHint(entry)}`
      )
  })
  const namePrefix = read('name-prefix') || undefined
  if (namePrefix !== undefined && (namePrefix.length > 128 || hasControlCharacters(namePrefix)))
    problems.add('name-prefix', 'must be at most 128 characters, with no control characters')
  const tags = readTags(read('tags'), problems)
  return { pods, namePrefix, tags }
}

/** `key=value` lines (or `key` alone: any value); one value per key line, repeated keys join. */
function readTags(raw: string, problems: Problems): TagFilter[] {
  const tags: TagFilter[] = []
  const lines = parseList(raw)
  // describePods takes at most 100 values a filter; a longer list is a mistake, not a selector.
  if (lines.length > MAX_TAG_KEYS * MAX_TAG_VALUES) {
    problems.add(
      'tags',
      `has ${lines.length} lines; the limit is ${MAX_TAG_KEYS} keys of ${MAX_TAG_VALUES} values`
    )
    return tags
  }
  lines.forEach((line, index) => {
    const at = `tags[${index}]`
    const eq = line.indexOf('=')
    const key = (eq === -1 ? line : line.slice(0, eq)).trim()
    const value = eq === -1 ? undefined : line.slice(eq + 1).trim()
    if (!key || key.length > 128 || hasControlCharacters(line)) {
      problems.add(at, `${quote(line)} must be key=value (key 1 to 128 characters)`)
      return
    }
    if (value !== undefined && (value === '' || value.length > 256)) {
      problems.add(
        at,
        `${quote(line)}: the value must be 1 to 256 characters (or write the key alone)`
      )
      return
    }
    const existing = tags.find(tag => tag.key === key)
    if (existing && value !== undefined) (existing.values ??= []).push(value)
    else if (!existing) tags.push(value === undefined ? { key } : { key, values: [value] })
  })
  if (tags.length > MAX_TAG_KEYS)
    problems.add('tags', `has ${tags.length} keys; the limit is ${MAX_TAG_KEYS}`)
  for (const tag of tags)
    if ((tag.values?.length ?? 0) > MAX_TAG_VALUES)
      problems.add(
        'tags',
        `key ${quote(tag.key)} has ${tag.values?.length} values; the limit is ${MAX_TAG_VALUES}`
      )
  return tags
}
