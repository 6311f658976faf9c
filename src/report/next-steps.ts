/**
 * What to do next, by why the pods failed: the summary's "Next step". The same words stand in
 * docs/troubleshooting.md (a test keeps them one), which says more.
 */
import type { FailureCause } from './model.js'

/** Markdown of our own (no outside text): input names in code. */
export const NEXT_STEPS: Record<FailureCause, string> = {
  image: 'The image cannot be pulled: check its name and tag, and that the registry holds it.',
  'registry-secret':
    'The registry refused the pull: check that the container’s `secret` holds working credentials for that registry.',
  crash:
    'The container starts and exits: fix what its log says (the line under Why; the whole tail is in Failure details).',
  probe:
    'The containers run but never pass their readiness probe: check its path, port and delays, or raise `timeout` if the app is only slow.',
  timeout:
    '`timeout` ran out: raise it if the pod is only slow; read its logs in Failure details otherwise.',
  balancer:
    'The pod never became healthy on the load balancer: check that the target group’s health check asks for the port and path the container serves.',
  'smoke-check':
    'The smoke check failed (Verification says what it answered): fix the release, or `verify-url` and `verify-status` if the check is wrong.',
  permissions:
    'JD Cloud refused the call: grant the access key the permissions in the action’s docs/permissions.md, and check `access-key`, `secret-key` and `region`.',
  cloud:
    'A JD Cloud call failed: the message names the call, its status and request id; try again later, or quote the request id to JD Cloud support.',
  other: 'Read the failure details and the job log.'
}

/** The closing line: what the run left alone. */
export function rerunLine(untouched: number): string {
  return untouched === 0
    ? 'Re-run when fixed.'
    : `Re-run when fixed; ${untouched} pod${untouched === 1 ? ' was' : 's were'} not touched.`
}
