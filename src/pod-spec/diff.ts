/**
 * Field-by-field differences between two container specs, for the dry-run plan, the log and the
 * summary. What often holds credentials is never shown: environment values (only which variables
 * are added, changed or removed), probe header values and probe exec commands (`***`). They come
 * from the cloud, so GitHub would not mask them.
 */
import type { Probe, RebuildContainerSpec } from '../jdcloud/types.js'
import { REBUILD_FIELDS } from './rules.js'

export interface FieldChange {
  container: string
  field: string
  before: string
  after: string
}

const UNSET = '(unset)'
const HIDDEN = '***'
/** Every field a rebuild takes, but the name (the key) and env (diffed by variable, values hidden). */
const SHOWN_FIELDS = REBUILD_FIELDS.filter(
  (field): field is Exclude<(typeof REBUILD_FIELDS)[number], 'name' | 'env'> =>
    field !== 'name' && field !== 'env'
)

export function diffSpecs(
  before: RebuildContainerSpec,
  after: RebuildContainerSpec
): FieldChange[] {
  const container = after.name
  const changes: FieldChange[] = []
  for (const field of SHOWN_FIELDS) {
    if (canonicalJson(before[field]) === canonicalJson(after[field])) continue
    const a = show(hidden(field, before[field]))
    const b = show(hidden(field, after[field]))
    changes.push({
      container,
      field,
      before: a,
      after: a === b ? `${b} (a hidden value changed)` : b
    })
  }
  const beforeEnv = new Map(
    (before.env ?? []).map(variable => [variable.name, variable.value ?? ''])
  )
  const afterEnv = new Map((after.env ?? []).map(variable => [variable.name, variable.value ?? '']))
  for (const [name, value] of afterEnv) {
    if (!beforeEnv.has(name))
      changes.push({ container, field: `env.${name}`, before: UNSET, after: '(set)' })
    else if (beforeEnv.get(name) !== value)
      changes.push({ container, field: `env.${name}`, before: '(value)', after: '(new value)' })
  }
  for (const name of beforeEnv.keys())
    if (!afterEnv.has(name))
      changes.push({ container, field: `env.${name}`, before: '(set)', after: UNSET })
  const beforeOrder = [...beforeEnv.keys()].filter(name => afterEnv.has(name)).join()
  const afterOrder = [...afterEnv.keys()].filter(name => beforeEnv.has(name)).join()
  if (beforeOrder !== afterOrder)
    changes.push({ container, field: 'env (order)', before: '(order)', after: '(new order)' })
  return changes
}

export function sameSpec(a: RebuildContainerSpec, b: RebuildContainerSpec): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** A probe with its header values and exec command replaced by `***`; other fields as they are. */
function hidden(field: string, value: unknown): unknown {
  if ((field !== 'livenessProbe' && field !== 'readinessProbe') || !value) return value
  const probe = value as Probe
  return {
    ...probe,
    ...(probe.exec ? { exec: { command: HIDDEN } } : {}),
    ...(probe.httpGet
      ? {
          httpGet: {
            ...probe.httpGet,
            ...(probe.httpGet.httpHeader
              ? {
                  httpHeader: probe.httpGet.httpHeader.map(({ name }) => ({ name, value: HIDDEN }))
                }
              : {})
          }
        }
      : {})
  }
}

function show(value: unknown): string {
  return value === undefined ? UNSET : typeof value === 'string' ? value : canonicalJson(value)
}

/** JSON with object keys sorted, so that equal specs print alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : 1)))
      : inner
  )
}
