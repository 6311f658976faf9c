import * as core from '@actions/core'
import type { Log } from '../log.js'

/**
 * The Log on the runner. Plain lines (info, group titles and lines) echo text from the cloud, so
 * they go through `neutralise`; annotations and debug lines go through @actions/core, whose
 * escaping keeps each on one `::error::…` line, and through `breakLegacyMarkers`.
 */
export const coreLog: Log = {
  info: message => core.info(neutralise(message)),
  warning: message => core.warning(breakLegacyMarkers(message)),
  debug: message => core.debug(breakLegacyMarkers(message)),
  group: (title, lines) => {
    core.startGroup(neutralise(title))
    for (const line of lines) core.info(neutralise(line))
    core.endGroup()
  }
}

/** The run's verdict: its one ::error annotation, and a non-zero exit. */
export function failStep(message: string): void {
  core.setFailed(breakLegacyMarkers(message))
}

// The runner (actions/runner, src/Runner.Common/ActionCommand.cs) reads a stdout line as a command
// in two forms: `::name …::data` once .NET white space is trimmed from the start (NEL U+0085
// included, which JavaScript's \s is not), and the legacy `##[name …]data` anywhere in the line.
// Lines end at \r, \n or \r\n only (StreamReader.ReadLine).
//
// Why escape rather than wrap echoed text in `::stop-commands::<token>` … `::<token>::`: escaping
// is decided line by line with no state in the runner, so nothing can leave commands switched off
// (an add-mask or the final ::error:: swallowed); it also breaks the `##[group]`-style markers the
// log viewer draws, which stop-commands leaves in place; it works for any runner that reads these
// forms, whether or not it implements stop-commands; and it adds no marker lines to the log. The
// cost: a mark a reader sees, and a registered secret that itself contains `##[` would no longer
// match the runner's masker if the cloud echoed it.

/** Line starts the runner may read as `::` commands: .NET white space is JavaScript's \s plus NEL. */
const COMMAND_START = /^[\s\u0085]*::/

/**
 * Every line of `message` made inert: a line that starts with `::` (after white space) gets a
 * `› ` mark in front, and each `##[` becomes `##›[`. Lines are joined with \n.
 */
export function neutralise(message: string): string {
  return message
    .split(/\r\n|\r|\n/)
    .map(line => breakLegacyMarkers(COMMAND_START.test(line) ? `› ${line}` : line))
    .join('\n')
}

/**
 * `##[` becomes `##›[`. Inside an annotation or ::debug:: the parser does not need it (a line that
 * parses as `::error::` is never tried as `##[`), but the runner writes the unescaped, possibly
 * multi-line message into the log after `##[error]`, and `##[…]` is how the log marks its own
 * lines (the runner strips `##[start-action` from output for that reason).
 */
export function breakLegacyMarkers(text: string): string {
  return text.replaceAll('##[', '##›[')
}
