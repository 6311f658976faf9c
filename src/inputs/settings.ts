/**
 * Inputs → typed, checked Settings, one shape per operation. The one place that reads the action's
 * inputs: every value is checked before any API call, and every problem is reported at once.
 * Secrets are masked the moment they are read. Defaults live in action.yml, not here.
 */
import type { GithubDeploymentSettings } from '../github/deployments.js'
import { toBase64 } from '../jdcloud/secret-data.js'
import type { Credentials } from '../jdcloud/signer.js'
import { OPERATIONS } from '../operations/settings.js'
import type { OperationSettings, RolloutSettings, Verification } from '../operations/settings.js'
import { checkContainerName } from '../pod-spec/rules.js'
import { Problems } from '../problems.js'
import type { Operation } from '../report/model.js'
import { closest } from '../suggest.js'
import { checkDrainFits, readBalancing } from './balancing-input.js'
import { readChange } from './change-input.js'
import { readDeployment } from './deployment-input.js'
import { parseEndpoint } from './endpoint.js'
import { isSingleWord, parseBoolean, parseDuration, parseInteger } from './parse.js'
import { readRotation } from './rotation-input.js'
import { readTargets } from './targets-input.js'
import { checkVerifyForFits, readCanary, readVerifySettings } from './verify-input.js'
import { quote } from '../text.js'

/** Where the API is and who calls it. */
export interface Connection {
  region: string
  endpoint: URL
  credentials: Credentials
}

export type Settings = OperationSettings & Connection & { deployment?: GithubDeploymentSettings }

export type InputReader = (name: string) => string

const REGION = /^[a-z]{2,}-[a-z]+-\d{1,2}$/
const SIX_HOURS = 6 * 3_600_000
const DEPLOY_INPUTS = ['image', 'containers', 'containers-file']
/** The verification gate's inputs: deploy and rotate-secret only. */
// verify-status, verify-for and verify-interval have defaults, so only these can be misplaced.
const VERIFY_INPUTS = ['verify-url', 'verify-body', 'verify-header', 'canary']
const VERIFIED_OPERATIONS: readonly Operation[] = ['deploy', 'rotate-secret']
/** The operations that take pods out of service, and so out of their load balancers. */
const BALANCED_OPERATIONS: readonly Operation[] = ['deploy', 'restart', 'rotate-secret']
const ROTATION_INPUTS = [
  'secret-name',
  'registry-server',
  'registry-username',
  'registry-password',
  'registry-email'
]

export function readSettings(
  input: InputReader,
  env: NodeJS.ProcessEnv,
  mask: (secret: string) => void,
  notice: (message: string) => void = () => undefined
): Settings {
  const problems = new Problems()
  const read = (name: string): string => input(name).trim()

  // Mask before anything else can echo them.
  const accessKey = read('access-key') || (env.JDCLOUD_ACCESS_KEY ?? '').trim()
  const secretKey = read('secret-key') || (env.JDCLOUD_SECRET_KEY ?? '').trim()
  const registryPassword = input('registry-password')
  const githubToken = read('github-token')
  for (const secret of [accessKey, secretKey, githubToken]) if (secret) mask(secret)
  if (registryPassword) {
    mask(registryPassword)
    mask(toBase64(registryPassword))
  }

  const operation = readOperation(read('operation'), problems)
  const connection = readConnection(read, env, accessKey, secretKey, problems)
  const rollout: RolloutSettings = {
    targets: readTargets(read, problems),
    wait: parseBoolean('wait', read('wait'), problems),
    timeoutMs: parseDuration('timeout', read('timeout'), problems, {
      minMs: 1000,
      maxMs: SIX_HOURS
    }),
    failFastMs: parseDuration('fail-fast', read('fail-fast'), problems, {
      minMs: 0,
      maxMs: SIX_HOURS
    }),
    rollback: parseBoolean('rollback', read('rollback'), problems),
    maxParallel: parseInteger('max-parallel', read('max-parallel'), problems, { min: 1, max: 100 }),
    logLines: parseInteger('log-lines', read('log-lines'), problems, { min: 0, max: 1000 }),
    dryRun: parseBoolean('dry-run', read('dry-run'), problems)
  }
  const balancing = readBalancing(read, problems)
  if (balancing) {
    checkDrainFits(balancing.drainMs, rollout.timeoutMs, problems)
    if (BALANCED_OPERATIONS.includes(operation)) rollout.balancing = balancing
    else
      problems.add(
        'target-groups',
        `is used only by ${BALANCED_OPERATIONS.join(', ')}, not ${operation}`
      )
  }
  const verification = VERIFIED_OPERATIONS.includes(operation)
    ? readVerification(read, problems, mask)
    : {}
  // Only on durations that were read right (a refused one stands in as its minimum).
  const misread = problems.messages.some(message => /^(timeout|drain): /.test(message))
  if (verification.verify && !misread)
    checkVerifyForFits(
      verification.verify,
      rollout.timeoutMs,
      rollout.balancing?.drainMs ?? 0,
      problems
    )
  const failOnUnhealthy = parseBoolean('fail-on-unhealthy', read('fail-on-unhealthy'), problems)
  const container = read('container') || undefined
  if (container !== undefined) checkContainerName(container, 'container', problems)

  let specific: OperationSettings
  switch (operation) {
    case 'deploy':
      specific = {
        operation,
        ...rollout,
        ...verification,
        change: readChange(read, input, container, problems, notice, env)
      }
      break
    case 'rotate-secret':
      specific = {
        operation,
        ...rollout,
        ...verification,
        rotation: readRotation(read, registryPassword, problems),
        ...(container === undefined ? {} : { container })
      }
      break
    case 'status':
      specific = { operation, ...rollout, failOnUnhealthy }
      break
    default:
      specific = { operation, ...rollout }
  }
  // An input another operation uses is a mistake worth naming — unless the operation itself is
  // wrong, when the one problem to report is that.
  if (problems.count === 0 || OPERATIONS.includes(read('operation') as Operation))
    checkUnused(operation, container, read, problems)
  const { targets } = rollout
  if (
    operation !== 'rotate-secret' &&
    targets.pods.length === 0 &&
    !targets.namePrefix &&
    targets.tags.length === 0
  )
    problems.add(
      'pods',
      `is required for ${operation}: list pod IDs or names, or select them with name-prefix or tags`
    )
  const deployment = readDeployment(read, githubToken, problems)
  problems.throwIfAny()
  return { ...specific, ...connection, ...(deployment ? { deployment } : {}) }
}

