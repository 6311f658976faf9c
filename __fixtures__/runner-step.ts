// A step as a GitHub runner sets it up — every input of action.yml as an INPUT_* variable with
// its default applied, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files — and runBundled, which runs
// the bundled dist/index.js (or src/ through tsx) in a child process with them (scripts/demo.ts,
// bench/run.ts, signal and bundle tests). action-runner.ts runs the action in-process instead.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import type { PodEmulator } from '../emulator/index.js'

interface ActionMetadata {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, { description?: string }>
}

const root = fileURLToPath(new URL('..', import.meta.url))

export const actionMetadata = parse(
  readFileSync(join(root, 'action.yml'), 'utf8')
) as ActionMetadata

/**
 * The job token a runner fills `${{ github.token }}` with, here a stand-in: plausible in shape,
 * valid nowhere. A test that sees it on a request knows the default was used.
 */
export const JOB_TOKEN = 'ghs_runnerStepStandInJobToken000000000'

/** What a runner makes of the expressions action.yml's defaults use. */
const EXPRESSIONS: Record<string, string> = { '${{ github.token }}': JOB_TOKEN }

function defaultOf(name: string, value = ''): string {
  if (!value.includes('${{')) return value
  const evaluated = EXPRESSIONS[value]
  if (evaluated === undefined) throw new Error(`inputs.${name}: no stand-in for ${value}`)
  return evaluated
}

/** The INPUT_* environment a runner gives the action for these inputs. */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(inputs))
    if (!(name in actionMetadata.inputs)) throw new Error(`action.yml has no input ${name}`)
  const env: Record<string, string> = {}
  for (const [name, spec] of Object.entries(actionMetadata.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] =
      inputs[name] ?? defaultOf(name, spec.default)
  return env
}

/** Reads a GITHUB_OUTPUT file (`name<<delimiter` … `delimiter` blocks). */
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

/** Files a runner hands a step, in a fresh folder; `read` collects them, `remove` cleans up. */
export function stepFiles(): {
  env: Record<string, string>
  read: () => { outputs: Record<string, string>; summary: string; files: string }
  remove: () => void
} {
  const dir = mkdtempSync(join(tmpdir(), 'jdcloud-pod-action-'))
  const output = join(dir, 'output')
  const summary = join(dir, 'summary')
  const state = join(dir, 'state')
  writeFileSync(output, '')
  writeFileSync(summary, '')
  writeFileSync(state, '')
  return {
    env: {
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_RUN_ID: '4242',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKFLOW: 'release',
      GITHUB_STATE: state,
      RUNNER_TEMP: dir
    },
    read: () => ({
      outputs: parseOutputFile(readFileSync(output, 'utf8')),
      summary: readFileSync(summary, 'utf8'),
      // Everything the step left in its folder (outputs, summary, state…), for secret scans.
      files: readdirSync(dir)
        .map(name => readFileSync(join(dir, name), 'utf8'))
        .join('\n')
    }),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

export interface BundledRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** The contents of every file the step was given (outputs, summary, state), joined. */
  files: string
  /** Wall-clock milliseconds from spawn to exit. */
  elapsedMs: number
}

export interface BundledRunOptions {
  env?: Record<string, string>
  /** 'dist' (default) runs the committed bundle, as runners do; 'source' runs src/ through tsx. */
  entry?: 'dist' | 'source'
  /** Called once the child is running, e.g. to send it signals. */
  onSpawn?: (child: ChildProcess) => void
}

/** The inputs that point the action at an emulator: its region, credentials and URL. */
export function emulatorConnection(emulator: PodEmulator): Record<string, string> {
  return {
    region: emulator.region,
    'access-key': emulator.credentials.accessKey,
    'secret-key': emulator.credentials.secretKey,
    endpoint: emulator.url,
    'lb-endpoint': emulator.lbUrl
  }
}

/** `node dist/index.js` (or the sources) with these inputs, as a runner would start it. */
export function runBundled(
  inputs: Record<string, string>,
  options: BundledRunOptions = {}
): Promise<BundledRun> {
  const files = stepFiles()
  const started = performance.now()
  const args =
    options.entry === 'source'
      ? ['--import', 'tsx', join(root, 'src', 'index.ts')]
      : [join(root, 'dist', 'index.js')]
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...files.env, ...inputEnv(inputs), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
  options.onSpawn?.(child)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const { outputs, summary, files: contents } = files.read()
      files.remove()
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        outputs,
        summary,
        files: contents,
        elapsedMs: performance.now() - started
      })
    })
  })
}
