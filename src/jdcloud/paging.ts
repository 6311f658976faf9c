/**
 * JD Cloud's offset paging (pageNumber, pageSize, totalCount), read until the listing is known to
 * be one consistent picture. Offsets shift when someone else adds or removes an item between two
 * pages: an item is then never seen, or seen twice, and the lb API answers a page past the end
 * with the last page again ("页码超过总页数时, 显示最后一页"), so a shrinking listing repeats a whole
 * page. A read is taken only when every page gave the same total, the pages hold exactly that many
 * items, and — for more than one page — reading the earlier pages again gives the same members.
 * Otherwise the listing is read again; one that never settles is refused (ListingError), so that
 * nothing is ever decided on a part of it.
 */
export interface Page<T> {
  items: T[]
  totalCount: number
  requestId: string
}

export interface Listing<T> {
  /** Each item once (by its ID, unless dedupe is off), in the order first seen. */
  items: T[]
  requestIds: string[]
  /** Every page up to totalCount was read (not cut short by the page limit). */
  complete: boolean
  totalCount: number
}

export interface PagingOptions<T> {
  /** What the listing is of, for the error: `the targets of tg-web`. */
  what: string
  /** An item's identity: what tells whether a page kept its members. */
  idOf: (item: T) => string
  /**
   * Hold each ID once (default). Off for rows that have no ID of their own, where two equal rows
   * can be two real entries (a consistent read has no repeats from paging).
   */
  dedupe?: boolean
  maxPages?: number
  maxReads?: number
}

/** A listing that kept changing while it was read, or one too long to read whole. */
export class ListingError extends Error {
  override readonly name = 'ListingError'
}

/** describePods, describeSecrets and the lb lists take at most 100 items a page. */
export const MAX_PAGE_SIZE = 100
/** A hundred thousand items: far beyond any region this action serves. */
export const MAX_PAGES = 1000
/** Reads of a listing before giving up on one that keeps changing. */
export const MAX_READS = 4

interface Read<T> {
  pages: Array<Page<T>>
  complete: boolean
  /** Why this read cannot be taken as it is; undefined when it is consistent on its own. */
  shifted?: string
}

export async function collectPages<T>(
  fetchPage: (pageNumber: number) => Promise<Page<T>>,
  options: PagingOptions<T>
): Promise<Listing<T>> {
  const maxReads = options.maxReads ?? MAX_READS
  const requestIds: string[] = []
  const fetch = async (pageNumber: number): Promise<Page<T>> => {
    const page = await fetchPage(pageNumber)
    requestIds.push(page.requestId)
    return page
  }
  const why: string[] = []
  for (let attempt = 1; attempt <= maxReads; attempt++) {
    const read = await readOnce(fetch, options.maxPages ?? MAX_PAGES)
    if (!read.complete) return listing(read, requestIds, options)
    const shifted = read.shifted ?? (await changedSince(read, fetch, options.idOf))
    if (shifted === undefined) return listing(read, requestIds, options)
    why.push(shifted)
  }
  throw new ListingError(
    `${options.what} kept changing while they were listed (${maxReads} reads: ${[...new Set(why)].join('; ')}): someone else is changing them; try again once they hold still`
  )
}

/** Pages 1, 2, … until they hold totalCount items, an empty page, or the page limit. */
async function readOnce<T>(
  fetch: (pageNumber: number) => Promise<Page<T>>,
  maxPages: number
): Promise<Read<T>> {
  const pages: Array<Page<T>> = []
  let count = 0
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
    const page = await fetch(pageNumber)
    pages.push(page)
    count += page.items.length
    if (page.items.length === 0 || count >= page.totalCount) {
      const totals = new Set(pages.map(p => p.totalCount))
      const shifted =
        totals.size > 1
          ? `the total went from ${pages[0]?.totalCount} to ${page.totalCount} between pages`
          : count !== page.totalCount
            ? `the pages held ${count} items, not the ${page.totalCount} the API counted`
            : undefined
      return { pages, complete: true, ...(shifted ? { shifted } : {}) }
    }
  }
  return { pages, complete: false }
}

/** Reads the pages before the last again: a change meanwhile shows as other members or order. */
async function changedSince<T>(
  read: Read<T>,
  fetch: (pageNumber: number) => Promise<Page<T>>,
  idOf: (item: T) => string
): Promise<string | undefined> {
  const members = (page: Page<T>): string => page.items.map(idOf).join('\n')
  for (let index = 0; index < read.pages.length - 1; index++) {
    const before = read.pages[index] as Page<T>
    const again = await fetch(index + 1)
    if (again.totalCount !== before.totalCount || members(again) !== members(before))
      return `page ${index + 1} changed while later pages were read`
  }
  return undefined
}

function listing<T>(
  read: Read<T>,
  requestIds: string[],
  { idOf, dedupe = true }: PagingOptions<T>
): Listing<T> {
  const all = read.pages.flatMap(page => page.items)
  const byId = new Map<string, T>()
  if (dedupe) for (const item of all) if (!byId.has(idOf(item))) byId.set(idOf(item), item)
  const last = read.pages[read.pages.length - 1]
  return {
    items: dedupe ? [...byId.values()] : all,
    requestIds,
    complete: read.complete,
    totalCount: last?.totalCount ?? 0
  }
}
