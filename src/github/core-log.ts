import * as core from '@actions/core'
import type { Log } from '../log.js'

/**
 * The Log on the runner. Every line goes through @actions/core, which escapes annotations; plain
 * lines are passed through `neutralise` so that no echoed value can act as a workflow command.
 */
export const coreLog: Log = {
  info: message => core.info(neutralise(message)),
  warning: message => core.warning(message),
  error: message => core.error(message),
  debug: message => core.debug(message),
  group: (title, lines) => {
    core.startGroup(neutralise(title))
    for (const line of lines) core.info(neutralise(line))
    core.endGroup()
  }
}

/** A line that starts with `::` (after white space) would be read as a command: indent it with a mark. */
export function neutralise(message: string): string {
  return message
    .split(/\r?\n|\r/)
    .map(line => (/^\s*::/.test(line) ? `› ${line}` : line))
    .join('\n')
}
