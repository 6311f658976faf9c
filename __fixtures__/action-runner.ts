// Runs the action in-process the way a runner would: every input of action.yml as an INPUT_*
// variable (defaults applied from action.yml, the single source of truth), GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, and the log captured from stdout.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { run } from '../src/main.js'
import type { RunOptions } from '../src/main.js'
import type { RunReport } from '../src/report/model.js'

interface ActionMetadata {
  inputs: Record<string, { default?: string }>
}

export const actionMetadata = parse(
  readFileSync(new URL('../action.yml', import.meta.url), 'utf8')
) as ActionMetadata

/** The environment a runner gives the action for these inputs. */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, spec] of Object.entries(actionMetadata.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = inputs[name] ?? spec.default ?? ''
  for (const name of Object.keys(inputs))
    if (!(name in actionMetadata.inputs)) throw new Error(`action.yml has no input ${name}`)
  return env
}

export interface ActionRun {
  report: RunReport
  outputs: Record<string, string>
  summary: string
  /** Everything written to stdout (the job log), workflow commands included. */
  log: string
  exitCode: number | undefined
}

export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] as string)
    if (!match) continue
    const [, name, delimiter] = match as unknown as [string, string, string]
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string)
    outputs[name] = value.join('\n')
  }
  return outputs
}

/** Runs the action with `inputs`; restores process.env, exitCode and stdout afterwards. */
export async function runAction(
  inputs: Record<string, string>,
  options: RunOptions & { extraEnv?: Record<string, string> } = {}
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'action-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const saved = { ...process.env }
  const savedExitCode = process.exitCode
  const env = {
    ...inputEnv(inputs),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'release',
    ...options.extraEnv
  }
  for (const key of Object.keys(process.env))
    if (key.startsWith('INPUT_') || key.startsWith('JDCLOUD_')) delete process.env[key]
  Object.assign(process.env, env)
  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  process.exitCode = undefined
  try {
    const report = await run({ env: process.env, ...options })
    return {
      report,
      outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
      log: chunks.join(''),
      exitCode: process.exitCode as number | undefined
    }
  } finally {
    process.stdout.write = write
    process.exitCode = savedExitCode
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
    rmSync(dir, { recursive: true, force: true })
  }
}
