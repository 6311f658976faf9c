// npm run check-action — action.yml and the workflows checked offline, before anything runs them.
//
// 1. The documented metadata rules for a JavaScript action (docs.github.com, "Metadata syntax for
//    GitHub Actions"): name, description and runs required; no unknown keys; input and output ids;
//    each input's and output's keys; runs.using node20 or node24 with its files present; branding.
// 2. The project's own rules: every input has a string default (defaults live in action.yml, not in
//    code), and action.yml and the sources agree on which inputs are read and outputs set.
// 3. SchemaStore's github-action and github-workflow schemas, through @action-validator/core (a
//    WASM build that needs no network). Its newest release, 0.6.0, predates `using: node24`, so
//    runs.using is checked by rule 1 and the schema sees node20 in its place.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { validateAction, validateWorkflow } from '@action-validator/core'
import type { ValidationError } from '@action-validator/core'
import { isMap, isScalar, parseDocument } from 'yaml'

const TOP_LEVEL = ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']
const INPUT_KEYS = ['description', 'required', 'default', 'deprecationMessage']
const OUTPUT_KEYS = ['description']
const RUNS_KEYS = ['using', 'main', 'pre', 'pre-if', 'post', 'post-if']
const NODE_RUNTIMES = ['node20', 'node24']
const ID = /^[a-zA-Z_][a-zA-Z0-9_-]*$/
const COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']

export interface Sources {
  /** Where runs.main and friends are looked for. */
  root: string
  /** The text of the code that reads the inputs (every file of src/inputs/, joined). */
  settings: string
  /** The text of the code that sets the outputs (src/report/outputs.ts). */
  outputs: string
}

type Metadata = Record<string, unknown>

/** Every problem of an action.yml, as `path: rule` lines; none means it is fine. */
export function actionProblems(text: string, sources: Sources): string[] {
  const problems: string[] = []
  const document = parseDocument(text, { uniqueKeys: true })
  for (const error of document.errors) problems.push(`action.yml: ${error.message}`)
  if (document.errors.length > 0) return problems
  const metadata = document.toJS() as unknown
  if (!isRecord(metadata)) return ['action.yml: must be a mapping']

  for (const key of Object.keys(metadata))
    if (!TOP_LEVEL.includes(key)) problems.push(`${key}: is not an action.yml key`)
  for (const key of ['name', 'description'])
    if (typeof metadata[key] !== 'string' || (metadata[key] as string).trim() === '')
      problems.push(`${key}: is required and must be a non-empty string`)

  const inputs = section(metadata, 'inputs', problems)
  for (const [id, entry] of Object.entries(inputs)) {
    const at = `inputs.${id}`
    const input = checkEntry('input', id, entry, INPUT_KEYS, problems)
    if (!input) continue
    if (input.required !== undefined && typeof input.required !== 'boolean')
      problems.push(`${at}.required: must be true or false`)
    // The runner hands every input over as a string: a YAML true or 10 would arrive as text anyway.
    if (!('default' in input)) problems.push(`${at}.default: declare the default here, not in code`)
    else if (typeof input.default !== 'string')
      problems.push(`${at}.default: quote it ('${String(input.default)}'): defaults are strings`)
  }
  // A YAML scalar that is not quoted may not say what it seems (yes, on, 010).
  const inputsNode = document.get('inputs', true)
  if (isMap(inputsNode))
    for (const pair of inputsNode.items) {
      const value = isMap(pair.value) ? pair.value.get('default', true) : undefined
      if (isScalar(value) && typeof value.value !== 'string')
        problems.push(`inputs.${String(pair.key)}.default: must be a string scalar`)
    }

  const outputs = section(metadata, 'outputs', problems)
  for (const [id, output] of Object.entries(outputs))
    checkEntry('output', id, output, OUTPUT_KEYS, problems, key =>
      key === 'value' ? 'is only for composite actions' : 'is not an output key'
    )

  const runs = metadata.runs
  if (!isRecord(runs)) problems.push('runs: is required and must be a mapping')
  else {
    for (const key of Object.keys(runs))
      if (!RUNS_KEYS.includes(key))
        problems.push(`runs.${key}: is not a key of a JavaScript action`)
    if (!NODE_RUNTIMES.includes(String(runs.using)))
      problems.push(
        `runs.using: ${String(runs.using)} is not a runtime GitHub runs (${NODE_RUNTIMES.join(', ')})`
      )
    if (typeof runs.main !== 'string') problems.push('runs.main: is required')
    for (const key of ['main', 'pre', 'post'])
      if (typeof runs[key] === 'string' && !existsSync(join(sources.root, runs[key] as string)))
        problems.push(`runs.${key}: ${runs[key] as string} does not exist`)
  }

  const branding = metadata.branding
  if (branding !== undefined) {
    if (!isRecord(branding)) problems.push('branding: must be a mapping')
    else {
      for (const key of Object.keys(branding))
        if (key !== 'icon' && key !== 'color')
          problems.push(`branding.${key}: is not a branding key`)
      if (branding.color !== undefined && !COLORS.includes(String(branding.color)))
        problems.push(`branding.color: must be one of ${COLORS.join(', ')}`)
    }
  }

  // The code and the metadata agree: each input is read, each read input is declared; each
  // output is set.
  const read = new Set(
    [...sources.settings.matchAll(/\b(?:read|input)\('([a-z0-9-]+)'\)/g)].map(m => m[1] as string)
  )
  const literals = new Set(
    [...sources.settings.matchAll(/'([a-z0-9-]+)'/g)].map(m => m[1] as string)
  )
  for (const name of read)
    if (!(name in inputs)) problems.push(`inputs.${name}: src/inputs/ reads it; declare it`)
  for (const name of Object.keys(inputs))
    if (!literals.has(name)) problems.push(`inputs.${name}: src/inputs/ never reads it`)
  for (const name of Object.keys(outputs))
    if (!new RegExp(`'${name}'|(^|[\\s{,])${name}:`, 'm').test(sources.outputs))
      problems.push(`outputs.${name}: src/report/outputs.ts never sets it`)

  // The schema, with the runtime it does not know yet replaced by one it does.
  if (isRecord(runs) && NODE_RUNTIMES.includes(String(runs.using))) {
    const forSchema = text.replace(/^(\s+using:\s*)['"]?node\d+['"]?/m, '$1node20')
    for (const error of validateAction(forSchema).errors)
      problems.push(`schema: ${describe(error)}`)
  }
  return problems
}

/** Problems of one workflow file against SchemaStore's github-workflow schema. */
export function workflowProblems(text: string): string[] {
  return withoutGlobWarnings(() => validateWorkflow(text)).errors.map(describe)
}

/** The validator warns on the console that it does not check `paths` globs; that is no finding. */
function withoutGlobWarnings<T>(call: () => T): T {
  const warn = console.warn
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('Glob validation is not yet supported')) warn(...args)
  }
  try {
    return call()
  } finally {
    console.warn = warn
  }
}

