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
  exitCode: number | undefined
}

/** Runs the action with `inputs`; restores process.env, exitCode and stdout afterwards. */
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
  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  process.exitCode = undefined
  // core.summary remembers the first GITHUB_STEP_SUMMARY it saw; a runner starts a process per step.
  ;(core.summary as unknown as { _filePath?: string })._filePath = undefined
  try {
    const report = await run({ env: process.env, ...options })
    return {
      report,
      ...files.read(),
      log: chunks.join(''),
      exitCode: process.exitCode as number | undefined
    }
  } finally {
    process.stdout.write = write
    process.exitCode = savedExitCode
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
    files.remove()
  }
}
