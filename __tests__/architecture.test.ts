// Imports point one way: docs/architecture.md's table says which room may import which, and this
// test holds every import in src/ against it — a lower layer importing an upper one fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

interface Room {
  name: string
  /** `src/x.ts` files or `src/dir/` folders. */
  places: string[]
  mayImport: Set<string> | 'everything'
}

/** The table under "The rule", read from the doc itself. */
function rooms(): Room[] {
  const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8')
  const rows = doc
    .slice(doc.indexOf('## The rule'))
    .split('\n')
    .filter(line => /^\| [a-z]/.test(line) && !line.startsWith('| room'))
  return rows.map(row => {
    const [name, files, allowed] = row
      .split('|')
      .slice(1, 4)
      .map(cell => cell.trim())
    return {
      name: name as string,
      places: [...(files as string).matchAll(/`([^`]+)`/g)].map(match => match[1] as string),
      mayImport:
        allowed === 'everything'
          ? 'everything'
          : new Set(
              (allowed as string)
                .split(',')
                .map(cell => cell.trim())
                .filter(cell => cell !== '—')
            )
    }
  })
}

function roomOf(file: string, table: readonly Room[]): string {
  // A file named exactly wins over the folder it sits in (report/model.ts is not report/).
  const exact = table.find(room => room.places.includes(file))
  if (exact) return exact.name
  const folder = table.find(room =>
    room.places.some(place => place.endsWith('/') && file.startsWith(place))
  )
  if (!folder) throw new Error(`${file} is in no room of docs/architecture.md`)
  return folder.name
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap(name => {
    const path = `${dir}/${name}`
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

/** `from './x.js'` and `import('./x.js')`, resolved to `src/…/x.ts`. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g)].map(match =>
    relative(root, normalize(join(root, dirname(file), `${match[1]}.ts`))).replaceAll('\\', '/')
  )
}

function violations(table: readonly Room[], edges: ReadonlyArray<[string, string]>): string[] {
  return edges.flatMap(([from, to]) => {
    const a = roomOf(from, table)
    const b = roomOf(to, table)
    const room = table.find(candidate => candidate.name === a) as Room
    if (a === b || room.mayImport === 'everything' || room.mayImport.has(b)) return []
    return [`${from} (${a}) imports ${to} (${b})`]
  })
}

test('every import in src/ points the way docs/architecture.md allows', () => {
  const table = rooms()
  const edges = sourceFiles('src').flatMap(file =>
    importsOf(file).map(target => [file, target] as [string, string])
  )
  expect(edges.length).toBeGreaterThan(100)
  expect(violations(table, edges)).toEqual([])
})

test('the rule catches an import against it', () => {
  const table = rooms()
  expect(
    violations(table, [
      ['src/jdcloud/transport.ts', 'src/rollout/fleet.ts'],
      ['src/report/summary.ts', 'src/rollout/diagnosis.ts'],
      ['src/rollout/fleet.ts', 'src/report/model.ts']
    ])
  ).toEqual([
    'src/jdcloud/transport.ts (jdcloud) imports src/rollout/fleet.ts (rollout)',
    'src/report/summary.ts (report) imports src/rollout/diagnosis.ts (rollout)'
  ])
})

test('every file of src/ is in a room', () => {
  const table = rooms()
  for (const file of sourceFiles('src')) expect(() => roomOf(file, table)).not.toThrow()
})
