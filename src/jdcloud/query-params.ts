import type { Filter, TagFilter } from './types.js'

/** `filters.N.name` and `filters.N.values.M`, 1-based, skipping filters without values. */
export function filterParams(filters: readonly Filter[]): Array<[string, string]> {
  const params: Array<[string, string]> = []
  filters
    .filter(filter => filter.values.length > 0)
    .forEach((filter, index) => {
      params.push([`filters.${index + 1}.name`, filter.name])
      filter.values.forEach((value, v) =>
        params.push([`filters.${index + 1}.values.${v + 1}`, value])
      )
    })
  return params
}

export function tagParams(tags: readonly TagFilter[]): Array<[string, string]> {
  const params: Array<[string, string]> = []
  tags.forEach((tag, index) => {
    params.push([`tags.${index + 1}.key`, tag.key])
    ;(tag.values ?? []).forEach((value, v) =>
      params.push([`tags.${index + 1}.values.${v + 1}`, value])
    )
  })
  return params
}
