/**
 * GitHub Deployments for the run, when `github-token` and `environment` are set: a deployment
 * for the commit, `in_progress` while the pods move, then `success`, `failure` (a failed or
 * rolled-back deploy) or `error` (the run could not get going, or was cancelled). GitHub being
 * unreachable or the token lacking permission is worth one warning — never a failed deploy.
 */
import type { Log } from '../log.js'
import type { RunReport } from '../report/model.js'
import type { Operation } from '../report/model.js'
import type { RunContext } from '../report/model.js'
import { capText, oneLine } from '../text.js'

type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error'

interface Octokit {
  request(
    route: string,
    parameters: Record<string, unknown>
  ): Promise<{ status: number; data: unknown }>
}

const TIMEOUT_MS = 10_000

export interface GithubDeploymentSettings {
  token: string
  environment: string
  environmentUrl?: string
}

/** What a successful run did to its pods, for the success status. */
const DONE: Record<Operation, string> = {
  deploy: 'deployed and ready',
  'rotate-secret': 'moved onto the new secret and ready',
  start: 'started and ready',
  stop: 'stopped',
  restart: 'restarted and ready',
  status: 'healthy'
}

export class GithubDeployment {
  private octokit?: Octokit
  private deploymentId?: number
  private broken = false

  constructor(
    private readonly settings: GithubDeploymentSettings,
    private readonly context: RunContext & { apiUrl: string },
    private readonly log: Log
  ) {}

  async start(description: string): Promise<void> {
    const [owner, repo] = (this.context.repository ?? '').split('/')
    if (!owner || !repo || !this.context.sha) {
      this.warn('GITHUB_REPOSITORY or GITHUB_SHA is not set')
      return
    }
    await this.guard(async () => {
      // Loaded only when asked for: Octokit is most of the bundle's weight and start-up time.
      const { getOctokit } = await import('@actions/github')
      this.octokit = getOctokit(this.settings.token, {
        baseUrl: this.context.apiUrl
      }) as unknown as Octokit
      const created = await this.octokit.request('POST /repos/{owner}/{repo}/deployments', {
        owner,
        repo,
        ref: this.context.sha,
        environment: this.settings.environment,
        description: clip(description),
        auto_merge: false,
        required_contexts: [],
        request: { signal: AbortSignal.timeout(TIMEOUT_MS) }
      })
      const id = (created.data as { id?: unknown }).id
      if (created.status !== 201 || typeof id !== 'number')
        throw new Error(`GitHub answered ${created.status} without a deployment`)
      this.deploymentId = id
      await this.post('in_progress', description)
    })
  }

  /** The run is one this deployment tracks, so its operation is known. */
  /** `signal` ends the call early: the end of the grace period after cancellation. */
  async finish(report: RunReport & { operation: Operation }, signal?: AbortSignal): Promise<void> {
    if (this.deploymentId === undefined) return
    const state = stateOf(report)
    const description =
      report.result === 'succeeded'
        ? `${report.pods.length} pod(s) ${DONE[report.operation]}`
        : (report.error ?? report.result)
    await this.guard(() =>
      this.post(state, description, environmentUrl(this.settings, report), signal)
    )
  }

  private async post(
    state: DeploymentState,
    description: string,
    environmentUrl?: string,
    signal?: AbortSignal
  ): Promise<void> {
    const [owner, repo] = (this.context.repository ?? '').split('/')
    await this.octokit?.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      owner,
      repo,
      deployment_id: this.deploymentId,
      state,
      description: clip(description),
      ...(this.context.runUrl ? { log_url: this.context.runUrl } : {}),
      ...(environmentUrl ? { environment_url: environmentUrl } : {}),
      request: {
        signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), ...(signal ? [signal] : [])])
      }
    })
  }

  private async guard(call: () => Promise<void>): Promise<void> {
    if (this.broken) return
    try {
      await call()
    } catch (error) {
      // Octokit reports a request that got no answer (refused, reset, timed out) as status 500
      // without a response: only a response means GitHub answered.
      const { status, response } = error as { status?: number; response?: { status?: number } }
      const message = oneLine(capText(String((error as Error).message), 1000))
      this.warn(
        response?.status
          ? `GitHub answered ${response.status}: ${message}`
          : status
            ? `GitHub could not be reached: ${message}`
            : message,
        response?.status === 401 || response?.status === 403 || response?.status === 404
      )
    }
  }

  private warn(why: string, permissionHint = false): void {
    if (this.broken) return
    this.broken = true
    this.log.warning(
      `GitHub deployment statuses are off for this run (${why}); the ${this.settings.environment} deploy itself carries on.${permissionHint ? ' The token needs permission deployments: write.' : ''}`
    )
  }
}

export function stateOf(report: RunReport): DeploymentState {
  if (report.result === 'succeeded') return 'success'
  if (report.result === 'rolled-back') return 'failure'
  if (report.result === 'cancelled') return 'error'
  // A failure before any pod was touched is an error of the run, not of the release.
  const touched = report.pods.some(pod => !['not-started', 'planned'].includes(pod.outcome))
  return touched ? 'failure' : 'error'
}

/** The environment-url input, else the first pod's elastic IP, else its private IP. */
export function environmentUrl(
  settings: GithubDeploymentSettings,
  report: RunReport
): string | undefined {
  if (settings.environmentUrl) return settings.environmentUrl
  const pod = report.pods.find(candidate => candidate.elasticIp || candidate.privateIp)
  const ip = pod?.elasticIp ?? pod?.privateIp
  return ip ? `http://${ip}` : undefined
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 140 ? `${line.slice(0, 139)}…` : line
}
