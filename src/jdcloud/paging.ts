/**
 * JD Cloud's offset paging (pageNumber, pageSize, totalCount), with what a caller needs to know
 * before trusting a listing: whether it reached the end (`complete`), and whether the total held
 * still while it was read (`steady`) — someone else deleting an item between two pages shifts
 * the offsets, and an item is then never seen.
 */
export interface Page<T> {
  items: T[]
  totalCount: number
  requestId: string
}

export interface Listing<T> {
  items: T[]
  requestIds: string[]
  /** Every page up to totalCount was read (not cut short by the page limit). */
  complete: boolean
  /** Every page reported the same totalCount. */
  steady: boolean
  totalCount: number
}

/** describePods and describeSecrets take at most 100 items a page. */
export const MAX_PAGE_SIZE = 100
/** A hundred thousand items: far beyond any region this action serves. */
export const MAX_PAGES = 1000

export async function collectPages<T>(
  fetchPage: (pageNumber: number) => Promise<Page<T>>,
  maxPages = MAX_PAGES
): Promise<Listing<T>> {
  const items: T[] = []
  const requestIds: string[] = []
  let totals: number | undefined
  let steady = true
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
    const page = await fetchPage(pageNumber)
    items.push(...page.items)
    requestIds.push(page.requestId)
    if (totals !== undefined && totals !== page.totalCount) steady = false
    totals = page.totalCount
    if (page.items.length === 0 || items.length >= page.totalCount)
      return { items, requestIds, complete: true, steady, totalCount: page.totalCount }
  }
  return { items, requestIds, complete: false, steady, totalCount: totals ?? items.length }
}
