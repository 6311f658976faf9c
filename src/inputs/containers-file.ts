/**
 * The `containers-file` input: a path, relative to the workspace, to a YAML or JSON file that holds
 * what `containers` would. Read here, synchronously, while the inputs are read: a file that is
 * missing, out of the workspace (by `..` or by a symbolic link), a directory, too large or not
 * UTF-8 is an input problem like any other, found before the first API call.
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync
} from 'node:fs'
import { isAbsolute, relative, resolve, sep, win32 } from 'node:path'
import type { Problems } from '../problems.js'
import { escapeControl, quote } from '../text.js'
import { MAX_CONTAINERS_BYTES } from './containers-input.js'
import { hasAnyControlCharacter } from './parse.js'

const INPUT = 'containers-file'
const MAX_PATH = 1024
const CHECKOUT_HINT = 'did the job run actions/checkout first?'

export interface ContainersFile {
  /** The path relative to the workspace, with `/`, as problems show it. */
  file: string
  text: string
}

/** The checked-out repository: GITHUB_WORKSPACE on a runner, else the current directory. */
export function workspaceOf(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  return env.GITHUB_WORKSPACE?.trim() || cwd
}

export function readContainersFile(
  value: string,
  workspace: string,
  problems: Problems
): ContainersFile | undefined {
  if (value.length > MAX_PATH || hasAnyControlCharacter(value)) {
    problems.add(
      INPUT,
      `must be a path of at most ${MAX_PATH} characters, with no control characters`
    )
    return undefined
  }
  // Absolute on this runner or on any other (C:\…, \\server\…): a workflow moves between them.
  if (isAbsolute(value) || win32.isAbsolute(value)) {
    problems.add(
      INPUT,
      `${quote(value)} is absolute: give a path relative to the workspace, e.g. deploy/web.yaml`
    )
    return undefined
  }
  const inside = relative(workspace, resolve(workspace, value))
  if (leadsOut(inside)) {
    problems.add(
      INPUT,
      `${quote(value)} leads out of the workspace: give a path inside it, e.g. deploy/web.yaml`
    )
    return undefined
  }
  const file = escapeControl(inside.split(sep).join('/') || '.')
  let root: string
  let real: string
  try {
    root = realpathSync(workspace)
  } catch {
    problems.add(INPUT, `the workspace ${quote(workspace)} does not exist; ${CHECKOUT_HINT}`)
    return undefined
  }
  try {
    real = realpathSync(resolve(root, inside))
  } catch (error) {
    const code = errorCode(error)
    problems.add(
      INPUT,
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `no file ${file} in the workspace; ${CHECKOUT_HINT}`
        : `${file} cannot be read (${code})`
    )
    return undefined
  }
  if (leadsOut(relative(root, real))) {
    problems.add(INPUT, `${file} leads out of the workspace through a symbolic link`)
    return undefined
  }
  const text = readCapped(real, file, problems)
  if (text !== undefined && text.trim() === '') {
    problems.add(INPUT, `${file} is empty`)
    return undefined
  }
  return text === undefined ? undefined : { file, text }
}

function leadsOut(path: string): boolean {
  return path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)
}

const errorCode = (error: unknown): string => String((error as NodeJS.ErrnoException).code)

/**
 * The file's text, when it is a regular file of at most the cap, in UTF-8. Opened without waiting
 * (a FIFO must not hang the step), checked on the open file, and read no further than the cap.
 */
function readCapped(path: string, file: string, problems: Problems): string | undefined {
  // Asked before opening: some systems open a directory, others refuse to.
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    problems.add(INPUT, `${file} is a directory: name the YAML or JSON file in it`)
    return undefined
  }
  let fd: number
  try {
    // O_NONBLOCK is undefined on Windows, where a bitwise or reads it as 0.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    problems.add(INPUT, `${file} cannot be read (${errorCode(error)})`)
    return undefined
  }
  try {
    if (!fstatSync(fd).isFile()) {
      problems.add(INPUT, `${file} is not a regular file`)
      return undefined
    }
    // One byte past the cap is enough to tell a file that is too large, however it was measured.
    const buffer = Buffer.alloc(MAX_CONTAINERS_BYTES + 1)
    let length = 0
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null)
      if (read === 0) break
      length += read
    }
    if (length > MAX_CONTAINERS_BYTES) {
      problems.add(INPUT, `${file} is larger than ${MAX_CONTAINERS_BYTES / 1024} KiB`)
      return undefined
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length))
    } catch {
      problems.add(INPUT, `${file} is not UTF-8 text`)
      return undefined
    }
  } finally {
    closeSync(fd)
  }
}
