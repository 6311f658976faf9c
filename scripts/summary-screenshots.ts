/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// npm run docs:screenshots — renders each docs/examples/*.md as GitHub shows a job summary and
// writes docs/examples/<name>.png beside it: GitHub-flavoured Markdown by marked, GitHub's
// Markdown styles (github-markdown-css), and mermaid's own browser bundle for the timeline, in
// headless Chromium (Debian's `chromium` package; no browser is downloaded) at the job summary's
// 1,012 px column, every <details> closed. Prints each page's height and checks what a person
// sees: no sideways scroll, the explaining log line in view, and the heights the issue set.
// CHROMIUM=/path/to/chromium picks another browser. Exits non-zero when a check fails.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Marked } from 'marked'
import type { Tokens } from 'marked'
import { chromium } from 'playwright-core'
import { EXPLAINING_LINE } from './summary-examples.js'

const COLUMN_PX = 1012
const examples = fileURLToPath(new URL('../docs/examples/', import.meta.url))
const modules = fileURLToPath(new URL('../node_modules/', import.meta.url))

/** Heights the page must stay within, details closed (issue 19). */
const MAX_HEIGHT: Record<string, number> = { 'fleet-failure': 1100, 'fleet-success': 900 }
/** Text that must be visible without opening anything. */
const MUST_SHOW: Record<string, string> = { 'fleet-failure': EXPLAINING_LINE }

const escape = (text: string): string =>
  text.replace(/[&<>]/g, char => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char] as string)

const gfm = new Marked({
  gfm: true,
  async: false,
  renderer: {
    code(token: Tokens.Code): string | false {
      // GitHub draws a mermaid block in place of the code.
      return token.lang === 'mermaid'
        ? `<div class="mermaid-box"><pre class="mermaid">${escape(token.text)}</pre></div>`
        : false
    }
  }
})

function page(markdown: string): string {
  const css = readFileSync(join(modules, 'github-markdown-css/github-markdown-light.css'), 'utf8')
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
    body { margin: 0; background: #fff; }
    .markdown-body { box-sizing: border-box; width: ${COLUMN_PX}px; padding: 16px 24px; }
    .mermaid-box { margin-bottom: 16px; }
  </style></head><body><article class="markdown-body">${gfm.parse(markdown) as string}</article></body></html>`
}

interface Measure {
  height: number
  /** Elements that scroll sideways (a wide table or <pre>), or the page itself. */
  sideways: string[]
  /** Mermaid blocks that did not draw. */
  broken: number
  visible: boolean
}

async function main(): Promise<void> {
  const names = readdirSync(examples)
    .filter(file => file.endsWith('.md'))
    .map(file => file.slice(0, -3))
    .sort()
  const profile = mkdtempSync(join(tmpdir(), 'summary-screenshots-'))
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ],
    viewport: { width: COLUMN_PX, height: 800 },
    offline: true
  })
  let failed = false
  try {
    for (const name of names) {
      const tab = await browser.newPage()
      await tab.setContent(page(readFileSync(join(examples, `${name}.md`), 'utf8')))
      await tab.addScriptTag({ path: join(modules, 'mermaid/dist/mermaid.min.js') })
      const measure = await tab.evaluate(async (mustShow: string | undefined): Promise<Measure> => {
        const mermaid = (
          window as unknown as { mermaid: { initialize(o: object): void; run(): Promise<void> } }
        ).mermaid
        mermaid.initialize({ startOnLoad: false, theme: 'default' })
        let broken = 0
        try {
          await mermaid.run()
        } catch {
          broken++
        }
        broken += document.querySelectorAll('pre.mermaid:not([data-processed]), .error-icon').length
        const article = document.querySelector('article') as HTMLElement
        const sideways = [...document.querySelectorAll<HTMLElement>('article, table, pre, code')]
          .filter(
            el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline'
          )
          .map(el => `${el.tagName.toLowerCase()}: ${el.textContent?.slice(0, 60) ?? ''}`)
        if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
          sideways.push('the page')
        const visible =
          mustShow === undefined ||
          [...document.querySelectorAll<HTMLElement>('article *')].some(
            el =>
              el.children.length === 0 && el.textContent?.includes(mustShow) && el.checkVisibility()
          )
        return {
          height: Math.ceil(article.getBoundingClientRect().height),
          sideways,
          broken,
          visible
        }
      }, MUST_SHOW[name])
      await tab.screenshot({ path: join(examples, `${name}.png`), fullPage: true })
      await tab.close()
      const limit = MAX_HEIGHT[name]
      const problems = [
        limit !== undefined && measure.height > limit ? `taller than ${limit} px` : '',
        measure.sideways.length > 0 ? `scrolls sideways (${measure.sideways.join('; ')})` : '',
        measure.broken > 0 ? `${measure.broken} mermaid block(s) did not render` : '',
        measure.visible ? '' : `does not show "${MUST_SHOW[name]}"`
      ].filter(Boolean)
      failed ||= problems.length > 0
      console.log(
        `${name.padEnd(24)} ${String(measure.height).padStart(5)} px${limit ? ` (target ≤ ${limit})` : ''}  ${problems.length ? `✗ ${problems.join('; ')}` : '✓'}`
      )
    }
  } finally {
    await browser.close()
    rmSync(profile, { recursive: true, force: true })
  }
  process.exitCode = failed ? 1 : 0
}

await main()
