// Fails when the committed dist/ differs from what the sources build: runners execute dist/,
// so a stale bundle would ship code nobody reviewed.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const fresh = mkdtempSync(join(tmpdir(), 'dist-'))
try {
  execFileSync(
    'npx',
    ['ncc', 'build', 'src/index.ts', '-o', fresh, '--license', 'licenses.txt', '--quiet'],
    {
      stdio: 'inherit'
    }
  )
  const list = dir =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile())
      .map(entry => join(entry.parentPath, entry.name).slice(dir.length + 1))
      .sort()
  const built = list(fresh)
  const committed = list('dist')
  const problems = []
  for (const file of new Set([...built, ...committed])) {
    if (!built.includes(file))
      problems.push(`dist/${file} is committed but the sources no longer build it`)
    else if (!committed.includes(file)) problems.push(`dist/${file} is missing`)
    else if (!readFileSync(join(fresh, file)).equals(readFileSync(join('dist', file))))
      problems.push(`dist/${file} differs from a fresh build`)
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'))
    console.error('dist/ is stale: run `npm run bundle` and commit dist/.')
    process.exit(1)
  }
  console.log(`dist/ matches the sources (${built.length} files)`)
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