function readVerification(
  read: (name: string) => string,
  problems: Problems,
  mask: (secret: string) => void
): Verification {
  const verify = readVerifySettings(read, problems, mask)
  const canary = readCanary(read, problems)
  return { ...(verify ? { verify } : {}), ...(canary ? { canary } : {}) }
}

/** The operation; a near miss gets a suggestion. Placeholder `status` when it is no operation. */
function readOperation(text: string, problems: Problems): Operation {
  const operation = OPERATIONS.find(candidate => candidate === text)
  if (operation) return operation
  const guess = closest(text, OPERATIONS)
  problems.add(
    'operation',
    `${quote(text)} must be one of ${OPERATIONS.join(', ')}${guess ? `; did you mean ${guess}?` : ''}`
  )
  return 'status'
}

function readConnection(
  read: (name: string) => string,
  env: NodeJS.ProcessEnv,
  accessKey: string,
  secretKey: string,
  problems: Problems
): Connection {
  const region = read('region') || (env.JDCLOUD_REGION ?? '').trim()
  if (!region) problems.add('region', 'is required (or set JDCLOUD_REGION), e.g. cn-north-1')
  else if (!REGION.test(region))
    problems.add('region', `${quote(region)} is not a region ID such as cn-north-1`)
  checkCredential('access-key', 'JDCLOUD_ACCESS_KEY', accessKey, problems)
  checkCredential('secret-key', 'JDCLOUD_SECRET_KEY', secretKey, problems)
  let endpoint = new URL('https://pod.jdcloud-api.com')
  try {
    endpoint = parseEndpoint(read('endpoint'))
  } catch (error) {
    problems.add('endpoint', (error as Error).message)
  }
  return { region, endpoint, credentials: { accessKey, secretKey } }
}

function checkUnused(
  operation: Operation,
  container: string | undefined,
  read: (name: string) => string,
  problems: Problems
): void {
  if (operation !== 'deploy')
    for (const name of DEPLOY_INPUTS)
      if (read(name)) problems.add(name, `is used only by operation deploy, not ${operation}`)
  if (container !== undefined && operation !== 'deploy' && operation !== 'rotate-secret')
    problems.add('container', 'is used only by deploy and rotate-secret')
  if (operation !== 'rotate-secret')
    for (const name of ROTATION_INPUTS)
      if (read(name)) problems.add(name, `is used only by operation rotate-secret`)
  if (!VERIFIED_OPERATIONS.includes(operation))
    for (const name of VERIFY_INPUTS)
      if (read(name))
        problems.add(name, `is used only by deploy and rotate-secret, not ${operation}`)
}

function checkCredential(name: string, envName: string, value: string, problems: Problems): void {
  if (!value) problems.add(name, `is required (or set ${envName})`)
  else if (value.length > 256 || !isSingleWord(value))
    problems.add(
      name,
      'must be a single word of at most 256 characters (check for a stray space or newline)'
    )
}
