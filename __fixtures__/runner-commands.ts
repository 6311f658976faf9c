// How the GitHub Actions runner turns an action's stdout into workflow commands: a TypeScript port,
// written for these tests, of the parsing rules read in actions/runner at commit
// 258d6c857db3519913f7deb6004b60172f8043ae:
//   src/Runner.Sdk/ProcessInvoker.cs             stdout is read with StreamReader.ReadLine
//   src/Runner.Worker/Handlers/OutputManager.cs  OnDataReceived: each line goes to TryProcessCommand
//   src/Runner.Worker/ActionCommandManager.cs    TryProcessCommand: V2 first, then legacy; stop-commands
//   src/Runner.Common/ExtensionManager.cs        the registered command names
//   src/Runner.Common/ActionCommand.cs           TryParseV2, TryParse, the three Unescape tables
// The port errs on the side of seeing a command where the runner might not (notice is always
// processed, case folding is generous), so a test that finds no foreign command is conservative.
//
// .NET's string.StartsWith(string) and IndexOf(string) are culture-sensitive (the runner does not
// set InvariantGlobalization, so ICU collation applies): a code point that collation ignores, such
// as U+00AD or U+200B, can make `:\u00AD:` match `::`. The port compares ordinally. Such a match
// never yields a command: the runner then cuts the name at a fixed offset (2 after the trimmed
// start, prefixIndex + 3 for `##[`), so the name would begin with `:`, `#`, `[` or the ignored
// code point, and no registered name does.

/** A command the runner would act on, with the 1-based number of the stdout line it came from. */
export interface RunnerCommand {
  command: string
  properties: Record<string, string>
  data: string
  line: number
  form: 'v2' | 'legacy'
}

/** ExtensionManager's IActionCommandExtension list, plus stop-commands (ActionCommandManager.Initialize). */
export const REGISTERED_COMMANDS: readonly string[] = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-path',
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo'
]

/**
 * What .NET's char.IsWhiteSpace accepts, hence what string.Trim()/TrimStart() remove: Unicode
 * White_Space. Unlike JavaScript's \s it includes NEL U+0085 and excludes U+FEFF.
 */
export const DOTNET_WHITE_SPACE =
  '\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000'
const LEADING_WHITE_SPACE = new RegExp(`^[${DOTNET_WHITE_SPACE}]+`)
const TRAILING_WHITE_SPACE = new RegExp(`[${DOTNET_WHITE_SPACE}]+$`)

export const dotnetTrimStart = (text: string): string => text.replace(LEADING_WHITE_SPACE, '')
export const dotnetTrim = (text: string): string =>
  dotnetTrimStart(text).replace(TRAILING_WHITE_SPACE, '')

/**
 * StringComparer.OrdinalIgnoreCase compares code point by code point after a simple (one to one)
 * upper-case mapping; JavaScript's toUpperCase is the full mapping (ß → SS), so keep a code point
 * whose full mapping is longer than one.
 */
function fold(text: string): string {
  let folded = ''
  for (const char of text) {
    const upper = char.toUpperCase()
    folded += [...upper].length === 1 ? upper : char
  }
  return folded
}

/** Each table is applied in this order, one string.Replace (ordinal) after another. */
const LEGACY_ESCAPES: Array<[string, string]> = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%']
]
const DATA_ESCAPES: Array<[string, string]> = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%']
]
const PROPERTY_ESCAPES: Array<[string, string]> = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%']
]
const unescape = (text: string, table: Array<[string, string]>): string =>
  table.reduce((value, [escaped, plain]) => value.split(escaped).join(plain), text)

/** `text.Split(new[] { '=' }, count: 2, StringSplitOptions.RemoveEmptyEntries)` as .NET Core does it. */
function splitPair(text: string): string[] {
  // Empty entries are dropped, and so are those before the last one: `==a==b=c` gives `a`, `b=c`.
  const rest = text.replace(/^=+/, '')
  const at = rest.indexOf('=')
  if (at < 0) return rest === '' ? [] : [rest]
  const tail = rest.slice(at + 1).replace(/^=+/, '')
  return tail === '' ? [rest.slice(0, at)] : [rest.slice(0, at), tail]
}

interface Parsed {
  command: string
  properties: Record<string, string>
  data: string
}

