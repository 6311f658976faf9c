/**
 * The one log line that explains a failure, shown uncollapsed in the summary's Why. The rule:
 * the last line of the tail that looks like an error, passing over lines that only announce the
 * exit ("exiting with status 1", "shutting down") when an earlier error line says why; with no
 * error-looking line, the last non-empty line. Stack frames are never chosen.
 */

/** Words and shapes that mark a line as an error: log levels, exceptions, failing verbs. */
const ERROR_LOOKING =
  /\b(fatal|error|err|panic|critical|crit|severe|emerg|alert|exception|traceback|failed|failure|fail|cannot|can't|could not|couldn't|unable|refused|denied|forbidden|unauthori[sz]ed|not found|no such|missing|invalid|not set|undefined|timed? ?out|killed|segmentation fault|oom)\b/i
/** KeyError, IllegalStateException: a class name, so case counts ("terror" is none). */
const EXCEPTION_NAME = /\b[A-Z]\w*(Error|Exception)\b/

/** A line that only says the process is going away: the consequence, not the cause. */
const ONLY_EXITING =
  /^\W*(\S+\s+){0,3}?\W*(exit(ing|ed)?|shutting down|terminat(ing|ed)|stopp(ing|ed)|process (exited|ended))\b[^:]*$/i

/** Stack frames (Java, Python, Node, Go) and blank lines: never the explaining line. */
const NOT_A_MESSAGE =
  /^\s*$|^\s+at\s|^\s*File "|^\s*goroutine \d+|^\s+\S+\.go:\d+|^\s*\.\.\. \d+ more/

/** Longer than this, the line is cut: the full tail is one click away. */
export const MAX_EXPLAINING_CHARS = 300

export function explainingLine(logs: string | undefined): string | undefined {
  if (!logs) return undefined
  const lines = logs.split(/\r?\n/).filter(line => !NOT_A_MESSAGE.test(line))
  let fallback: string | undefined
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string
    if (!ERROR_LOOKING.test(line) && !EXCEPTION_NAME.test(line)) continue
    if (!ONLY_EXITING.test(withoutPrefix(line))) return cut(line)
    fallback ??= line
  }
  return cut(fallback ?? lines.at(-1))
}

/** The line without its timestamp and level, so that "exiting…" is judged on its words. */
function withoutPrefix(line: string): string {
  return line
    .replace(/^\s*\[?\d{4}-\d\d-\d\d[T ][\d:.,]+Z?\]?\s*/, '')
    .replace(/^\s*\[?(fatal|error|err|panic|critical|crit|warn|warning|info)\]?:?\s*/i, '')
}

function cut(line: string | undefined): string | undefined {
  if (line === undefined) return undefined
  const trimmed = line.trim()
  return trimmed.length > MAX_EXPLAINING_CHARS
    ? `${trimmed.slice(0, MAX_EXPLAINING_CHARS - 1)}…`
    : trimmed
}
