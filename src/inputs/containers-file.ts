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
  readlinkSync,
  readSync,
  realpathSync,
  statSync
} from 'node:fs'
import type { Stats } from 'node:fs'
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
  problems: Problems,
  race: SwapRace = {}
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
  try {
    root = realpathSync(workspace)
  } catch {
    problems.add(INPUT, `the workspace ${quote(workspace)} does not exist; ${CHECKOUT_HINT}`)
    return undefined
  }
  const text = readInside(resolve(root, inside), root, file, problems, race)
  if (text !== undefined && text.trim() === '') {
    problems.add(INPUT, `${file} is empty`)
    return undefined
  }
  return text === undefined ? undefined : { file, text }
}

/**
 * Where a test swaps the path for a link out of the workspace: before the file is opened (the
 * check of what was opened must catch it), or once it is open (the open file is what is read).
 */
export interface SwapRace {
  beforeOpen?: () => void
  afterOpen?: () => void
}

/**
 * Opens the path once, then checks the file that was opened, never the name again: its real path
 * (the descriptor's, /proc/self/fd on Linux), and elsewhere the real path of the name holding the
 * same device and inode as the open file. A swap between a check and a read cannot read outside
 * the workspace, since there is no second lookup to swap under.
 */
function readInside(
  path: string,
  root: string,
  file: string,
  problems: Problems,
  race: SwapRace
): string | undefined {
  // A link out is refused before it is even opened (opening a device can do something); the
  // check of the open file below is what holds when the path is swapped meanwhile.
  if (leadsOut(relative(root, realpathOr(path)))) {
    problems.add(INPUT, `${file} leads out of the workspace through a symbolic link`)
    return undefined
  }
  race.beforeOpen?.()
  let fd: number
  try {
    // O_NONBLOCK (a FIFO must not hang the step) is undefined on Windows: a bitwise or reads it as 0.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    const code = errorCode(error)
    problems.add(
      INPUT,
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `no file ${file} in the workspace; ${CHECKOUT_HINT}`
        : code === 'EISDIR'
          ? `${file} is a directory: name the YAML or JSON file in it`
          : `${file} cannot be read (${code})`
    )
    return undefined
  }
  try {
    race.afterOpen?.()
    const opened = fstatSync(fd)
    const real = realPathOfOpenFile(fd, path, opened)
    if (real === undefined) {
      problems.add(INPUT, `${file} changed while it was opened; run again`)
      return undefined
    }
    if (leadsOut(relative(root, real))) {
      problems.add(INPUT, `${file} leads out of the workspace through a symbolic link`)
      return undefined
    }
    if (opened.isDirectory()) {
      problems.add(INPUT, `${file} is a directory: name the YAML or JSON file in it`)
      return undefined
    }
    if (!opened.isFile()) {
      problems.add(INPUT, `${file} is not a regular file`)
      return undefined
    }
    return readCapped(fd, file, problems)
  } finally {
    closeSync(fd)
  }
}

/** The real path, or the path itself when it has none (missing: the open will say so). */
function realpathOr(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

/** The real path of what `fd` is; undefined when the name no longer leads to that file. */
function realPathOfOpenFile(fd: number, path: string, opened: Stats): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`)
  } catch {
    // No /proc (macOS, Windows): the name's real path, if it still is the file that is open.
  }
  try {
    const real = realpathSync(path)
    const named = statSync(real)
    return named.dev === opened.dev && named.ino === opened.ino ? real : undefined
  } catch {
    return undefined
  }
}

function leadsOut(path: string): boolean {
  return path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)
}

const errorCode = (error: unknown): string => String((error as NodeJS.ErrnoException).code)

/** The open file's text, when it is at most the cap, in UTF-8; read no further than the cap. */
function readCapped(fd: number, file: string, problems: Problems): string | undefined {
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
}
