// README.md, docs/ and action.yml tell the same story: the README's one-line inputs table and
// docs/inputs.md list exactly what action.yml declares (names, order, defaults; docs/inputs.md the
// descriptions too, as the rendered page reads them), the outputs table likewise, every workflow
// recipe (README and docs/recipes.md) is a valid workflow that passes only inputs the action has,
// the permissions and troubleshooting pages cover what the code does, and the README stays a
// front door of at most 350 lines.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Marked } from 'marked'
import type { Token, Tokens } from 'marked'
import { parse } from 'yaml'
import { workflowProblems } from '../../scripts/check-action.js'
import { NEXT_STEPS } from '../../src/report/next-steps.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const doc = (name: string): string => readFileSync(join(root, 'docs', name), 'utf8')
const metadata = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default: string }>
  outputs: Record<string, { description: string }>
}
const gfm = new Marked({ gfm: true, async: false })
const tokens = gfm.lexer(readme)
const recipeTokens = [...tokens, ...gfm.lexer(doc('recipes.md'))]
const USES = /^jdcloud-pod-action\/jdcloud-pod-action@v\d+$/

/** What a reader sees of a Markdown fragment: tags dropped, entities decoded, spaces folded. */
function plain(markdown: string): string {
  const html = gfm.parseInline(markdown) as string
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16))
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)))
      return (
        ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" } as Record<string, string>)[name] ??
        entity
      )
    })
    .replace(/\s+/g, ' ')
    .trim()
}

const fold = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** The `nth` table (0-based) under a level-2 heading of a page (the README by default). */
function tableUnder(title: string, nth = 0, page: Token[] = tokens): Tokens.Table {
  const start = page.findIndex(
    token =>
      token.type === 'heading' && (token as Tokens.Heading).depth === 2 && token.text === title
  )
  expect(start).toBeGreaterThanOrEqual(0)
  let seen = 0
  for (const token of page.slice(start + 1)) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth <= 2) break
    if (token.type === 'table' && seen++ === nth) return token as Tokens.Table
  }
  throw new Error(`no table ${nth + 1} under "## ${title}"`)
}

function yamlBlocks(): Array<{ text: string; value: unknown }> {
  return recipeTokens
    .filter((token): token is Tokens.Code => token.type === 'code' && token.lang === 'yaml')
    .map(token => ({ text: token.text, value: parse(token.text) as unknown }))
}

/** Every step map in a YAML value, wherever it sits (a whole workflow or a bare step list). */
function steps(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap(steps)
  if (typeof value !== 'object' || value === null) return []
  const record = value as Record<string, unknown>
  return [...('uses' in record ? [record] : []), ...Object.values(record).flatMap(steps)]
}

const rowsOf = (table: Tokens.Table) =>
  table.rows.map(row => ({
    name: plain(row[0]?.text ?? ''),
    default: plain(row[1]?.text ?? ''),
    description: plain(row[2]?.text ?? '')
  }))

describe('the inputs reference, docs/inputs.md', () => {
  const table = tableUnder('Reference', 0, gfm.lexer(doc('inputs.md')))
  const rows = rowsOf(table)

  test('has a column for the name, the default and the description', () => {
    expect(table.header.map(cell => cell.text)).toEqual(['Input', 'Default', 'Description'])
  })

  test('lists every input of action.yml, in its order, and nothing else', () => {
    expect(rows.map(row => row.name)).toEqual(Object.keys(metadata.inputs))
  })

  test.each(Object.entries(metadata.inputs))(
    '%s: the default and description of action.yml',
    (name, input) => {
      const row = rows.find(candidate => candidate.name === name)
      expect(row?.default).toBe(input.default === '' ? '—' : input.default)
      expect(row?.description).toBe(fold(input.description))
    }
  )
})

describe('the README’s inputs table', () => {
  const table = tableUnder('Inputs')
  const rows = rowsOf(table)

  test('one line an input of action.yml, in its order, with its default', () => {
    expect(table.header.map(cell => cell.text)).toEqual(['Input', 'Default', 'What'])
    expect(rows.map(row => [row.name, row.default])).toEqual(
      Object.entries(metadata.inputs).map(([name, input]) => [
        name,
        input.default === '' ? '—' : input.default
      ])
    )
  })

  test('each description is short: the full one is in docs/inputs.md', () => {
    for (const row of rows)
      expect([row.name, row.description.length <= 80]).toEqual([row.name, true])
  })
})

test('the README is a front door: at most 350 lines', () => {
  expect(readme.split('\n').length).toBeLessThanOrEqual(350)
})

describe('the outputs table', () => {
  const table = tableUnder('Outputs')
  const rows = table.rows.map(row => ({
    name: plain(row[0]?.text ?? ''),
    description: plain(row[1]?.text ?? '')
  }))

  test('lists every output of action.yml, in its order, with its description', () => {
    expect(table.header.map(cell => cell.text)).toEqual(['Output', 'Description'])
    expect(rows).toEqual(
      Object.entries(metadata.outputs).map(([name, output]) => ({
        name,
        description: fold(output.description)
      }))
    )
  })
})

