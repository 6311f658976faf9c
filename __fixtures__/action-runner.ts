// Runs the action in-process the way a runner would (see runner-step.ts): inputs with
// action.yml's defaults, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the log captured from
// stdout. Injected options (a virtual clock, fast retries) make minutes pass in milliseconds.
import * as core from '@actions/core'
import { run } from '../src/main.js'
import type { RunOptions } from '../src/main.js'
import type { RunReport } from '../src/report/model.js'
import { inputEnv, stepFiles } from './runner-step.js'

export interface ActionRun {
  report: RunReport
  outputs: Record<string, string>
  summary: string
  /** Everything written to stdout (the job log), workflow commands included. */
  log: string
  /** Everything written to process.stderr while the action ran. */
  stderr: string
  /** The contents of every file the step was given (outputs, summary, state), joined. */
  files: string
  exitCode: number | undefined
}

/** Runs the action with `inputs`; restores process.env, exitCode, stdout and stderr afterwards. */
export async function runAction(
  inputs: Record<string, string>,
  options: RunOptions & { extraEnv?: Record<string, string> } = {}
): Promise<ActionRun> {
  const files = stepFiles()
  const saved = { ...process.env }
  const savedExitCode = process.exitCode
  for (const key of Object.keys(process.env))
    if (key.startsWith('INPUT_') || key.startsWith('JDCLOUD_') || key.startsWith('GITHUB_'))
      delete process.env[key]
  Object.assign(process.env, files.env, inputEnv(inputs), options.extraEnv)
  const stdout = capture(process.stdout)
  const stderr = capture(process.stderr)
  process.exitCode = undefined
  // core.summary remembers the first GITHUB_STEP_SUMMARY it saw; a runner starts a process per step.
  ;(core.summary as unknown as { _filePath?: string })._filePath = undefined
  try {
    const report = await run({ env: process.env, ...options })
    return {
      report,
      ...files.read(),
      log: stdout.text(),
      stderr: stderr.text(),
      exitCode: process.exitCode as number | undefined
    }
  } finally {
    stdout.restore()
    stderr.restore()
    process.exitCode = savedExitCode
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
    files.remove()
  }
}

/** Collects what is written to `stream` instead of letting it through, until `restore`. */
function capture(stream: NodeJS.WriteStream): { text: () => string; restore: () => void } {
  const chunks: string[] = []
  const write = stream.write
  stream.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof stream.write
  return { text: () => chunks.join(''), restore: () => void (stream.write = write) }
}