function describe(error: ValidationError): string {
  const path = 'path' in error ? error.path : ''
  const nested =
    'states' in error && error.states
      ? ` (${error.states.flatMap(state => state.errors.map(describe)).join('; ')})`
      : ''
  return `${path || '/'}: ${error.title}${error.detail ? `: ${error.detail}` : ''}${nested}`
}

function section(metadata: Metadata, key: string, problems: string[]): Record<string, unknown> {
  const value = metadata[key]
  if (value === undefined || value === null) return {}
  if (!isRecord(value)) {
    problems.push(`${key}: must be a mapping`)
    return {}
  }
  return value
}

/** What inputs and outputs share: an id, a mapping of known keys, a description. */
function checkEntry(
  kind: 'input' | 'output',
  id: string,
  entry: unknown,
  keys: readonly string[],
  problems: string[],
  unknownKey = (_key: string) => `is not an ${kind} key`
): Record<string, unknown> | undefined {
  const at = `${kind}s.${id}`
  if (!ID.test(id))
    problems.push(`${at}: an ${kind} id starts with a letter or _ and has only A-Z a-z 0-9 - _`)
  if (!isRecord(entry)) {
    problems.push(`${at}: must be a mapping`)
    return undefined
  }
  for (const key of Object.keys(entry))
    if (!keys.includes(key)) problems.push(`${at}.${key}: ${unknownKey(key)}`)
  if (typeof entry.description !== 'string' || entry.description.trim() === '')
    problems.push(`${at}.description: is required`)
  return entry
}

/** Every file of src/inputs/, joined: the code that reads the action's inputs. */
export function inputReadingCode(root: string): string {
  const folder = join(root, 'src', 'inputs')
  return readdirSync(folder)
    .filter(name => name.endsWith('.ts'))
    .sort()
    .map(name => readFileSync(join(folder, name), 'utf8'))
    .join('\n')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const read = (path: string): string => readFileSync(join(root, path), 'utf8')
  const problems = actionProblems(read('action.yml'), {
    root,
    settings: inputReadingCode(root),
    outputs: read('src/report/outputs.ts')
  }).map(problem => `action.yml ${problem}`)
  const workflows = join(root, '.github', 'workflows')
  const files = existsSync(workflows)
    ? readdirSync(workflows).filter(name => /\.ya?ml$/.test(name))
    : []
  for (const name of files)
    for (const problem of workflowProblems(read(join('.github', 'workflows', name))))
      problems.push(`.github/workflows/${name} ${problem}`)
  if (problems.length > 0) {
    console.error(problems.join('\n'))
    process.exitCode = 1
  } else
    console.log(
      `action.yml and ${files.length} workflow${files.length === 1 ? '' : 's'} pass the metadata rules and the schemas`
    )
}
