/**
 * Every pod of the region, from a view known to be whole: JD Cloud lists pods by offset, so
 * someone else deleting a pod between two pages shifts the offsets and a pod is never seen. A
 * view is taken as whole only when two listings in a row agree — same total, same pods, each on
 * the same secrets — and neither was cut short. Deleting a secret rests on nothing less.
 */
import type { PodClient } from '../jdcloud/pod-client.js'
import type { PodListing } from '../jdcloud/pod-client.js'
import type { CallOptions } from '../jdcloud/call.js'
import { ListingError } from '../jdcloud/paging.js'
import type { Pod } from '../jdcloud/types.js'

export type PodView = { whole: true; pods: Pod[] } | { whole: false; why: string }

/** Listings taken before giving up on a view that keeps changing. */
const MAX_LISTINGS = 4
const KEPT_CHANGING =
  'the pods of the region kept changing while they were listed (someone else creating, deleting or rebuilding pods)'

export async function wholePodView(client: PodClient, options: CallOptions): Promise<PodView> {
  let previous: PodListing | undefined
  for (let listing = 1; listing <= MAX_LISTINGS; listing++) {
    let current: PodListing
    try {
      current = await client.describeAllPods({}, options)
    } catch (error) {
      if (error instanceof ListingError) return { whole: false, why: KEPT_CHANGING }
      throw error
    }
    if (!current.complete)
      return {
        whole: false,
        why: `the region has more pods than can be listed (${current.pods.length} read)`
      }
    if (previous && agree(previous, current)) return { whole: true, pods: current.pods }
    previous = current
  }
  return { whole: false, why: KEPT_CHANGING }
}

function agree(a: PodListing, b: PodListing): boolean {
  return a.totalCount === b.totalCount && fingerprint(a) === fingerprint(b)
}

/** Each pod with the secrets its containers pull with, sorted: what pruning decisions rest on. */
function fingerprint(listing: PodListing): string {
  return listing.pods
    .map(pod =>
      [pod.podId, ...(pod.containers ?? []).map(c => `${c.name}=${c.secret ?? ''}`).sort()].join(
        ' '
      )
    )
    .sort()
    .join('\n')
}