/** Properties go into a Dictionary with OrdinalIgnoreCase keys: a later `NAME=` replaces `name=`. */
function readProperties(
  text: string,
  separator: string,
  table: Array<[string, string]>
): Record<string, string> {
  const properties: Record<string, string> = Object.create(null) as Record<string, string>
  for (const entry of text.split(separator).filter(part => part !== '')) {
    const pair = splitPair(entry)
    if (pair.length !== 2) continue
    const [key, value] = pair as [string, string]
    const existing = Object.keys(properties).find(name => fold(name) === fold(key)) ?? key
    properties[existing] = unescape(value, table)
  }
  return properties
}

/** The part of cmdInfo before the first space; null unless it is a registered name. */
function commandName(cmdInfo: string, registered: ReadonlySet<string>): string | null {
  const space = cmdInfo.indexOf(' ')
  const name = space < 0 ? cmdInfo : cmdInfo.slice(0, space)
  return name !== '' && registered.has(fold(name)) ? name : null
}

/** ActionCommand.TryParseV2: `::name k=v,k=v::data` once leading white space is trimmed. */
export function parseV2(message: string, registered: ReadonlySet<string>): Parsed | null {
  const trimmed = dotnetTrimStart(message)
  if (!trimmed.startsWith('::')) return null
  const end = trimmed.indexOf('::', 2)
  if (end < 0) return null
  const cmdInfo = trimmed.slice(2, end)
  const command = commandName(cmdInfo, registered)
  if (command === null) return null
  const space = cmdInfo.indexOf(' ')
  const properties =
    space > 0
      ? readProperties(dotnetTrim(cmdInfo.slice(space + 1)), ',', PROPERTY_ESCAPES)
      : (Object.create(null) as Record<string, string>)
  return { command, properties, data: unescape(trimmed.slice(end + 2), DATA_ESCAPES) }
}

/** ActionCommand.TryParse: the first `##[` anywhere in the line, `name k=v;k=v]data`. */
export function parseLegacy(message: string, registered: ReadonlySet<string>): Parsed | null {
  const prefix = message.indexOf('##[')
  if (prefix < 0) return null
  const bracket = message.indexOf(']', prefix)
  if (bracket < 0) return null
  const cmdInfo = message.slice(prefix + 3, bracket)
  const command = commandName(cmdInfo, registered)
  if (command === null) return null
  const space = cmdInfo.indexOf(' ')
  const properties =
    space > 0
      ? readProperties(cmdInfo.slice(space + 1), ';', LEGACY_ESCAPES)
      : (Object.create(null) as Record<string, string>)
  return { command, properties, data: unescape(message.slice(bracket + 1), LEGACY_ESCAPES) }
}

/** StreamReader.ReadLine ends a line at \r\n, \r or \n, and at nothing else (not NEL, not U+2028). */
export function runnerLines(stdout: string): string[] {
  // The pipe carries UTF-8: a lone surrogate that Node writes arrives as U+FFFD.
  return Buffer.from(stdout, 'utf8')
    .toString('utf8')
    .split(/\r\n|\r|\n/)
}

/**
 * Every command the runner would act on in `stdout`, in order, honouring stop-commands: while
 * stopped, only the stop token (registered as a command name, in either form) is seen, and it
 * resumes processing. The stop-commands and resume lines are themselves reported.
 */
export function parseCommands(stdout: string): RunnerCommand[] {
  const registered = new Set(REGISTERED_COMMANDS.map(fold))
  let stopToken: string | null = null
  const commands: RunnerCommand[] = []
  runnerLines(stdout).forEach((text, index) => {
    // OutputManager.OnDataReceived looks only at lines holding `##[` or `::`.
    if (text === '' || (!text.includes('##[') && !text.includes('::'))) return
    const v2 = parseV2(text, registered)
    const parsed = v2 ?? parseLegacy(text, registered)
    if (parsed === null) return
    const command: RunnerCommand = { ...parsed, line: index + 1, form: v2 ? 'v2' : 'legacy' }
    if (stopToken !== null) {
      if (fold(parsed.command) !== fold(stopToken)) return
      registered.delete(fold(stopToken))
      stopToken = null
      commands.push(command)
      return
    }
    commands.push(command)
    if (fold(parsed.command) !== fold('stop-commands')) return
    // ValidateStopToken throws (the step errors, nothing is stopped) for an empty token, a
    // registered name or pause-logging, unless ACTIONS_ALLOW_UNSECURE_STOP_COMMAND_TOKENS is set.
    const token = parsed.data
    if (token === '' || registered.has(fold(token)) || fold(token) === fold('pause-logging')) return
    stopToken = token
    registered.add(fold(token))
  })
  return commands
}
