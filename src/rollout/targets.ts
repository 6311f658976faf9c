/**
 * Turns the `pods`, `name-prefix` and `tags` inputs into the pods to act on. IDs are read in one
 * describePods call per hundred; a name must match exactly one pod; a selector must match at
 * least one. Anything else is an error that names the entry — never a silent success on nothing.
 */
import type { PodClient } from '../jdcloud/pod-client.js'
import type { PodListing } from '../jdcloud/pod-client.js'
import type { CallOptions } from '../jdcloud/call.js'
import type { Pod, TagFilter } from '../jdcloud/types.js'
import { Problems } from '../problems.js'
import { escapeControl, quote } from '../text.js'

/** Which pods an operation acts on: IDs and exact names from `pods`, or selectors. */
export interface Targets {
  /** Entries of `pods` in the order given: pod IDs (`pod-…`) or exact pod names. */
  pods: string[]
  namePrefix?: string
  tags: TagFilter[]
}

const POD_ID = /^pod-[a-z0-9]+$/
/** A part that could be a pod ID or a pod name on its own. */
const POD_LIKE = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u

/**
 * `; separate pods with commas or newlines` when an entry of `pods` is several pod IDs or names
 * with white space or semicolons between them (`web-1 web-2`, `web-1; web-2`): the likely reason
 * it matches nothing.
 */
export function separatorHint(entry: string): string {
  // `web-1; web-2` as well as `web-1 web-2`: a semicolon is no separator either.
  const parts = entry
    .trim()
    .split(/\s*;\s*|\s+/)
    .filter(Boolean)
  return parts.length > 1 && parts.every(part => POD_LIKE.test(part))
    ? '; separate pods with commas or newlines'
    : ''
}

/**
 * `; write key=value, e.g. app=shop-web` when a `tags` line was written `app:shop-web`: with no
 * `=` it is read as a key alone. No source says a JD Cloud tag key may not hold a `:` (other
 * clouds' may), so this is a hint when nothing matches, not an input error.
 */
export function tagSeparatorHint(tags: readonly TagFilter[]): string {
  for (const { key, values } of tags) {
    const colon = key.indexOf(':')
    const [name, value] = [key.slice(0, colon).trim(), key.slice(colon + 1).trim()]
    if (values === undefined && colon !== -1 && name && value)
      return `; write key=value, e.g. ${escapeControl(`${name}=${value}`)}`
  }
  return ''
}

export async function resolveTargets(
  client: PodClient,
  targets: Targets,
  region: string,
  options: CallOptions = {}
): Promise<Pod[]> {
  const problems = new Problems()
  const found = new Map<string, Pod>()
  const add = (pod: Pod): void => {
    if (!found.has(pod.podId)) found.set(pod.podId, pod)
  }

  const ids = targets.pods.filter(entry => POD_ID.test(entry))
  if (ids.length > 0) {
    const { pods } = await client.describePodsByIds(ids, options)
    const byId = new Map(pods.map(pod => [pod.podId, pod]))
    for (const id of ids) {
      const pod = byId.get(id)
      if (pod) add(pod)
      else
        problems.add(
          `pods[${targets.pods.indexOf(id)}]`,
          `${id} does not exist in region ${region}`
        )
    }
  }

  for (const [index, entry] of targets.pods.entries()) {
    if (POD_ID.test(entry)) continue
    // The name filter is fuzzy: keep exact matches only.
    const { pods } = whole(
      await client.describeAllPods({ filters: [{ name: 'name', values: [entry] }] }, options)
    )
    const exact = pods.filter(pod => pod.name === entry)
    if (exact.length === 1) add(exact[0] as Pod)
    else if (exact.length === 0)
      problems.add(
        `pods[${index}]`,
        `no pod in region ${region} is named ${quote(entry)}${
          pods.length > 0
            ? ` (similar names: ${pods
                .slice(0, 5)
                .map(pod => quote(pod.name ?? pod.podId))
                .join(', ')})`
            : ''
        }${separatorHint(entry)}`
      )
    else
      problems.add(
        `pods[${index}]`,
        `${exact.length} pods are named ${quote(entry)} (${exact.map(pod => pod.podId).join(', ')}): list their IDs instead`
      )
  }

  if (targets.namePrefix !== undefined || targets.tags.length > 0) {
    const prefix = targets.namePrefix
    const { pods } = whole(
      await client.describeAllPods(
        {
          filters: prefix === undefined ? [] : [{ name: 'name', values: [prefix] }],
          tags: targets.tags
        },
        options
      )
    )
    const matched = pods
      .filter(pod => prefix === undefined || (pod.name ?? '').startsWith(prefix))
      .sort((a, b) => (a.name ?? a.podId).localeCompare(b.name ?? b.podId))
    if (matched.length === 0) {
      const what = [
        prefix === undefined ? undefined : `name-prefix ${quote(prefix)}`,
        targets.tags.length === 0
          ? undefined
          : `tags ${targets.tags.map(tag => (tag.values ? `${tag.key}=${tag.values.join('|')}` : tag.key)).join(', ')}`
      ]
        .filter(Boolean)
        .join(' and ')
      problems.add(
        prefix === undefined ? 'tags' : 'name-prefix',
        `no pod in region ${region} matches ${what}${tagSeparatorHint(targets.tags)}`
      )
    }
    matched.forEach(add)
  }

  problems.throwIfAny()
  return [...found.values()]
}

/** A listing cut short by the page limit would act on part of a selection as if it were all. */
function whole(listing: PodListing): PodListing {
  if (!listing.complete)
    throw new Error(
      `more than ${listing.pods.length} pods match: the selection could not be listed whole; narrow it with name-prefix or tags`
    )
  return listing
}
