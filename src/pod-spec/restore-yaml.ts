import { stringify } from 'yaml'
import type { RebuildContainerSpec } from '../jdcloud/types.js'

/**
 * The exact specs to restore a pod by hand, as YAML that the `containers` input (or a rebuildPod
 * call) takes as it is.
 */
export function restoreYaml(specs: readonly RebuildContainerSpec[]): string {
  return stringify(specs, { lineWidth: 0 }).trimEnd()
}
