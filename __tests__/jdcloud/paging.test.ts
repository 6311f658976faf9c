// Offset paging read until it is one consistent picture (issue 18 point 2): a listing that shifts
// between two pages is read again, each item is held once, and one that never settles is refused.
import { collectPages, ListingError } from '../../src/jdcloud/paging.js'
import type { Page } from '../../src/jdcloud/paging.js'

const PAGE = 100
const ids = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `t${from + i}`)

/**
 * A server over a mutable list that answers a page past the end with the last page (as the lb
 * API does), and runs `between` after each page it serves, with the page number.
 */
function server(items: string[], between: (pageNumber: number, call: number) => void = () => {}) {
  let calls = 0
  const fetch = async (pageNumber: number): Promise<Page<string>> => {
    calls++
    const last = Math.max(1, Math.ceil(items.length / PAGE))
    const n = Math.min(pageNumber, last)
    const page = {
      items: items.slice((n - 1) * PAGE, n * PAGE),
      totalCount: items.length,
      requestId: `r${calls}`
    }
    between(pageNumber, calls)
    return page
  }
  return { fetch, calls: () => calls }
}
const options = { what: 'the targets of tg-web', idOf: (id: string) => id }

test('a group of 101 targets, one removed after page 1 is read: read again, each target once', async () => {
  const items = ids(1, 101)
  let removed = false
  const { fetch } = server(items, pageNumber => {
    if (pageNumber === 1 && !removed) {
      items.splice(4, 1)
      removed = true
    }
  })
  const listing = await collectPages(fetch, options)
  expect(listing.items).toEqual(items)
  expect(listing.items).toHaveLength(100)
  expect(new Set(listing.items).size).toBe(100)
  expect(listing).toMatchObject({ complete: true, totalCount: 100 })
})

test('one removed and one added between pages (the total holds): the earlier page is read again', async () => {
  const items = ids(1, 150)
  let changed = false
  const { fetch } = server(items, pageNumber => {
    if (pageNumber === 1 && !changed) {
      items.splice(0, 1)
      items.push('t999')
      changed = true
    }
  })
  const listing = await collectPages(fetch, options)
  // t101 moved onto page 1 after it was read: a single pass would never have seen it.
  expect(listing.items).toContain('t101')
  expect(listing.items).toEqual(items)
})

test('a listing that never settles is refused, naming what was listed and why', async () => {
  const items = ids(1, 150)
  const { fetch, calls } = server(items, pageNumber => {
    if (pageNumber === 1) items.push(items.shift() as string)
  })
  const refusal = collectPages(fetch, options)
  await expect(refusal).rejects.toThrow(ListingError)
  await expect(refusal).rejects.toThrow(
    /^the targets of tg-web kept changing while they were listed \(4 reads: page 1 changed while later pages were read/
  )
  expect(calls()).toBe(4 * 3)
})

test('a total that shrinks between pages is read again, not taken with the repeated page', async () => {
  let total = 120
  const fetch = async (pageNumber: number): Promise<Page<string>> => {
    const items = ids(1, total)
    const page = { items: items.slice((pageNumber - 1) * PAGE, pageNumber * PAGE), requestId: 'r' }
    if (pageNumber === 1 && total === 120) total = 110
    return { ...page, totalCount: items.length }
  }
  const listing = await collectPages(fetch, options)
  expect(listing.items).toEqual(ids(1, 110))
})

test('pages that hold more or fewer items than the total are read again', async () => {
  let call = 0
  const fetch = async (): Promise<Page<string>> =>
    ++call === 1
      ? { items: [], totalCount: 3, requestId: 'r1' }
      : { items: ['a', 'b', 'c'], totalCount: 3, requestId: `r${call}` }
  expect((await collectPages(fetch, options)).items).toEqual(['a', 'b', 'c'])
  await expect(
    collectPages(async () => ({ items: [], totalCount: 3, requestId: 'r' }), options)
  ).rejects.toThrow(/the pages held 0 items, not the 3 the API counted/)
})

test('a steady listing costs one call a page and one more for each page before the last', async () => {
  const single = server(ids(1, 40))
  expect((await collectPages(single.fetch, options)).items).toHaveLength(40)
  expect(single.calls()).toBe(1)
  const three = server(ids(1, 250))
  const listing = await collectPages(three.fetch, options)
  expect(listing.items).toEqual(ids(1, 250))
  expect(three.calls()).toBe(3 + 2)
  expect(listing.requestIds).toHaveLength(5)
})

test('an item listed twice is held once; rows without an ID keep their repeats when asked', async () => {
  const fetch = async (): Promise<Page<{ id: string; n: number }>> => ({
    items: [
      { id: 'a', n: 1 },
      { id: 'a', n: 2 }
    ],
    totalCount: 2,
    requestId: 'r'
  })
  const idOf = (item: { id: string }) => item.id
  expect((await collectPages(fetch, { what: 'x', idOf })).items).toEqual([{ id: 'a', n: 1 }])
  expect((await collectPages(fetch, { what: 'x', idOf, dedupe: false })).items).toHaveLength(2)
})

test('paging cut short by the page limit is never taken for the whole list', async () => {
  const listing = await collectPages(
    async pageNumber => ({ items: [`t${pageNumber}`], totalCount: 10, requestId: 'r' }),
    { ...options, maxPages: 3 }
  )
  expect(listing).toMatchObject({ items: ['t1', 't2', 't3'], complete: false })
})
