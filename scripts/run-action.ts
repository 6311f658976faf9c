// npm run action -- name=value … — runs the bundled action (dist/index.js) as a runner does:
// every input of action.yml as an INPUT_* variable, with its default where you give none (run by
// hand, `node dist/index.js` has no defaults, and refuses `wait`, `rollback`… as not booleans),
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, then prints the outputs and the job summary.
// `${{ github.token }}` becomes $GITHUB_TOKEN, or nothing. Exits with the action's exit code.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { actionMetadata, parseOutputFile } from '../__fixtures__/runner-step.js'
import { closest } from '../src/suggest.js'

const root = fileURLToPath(new URL('..', import.meta.url))

export function actionEnv(args: readonly string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const given = new Map<string, string>()
  for (const arg of args) {
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg : arg.slice(0, eq)
    if (eq === -1 || !(name in actionMetadata.inputs)) {
      const guess = closest(name, Object.keys(actionMetadata.inputs))
      throw new Error(
        eq === -1
          ? `${arg}: write input=value`
          : `action.yml has no input ${name}${guess ? `; did you mean ${guess}?` : ''}`
      )
    }
    given.set(name, arg.slice(eq + 1))
  }
  const inputs: Record<string, string> = {}
  for (const [name, spec] of Object.entries(actionMetadata.inputs)) {
    const fallback =
      spec.default === '${{ github.token }}' ? (env.GITHUB_TOKEN ?? '') : (spec.default ?? '')
    inputs[`INPUT_${name.toUpperCase()}`] = given.get(name) ?? fallback
  }
  return inputs
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(join(tmpdir(), 'run-action-'))
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md') }
  for (const file of Object.values(files)) writeFileSync(file, '')
  try {
    const inputs = actionEnv(process.argv.slice(2), process.env)
    const child = spawnSync(process.execPath, [join(root, 'dist/index.js')], {
      env: { ...process.env, ...inputs, ...files },
      stdio: 'inherit'
    })
    console.log('\noutputs:')
    for (const [name, value] of Object.entries(
      parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
    ))
      console.log(`  ${name}: ${value.length > 200 ? `${value.slice(0, 200)}…` : value}`)
    console.log(`\njob summary:\n\n${readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')}`)
    process.exitCode = child.status ?? 1
  } catch (error) {
    console.error((error as Error).message)
    process.exitCode = 2
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
