// Runs the action in-process the way a runner would (see runner-step.ts): inputs with
// action.yml's defaults, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the log captured from
// stdout. Injected options (a virtual clock, fast retries) make minutes pass in milliseconds.
// readInputsOnly runs only the action's first step, reading its inputs, for property tests that
// try hundreds of values per input.
import * as core from '@actions/core'
import { breakLegacyMarkers } from '../src/github/core-log.js'
import { explain, run } from '../src/main.js'
import type { RunOptions } from '../src/main.js'
import type { RunReport } from '../src/report/model.js'
import { readSettings } from '../src/inputs/settings.js'
import type { Settings } from '../src/inputs/settings.js'
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
  // core.summary remembers the first GITHUB_STEP_SUMMARY it saw; a runner starts a process per step.
  ;(core.summary as unknown as { _filePath?: string })._filePath = undefined
  try {
    const step = await inStep({ ...files.env, ...inputEnv(inputs), ...options.extraEnv }, () =>
      run({ env: process.env, ...options })
    )
    return {
      report: step.value,
      ...files.read(),
      log: step.stdout,
      stderr: step.stderr,
      exitCode: step.exitCode
    }
  } finally {
    files.remove()
  }
}

export interface InputsRead {
  /** What readSettings made of the inputs, when it accepted them. */
  settings?: Settings
  /** What it threw, when it refused them. */
  error?: unknown
  /** What the action printed meanwhile: add-mask lines, notices, and its ::error:: on refusal. */
  log: string
  stderr: string
  /** The exit code a refusal sets (1), or undefined. */
  exitCode: number | undefined
}

/**
 * The action up to its first API call: the inputs read as run() reads them (core.getInput from
 * the INPUT_* environment a runner sets, secrets masked with core.setSecret, notices with
 * core.notice) and, when they are refused, the failure reported as run() reports one that happens
 * before anything starts (core.setFailed of the explained error). No files, no emulator, no
 * summary: what is left of a run that is refused at its inputs.
 */
export async function readInputsOnly(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {}
): Promise<InputsRead> {
  const step = await inStep({ ...inputEnv(inputs), ...extraEnv }, () => {
    try {
      const settings = readSettings(
        name => core.getInput(name),
        process.env,
        secret => core.setSecret(secret),
        message => core.notice(message)
      )
      return { settings }
    } catch (error) {
      core.setFailed(breakLegacyMarkers(explain(error)))
      return { error }
    }
  })
  return { ...step.value, log: step.stdout, stderr: step.stderr, exitCode: step.exitCode }
}

/**
 * Runs `body` as a step: process.env's INPUT_*, JDCLOUD_* and GITHUB_* variables replaced by
 * `env`, stdout and stderr captured, process.exitCode starting unset; all three are restored
 * afterwards.
 */
async function inStep<T>(
  env: Record<string, string>,
  body: () => T | Promise<T>
): Promise<{ value: T; stdout: string; stderr: string; exitCode: number | undefined }> {
  const saved = { ...process.env }
  const savedExitCode = process.exitCode
  for (const key of Object.keys(process.env))
    if (key.startsWith('INPUT_') || key.startsWith('JDCLOUD_') || key.startsWith('GITHUB_'))
      delete process.env[key]
  Object.assign(process.env, env)
  const stdout = capture(process.stdout)
  const stderr = capture(process.stderr)
  process.exitCode = undefined
  try {
    const value = await body()
    return {
      value,
      stdout: stdout.text(),
      stderr: stderr.text(),
      exitCode: process.exitCode as number | undefined
    }
  } finally {
    stdout.restore()
    stderr.restore()
    process.exitCode = savedExitCode
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    // Only what changed is put back: property tests run thousands of steps.
    for (const [key, value] of Object.entries(saved))
      if (process.env[key] !== value) process.env[key] = value
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