describe('the recipes', () => {
  const blocks = yamlBlocks()

  test('every complete workflow passes the workflow schema', () => {
    const workflows = blocks.filter(
      block => typeof block.value === 'object' && block.value !== null && 'jobs' in block.value
    )
    expect(workflows.length).toBeGreaterThanOrEqual(6)
    for (const workflow of workflows) expect(workflowProblems(workflow.text)).toEqual([])
  })

  test('every use of the action passes only inputs it declares', () => {
    const uses = blocks
      .flatMap(block => steps(block.value))
      .filter(step => USES.test(String(step.uses)))
    expect(uses.length).toBeGreaterThanOrEqual(9)
    for (const step of uses)
      for (const name of Object.keys((step.with as Record<string, unknown>) ?? {}))
        expect([name, name in metadata.inputs]).toEqual([name, true])
  })

  test('every output a recipe reads from the action is one it sets', () => {
    const ids = new Set(
      blocks
        .flatMap(block => steps(block.value))
        .filter(step => USES.test(String(step.uses)) && typeof step.id === 'string')
        .map(step => step.id as string)
    )
    const read = [
      ...`${readme}\n${doc('recipes.md')}`.matchAll(/steps\.([a-z-]+)\.outputs\.([a-z-]+)/g)
    ]
      .filter(m => ids.has(m[1] as string))
      .map(m => m[2] as string)
    expect(read.length).toBeGreaterThanOrEqual(5)
    for (const name of read) expect([name, name in metadata.outputs]).toEqual([name, true])
  })

  test('the recipes the issue asks for are there (README and docs/recipes.md)', () => {
    const headings = recipeTokens
      .filter(
        (token): token is Tokens.Heading =>
          token.type === 'heading' && (token.depth === 2 || token.depth === 3)
      )
      .map(token => token.text)
    expect(headings).toEqual(
      expect.arrayContaining([
        'Deploy on push to main',
        'Matrix over regions',
        'Rolling deploy of a fleet',
        'Scheduled secret rotation',
        'Nightly stop, morning start',
        'Pre-release status check',
        'Dry run on pull requests',
        'Using the outputs in later steps'
      ])
    )
  })
})

describe('the rest of the page, and docs/', () => {
  const permissions = gfm.lexer(doc('permissions.md'))
  const troubleshooting = gfm.lexer(doc('troubleshooting.md'))
  const codeOf = (title: string): string[] => {
    const start = tokens.findIndex(token => token.type === 'heading' && token.text === title)
    const end = tokens.findIndex(
      (token, index) =>
        index > start && token.type === 'heading' && (token as Tokens.Heading).depth <= 2
    )
    return tokens
      .slice(start, end)
      .filter((token): token is Tokens.Code => token.type === 'code')
      .map(token => token.text)
  }

  test('"Try it locally" gives exactly the demo and the test command', () => {
    const commands = codeOf('Try it locally')
    expect(commands).toContain('npm ci && npm run demo')
    expect(commands).toContain('npm test')
  })

  test('the permissions table names every pod API the client calls', () => {
    const client = ['pod-client.ts', 'secret-client.ts']
      .map(file => readFileSync(join(root, 'src/jdcloud', file), 'utf8'))
      .join('\n')
    const calls = new Set([...client.matchAll(/api: '([a-zA-Z]+)'/g)].map(m => m[1] as string))
    const table = tableUnder('Permissions the JD Cloud access key needs', 0, permissions)
    const listed = table.rows.map(row => plain(row[0]?.text ?? ''))
    expect(new Set(listed)).toEqual(calls)
  })

  test('the second permissions table names every load balancer API the lb client calls', () => {
    const client = readFileSync(join(root, 'src/jdcloud/lb-client.ts'), 'utf8')
    const calls = new Set(
      [...client.matchAll(/'(describe[A-Za-z]+|registerTargets|deRegisterTargets)'/g)].map(
        m => m[1] as string
      )
    )
    expect(calls.size).toBe(6)
    const table = tableUnder('Permissions the JD Cloud access key needs', 1, permissions)
    expect(new Set(table.rows.map(row => plain(row[0]?.text ?? '')))).toEqual(calls)
  })

  test('troubleshooting covers each status the client gives a hint for', () => {
    const table = tableUnder('By status', 0, troubleshooting)
    const statuses = table.rows.map(row => plain(row[0]?.text ?? '')).join('\n')
    for (const status of [
      '401',
      '403',
      '404',
      '409',
      '429 RATE_LIMIT',
      '429 QUOTA_EXCEEDED',
      'FAILED_PRECONDITION',
      '5xx',
      'TIMEOUT',
      'NETWORK_ERROR'
    ])
      expect(statuses).toContain(status)
  })

  test('the summary’s Next step says what docs/troubleshooting.md says, cause by cause', () => {
    const table = tableUnder("What the summary's Next step says", 0, troubleshooting)
    expect(
      table.rows.map(row => [
        /\(([a-z-]+)\)$/.exec(plain(row[0]?.text ?? ''))?.[1],
        plain(row[1]?.text ?? '')
      ])
    ).toEqual(Object.entries(NEXT_STEPS).map(([cause, text]) => [cause, plain(text)]))
  })

  test('docs/benchmarks.md has the figures', () => {
    expect(gfm.lexer(doc('benchmarks.md')).some((token: Token) => token.type === 'table')).toBe(
      true
    )
  })
})
