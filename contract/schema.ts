// A small vocabulary for JSON wire models, written from JD Cloud's official SDKs, and a validator
// that checks shape only: known keys, required keys, JSON types. Value rules (ranges, lengths,
// patterns) are kept as text in `rule` because enforcing them is the emulator's job.
//
// Null: the Go SDK marshals optional fields as pointers or nil slices without `omitempty`, and the
// Python SDK dumps None, so both send `"secret": null` for an unset optional field. The validator
// therefore accepts null wherever a field is optional and treats null as missing when it is
// required. A required string that is empty ("") passes: that is a value rule, not a shape rule.

export type FieldType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  /** Any JSON object: the contract deliberately does not describe its inside. */
  | 'object'
  | { readonly list: FieldType }
  | { readonly mapOf: 'string' }
  | { readonly model: string }

export interface Field {
  readonly name: string
  readonly type: FieldType
  readonly required: boolean
  /** The SDK comment's rule, shortened and in English; not enforced by `validate`. */
  readonly rule?: string
}

export interface Model {
  readonly name: string
  /** `owner/repo path` of the official SDK file the model was read from. */
  readonly source: string
  readonly fields: readonly Field[]
}

export type ModelTable = Readonly<Record<string, Model>>

export const listOf = (of: FieldType): FieldType => ({ list: of })
export const ref = (model: string): FieldType => ({ model })
export const mapOfString: FieldType = { mapOf: 'string' }
// Short names for the model tables, where a field per line keeps each model readable.
export const str = 'string'
export const int = 'integer'
export const bool = 'boolean'
export const strings: FieldType = listOf('string')

export const req = (name: string, type: FieldType, rule?: string): Field =>
  rule === undefined ? { name, type, required: true } : { name, type, required: true, rule }
export const opt = (name: string, type: FieldType, rule?: string): Field =>
  rule === undefined ? { name, type, required: false } : { name, type, required: false, rule }

/** Builds a table keyed by model name, refusing two models of one name. */
export function modelTable(...models: readonly Model[]): ModelTable {
  const table: Record<string, Model> = {}
  for (const model of models) {
    if (table[model.name]) throw new Error(`model ${model.name} is defined twice`)
    table[model.name] = model
  }
  return table
}

/** Problems of `value` read as model `modelName`, each `path: what is wrong`. */
export function validate(
  models: ModelTable,
  modelName: string,
  value: unknown,
  path = ''
): string[] {
  return validateFields(models, modelOf(models, modelName).fields, value, path)
}

/** Like `validate`, for an object whose keys are listed inline (a request body, a result). */
export function validateFields(
  models: ModelTable,
  fields: readonly Field[],
  value: unknown,
  path = ''
): string[] {
  if (!isPlainObject(value)) return [`${shown(path)}: must be an object`]
  const problems: string[] = []
  const known = new Set(fields.map(field => field.name))
  for (const key of Object.keys(value)) {
    if (!known.has(key)) problems.push(`${join(path, key)}: unknown field`)
  }
  for (const field of fields) {
    const fieldValue = value[field.name]
    if (fieldValue === undefined || fieldValue === null) {
      if (field.required) problems.push(`${join(path, field.name)}: required`)
      continue
    }
    problems.push(...typeProblems(models, field.type, fieldValue, join(path, field.name)))
  }
  return problems
}

function typeProblems(models: ModelTable, type: FieldType, value: unknown, path: string): string[] {
  switch (type) {
    case 'string':
    case 'boolean':
      return typeof value === type ? [] : [`${path}: must be a ${type}`]
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path}: must be an integer`]
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? []
        : [`${path}: must be a number`]
    case 'object':
      return isPlainObject(value) ? [] : [`${path}: must be an object`]
  }
  if ('list' in type) {
    if (!Array.isArray(value)) return [`${path}: must be a list`]
    return value.flatMap((item: unknown, index) =>
      typeProblems(models, type.list, item, `${path}[${index}]`)
    )
  }
  if ('mapOf' in type) {
    if (!isPlainObject(value)) return [`${path}: must be an object of strings`]
    return Object.entries(value)
      .filter(([, item]) => typeof item !== 'string')
      .map(([key]) => `${join(path, key)}: must be a string`)
  }
  return validate(models, type.model, value, path)
}

export interface VisitedField {
  /** `livenessProbe.httpGet.httpHeader[].name`: `[]` marks each list level. */
  readonly path: string
  readonly field: Field
  /** True when the field holds no model of its own (nothing below it in the tree). */
  readonly isLeaf: boolean
}

/** Visits every field of a model and of the models below it, parents before children. */
export function walkFields(
  models: ModelTable,
  modelName: string,
  visit: (visited: VisitedField) => void
): void {
  walk(models, modelName, '', [modelName], visit)
}

/** Every field path of a model's tree, parents before children. */
export function fieldPaths(models: ModelTable, modelName: string): string[] {
  const paths: string[] = []
  walkFields(models, modelName, ({ path }) => paths.push(path))
  return paths
}

function walk(
  models: ModelTable,
  modelName: string,
  prefix: string,
  stack: readonly string[],
  visit: (visited: VisitedField) => void
): void {
  for (const field of modelOf(models, modelName).fields) {
    const { model, listDepth } = innermost(field.type)
    const path = join(prefix, field.name) + '[]'.repeat(listDepth)
    visit({ path, field, isLeaf: model === undefined })
    if (model === undefined) continue
    // A model that contains itself would make the tree infinite; none of JD Cloud's does.
    if (stack.includes(model)) throw new Error(`model ${model} contains itself at ${path}`)
    walk(models, model, path, [...stack, model], visit)
  }
}

function innermost(type: FieldType): { model?: string; listDepth: number } {
  let listDepth = 0
  let current = type
  while (typeof current === 'object' && 'list' in current) {
    current = current.list
    listDepth++
  }
  if (typeof current === 'object' && 'model' in current) return { model: current.model, listDepth }
  return { listDepth }
}

/** Problems of the table itself: unknown references, repeated field names, misfiled names. */
export function modelTableProblems(models: ModelTable): string[] {
  const problems: string[] = []
  for (const [key, model] of Object.entries(models)) {
    if (model.name !== key) problems.push(`${key}: filed under another name (${model.name})`)
    if (model.source.trim() === '') problems.push(`${key}: no source`)
    problems.push(...fieldListProblems(models, model.fields, key))
  }
  return problems
}

/** Problems of one list of fields: a name given twice, a reference to a model not in `models`. */
export function fieldListProblems(
  models: ModelTable,
  fields: readonly Field[],
  owner: string
): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const field of fields) {
    if (seen.has(field.name)) problems.push(`${owner}.${field.name}: listed twice`)
    seen.add(field.name)
    const { model } = innermost(field.type)
    if (model !== undefined && !models[model]) {
      problems.push(`${owner}.${field.name}: refers to unknown model ${model}`)
    }
  }
  return problems
}

function modelOf(models: ModelTable, name: string): Model {
  const model = models[name]
  if (!model) throw new Error(`unknown model ${name}`)
  return model
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`)
const shown = (path: string): string => (path === '' ? '(root)' : path)
