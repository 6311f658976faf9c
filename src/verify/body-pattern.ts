/**
 * verify-body's `/regex/flags`, run by RE2 (re2js, a pure-JavaScript port of Go's regexp): a
 * match takes time linear in the body whatever the pattern, because RE2 runs automata and never
 * backtracks. JavaScript's own engine backtracks: `/^(a+)+$/` against `aaaa…!` runs for ever and
 * holds the event loop, SIGINT and SIGTERM with it. The other way, a step budget on a
 * backtracking match, would need an engine of our own to count steps in; RE2 has the bound by
 * construction. Its price: no backreferences and no lookaround, which are refused when the inputs
 * are read, with the reason, so that a pattern never fails only once a pod has moved.
 */
import { RE2JS } from 're2js'

/** What the check needs of a pattern. */
export interface BodyPattern {
  test(text: string): boolean
}

const FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0 // RE2 reads the pattern and the body as Unicode code points already
}

/** The pattern compiled for RE2, or why it cannot be (a rule a person can act on). */
export function compileBodyPattern(
  pattern: string,
  flags: string
): { pattern: BodyPattern } | { problem: string } {
  try {
    // Only to check the syntax as JavaScript reads it (and word errors as it does): never run.
    new RegExp(pattern, flags)
  } catch (error) {
    return {
      problem: `is not a valid regular expression: ${(error as Error).message.replace(/^.*: /s, '')}`
    }
  }
  const unsupported = backtrackingOnly(pattern)
  if (unsupported)
    return {
      problem: `uses ${unsupported}, which needs backtracking: verify-body patterns run in linear time (RE2) and cannot use backreferences or lookaround`
    }
  try {
    const mode = [...flags].reduce((sum, flag) => sum | (FLAGS[flag] ?? 0), 0)
    const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), mode)
    return { pattern: { test: text => compiled.test(text) } }
  } catch (error) {
    const why = (error as Error).message.replace(/^error parsing regexp: /, '')
    return { problem: `cannot run in linear time (RE2): ${why}` }
  }
}

/**
 * The first backreference (`\1`, `\k<name>`) or lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`) outside
 * a character class, named as written. (re2js would refuse most of them too, but would read
 * `\k<name>` as the letters `k<name>`, and word a lookbehind as a bad group name.)
 */
function backtrackingOnly(pattern: string): string | undefined {
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]
    if (char === '\\') {
      const next = pattern[i + 1] ?? ''
      if (!inClass && /[1-9]/.test(next)) return `the backreference \\${next}`
      if (!inClass && next === 'k' && pattern[i + 2] === '<') return 'a named backreference \\k<…>'
      i++
    } else if (inClass) {
      if (char === ']') inClass = false
    } else if (char === '[') inClass = true
    else if (char === '(' && pattern[i + 1] === '?') {
      const look = /^\(\?(<?[=!])/.exec(pattern.slice(i, i + 4))?.[1]
      if (look) return `the ${look.startsWith('<') ? 'lookbehind' : 'lookahead'} (?${look}`
    }
  }
  return undefined
}
