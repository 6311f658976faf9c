// Every relative link in README.md and docs/*.md leads somewhere: the file exists, and an anchor
// names a heading of that page (GitHub's slugs: lower case, punctuation dropped, spaces to -).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Marked } from 'marked'
import type { Token, Tokens } from 'marked'

const root = fileURLToPath(new URL('../..', import.meta.url))
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter(file => file.endsWith('.md'))
    .map(file => `docs/${file}`)
]
const gfm = new Marked({ gfm: true, async: false })

/** GitHub's anchor for a heading. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-')
}

function walk(tokens: Token[], visit: (token: Token) => void): void {
  for (const token of tokens) {
    visit(token)
    const nested = (token as { tokens?: Token[] }).tokens
    if (nested) walk(nested, visit)
    if (token.type === 'table') {
      const table = token as Tokens.Table
      for (const cell of [...table.header, ...table.rows.flat()]) walk(cell.tokens, visit)
    }
    if (token.type === 'list')
      for (const item of (token as Tokens.List).items) walk(item.tokens, visit)
  }
}

function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>()
  walk(gfm.lexer(readFileSync(file, 'utf8')), token => {
    if (token.type === 'heading') anchors.add(slug((token as Tokens.Heading).text))
  })
  return anchors
}

const links = pages.flatMap(page => {
  const found: Array<[string, string]> = []
  walk(gfm.lexer(readFileSync(join(root, page), 'utf8')), token => {
    if (token.type === 'link' || token.type === 'image') {
      const href = (token as Tokens.Link).href
      if (!/^[a-z]+:/i.test(href)) found.push([page, href])
    }
  })
  return found
})

test('the pages link to each other', () => {
  expect(links.length).toBeGreaterThan(20)
  expect(links.some(([page, href]) => page === 'README.md' && href === 'docs/inputs.md')).toBe(true)
})

test.each(links)('%s → %s', (page, href) => {
  const [path, anchor] = href.split('#') as [string, string | undefined]
  const target = path === '' ? join(root, page) : join(root, dirname(page), decodeURI(path))
  expect([relative(root, target), existsSync(target)]).toEqual([relative(root, target), true])
  if (anchor && target.endsWith('.md')) expect(anchorsOf(target)).toContain(anchor)
})
