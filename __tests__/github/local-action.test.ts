// `npm run local-action` (GitHub's @github/local-action) with the checked-in .env.example, against
// the emulator seeded as the example expects: the way a contributor tries the action locally.
// local-action runs src/main.ts through tsx with its own stand-ins for @actions/core and
// @actions/github; it always exits 0, so the result is read from what the action printed.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PodEmulator, FAST_TIMINGS, parseSeed } from '../../emulator/index.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const example = readFileSync(join(root, '.env.example'), 'utf8')

/** The example's KEY=value lines (comments and blank lines left out). */
function variables(text: string): Map<string, string> {
  const vars = new Map<string, string>()
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][\w.-]*)=(.*)$/.exec(line)
    if (match) vars.set(match[1] as string, match[2] as string)
  }
  return vars
}

let emulator: PodEmulator
let dir: string
beforeAll(async () => {
  const seed = parseSeed(
    JSON.parse(readFileSync(join(root, 'emulator/seeds/demo.json'), 'utf8')) as unknown
  )
  emulator = await PodEmulator.start({ seed, timings: FAST_TIMINGS })
  dir = mkdtempSync(join(tmpdir(), 'local-action-'))
})
afterAll(async () => {
  await emulator?.close()
  rmSync(dir, { recursive: true, force: true })
})

test('npm run local-action runs src/main.ts with .env', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  expect(pkg.scripts['local-action']).toBe('local-action . src/main.ts .env')
  // A tool for people, never part of the bundle the runner executes.
  expect(pkg.devDependencies['@github/local-action']).toBeDefined()
  expect(pkg.dependencies['@github/local-action']).toBeUndefined()
})

test('.env.example speaks to the emulator with its default credentials', () => {
  const vars = variables(example)
  expect(vars.get('INPUT_ACCESS-KEY')).toBe(emulator.credentials.accessKey)
  expect(vars.get('INPUT_SECRET-KEY')).toBe(emulator.credentials.secretKey)
  expect(vars.get('INPUT_REGION')).toBe(emulator.region)
  expect(vars.get('INPUT_ENDPOINT')).toBe('http://127.0.0.1:8123')
  // A runner keeps the hyphens of input names; so does local-action.
  for (const name of vars.keys()) if (name.startsWith('INPUT_')) expect(name).not.toMatch(/_.*_/)
})

test('npm run local-action runs the action from src/ against the emulator', async () => {
  const summary = join(dir, 'summary.md')
  const env = example
    .replace('INPUT_ENDPOINT=http://127.0.0.1:8123', `INPUT_ENDPOINT=${emulator.url}`)
    .replace('GITHUB_STEP_SUMMARY=local-action-summary.md', `GITHUB_STEP_SUMMARY=${summary}`)
  const envFile = join(dir, '.env')
  writeFileSync(envFile, env)

  const run = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    // `npm run local-action` is `local-action . src/main.ts .env`: the same, with this env file.
    const child = spawn('local-action', ['.', 'src/main.ts', envFile], {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
        NO_COLOR: '1',
        FORCE_COLOR: '0'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout }))
  })

  expect(run.code).toBe(0)
  expect(run.stdout).toContain('::set-output name=result::succeeded')
  expect(run.stdout).toMatch(/\[pod-demo01\] web-1: phase running, 1\/1 containers ready/)
  expect(run.stdout).not.toContain(emulator.credentials.secretKey)
  expect(emulator.mutatingCalls()).toEqual([])
  const written = readFileSync(summary, 'utf8')
  expect(written).toContain('## ✅ JD Cloud pod status: 2 pods healthy')
  expect(written).toContain('| web-1 <sub>pod-demo01</sub> |')
  expect(written).toContain('| web-2 <sub>pod-demo02</sub> |')
}, 120_000)
