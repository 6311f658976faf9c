/**
 * `target-groups`, `drain` and `lb-endpoint`: the load balancers the pods serve behind. Empty
 * `target-groups` (the default) leaves every balancer alone, as before.
 */
import type { BalancingSettings } from '../rollout/balancer.js'
import type { Problems } from '../problems.js'
import { formatDuration, quote } from '../text.js'
import { parseEndpoint } from './endpoint.js'
import { parseDuration, parseList } from './parse.js'

const TARGET_GROUP_ID = /^tg-[a-z0-9]{1,64}$/
const MAX_GROUPS = 20
const ONE_HOUR = 3_600_000

export function readBalancing(
  read: (name: string) => string,
  problems: Problems
): (BalancingSettings & { endpoint: URL }) | undefined {
  const targetGroups = parseList(read('target-groups'))
  const drainMs = parseDuration('drain', read('drain'), problems, { minMs: 0, maxMs: ONE_HOUR })
  let endpoint = new URL('https://lb.jdcloud-api.com')
  try {
    endpoint = parseEndpoint(read('lb-endpoint'))
  } catch (error) {
    problems.add('lb-endpoint', (error as Error).message)
  }
  if (targetGroups.length === 0) return undefined
  if (targetGroups.length > MAX_GROUPS)
    problems.add('target-groups', `lists ${targetGroups.length} groups; the limit is ${MAX_GROUPS}`)
  const seen = new Set<string>()
  targetGroups.forEach((id, index) => {
    const at = `target-groups[${index}]`
    if (!TARGET_GROUP_ID.test(id))
      problems.add(at, `${quote(id)} is not a target group ID such as tg-abcd1234`)
    else if (seen.has(id)) problems.add(at, `${id} is listed twice`)
    seen.add(id)
  })
  return { targetGroups, drainMs, endpoint }
}

/**
 * A pod's drain happens inside its timeout (from its first step to ready): a drain as long as
 * the timeout can only time out, after the pod was taken out of traffic.
 */
export function checkDrainFits(drainMs: number, timeoutMs: number, problems: Problems): void {
  if (drainMs < timeoutMs) return
  problems.add(
    'drain',
    `${formatDuration(drainMs)} does not fit in timeout ${formatDuration(timeoutMs)}: a pod's update, its drain included, must end within timeout. Lower drain below ${formatDuration(timeoutMs)}, or raise timeout above ${formatDuration(drainMs)}`
  )
}
