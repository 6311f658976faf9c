/**
 * `github-token`, `environment` and `environment-url`: a GitHub deployment for the run. The token
 * defaults to the job's own (`${{ github.token }}`), so `environment` alone asks for a deployment;
 * without it the token is not used, and not checked.
 */
import type { GithubDeploymentSettings } from '../github/deployments.js'
import type { Problems } from '../problems.js'
import { hasAnyControlCharacter, hasControlCharacters, isSingleWord } from './parse.js'
import { quote } from '../text.js'

export function readDeployment(
  read: (name: string) => string,
  token: string,
  problems: Problems
): GithubDeploymentSettings | undefined {
  const environment = read('environment')
  const environmentUrl = read('environment-url') || undefined
  if (!environment) {
    if (environmentUrl)
      problems.add('environment-url', 'needs environment: a deployment is made only for one')
    return undefined
  }
  if (!token)
    problems.add(
      'github-token',
      'is required when environment is set (leave it out for the job token, ${{ github.token }})'
    )
  // An expression no runner filled in (local-action passes action.yml's default as written).
  else if (token.startsWith('${{'))
    problems.add(
      'github-token',
      'is an expression nothing evaluated: outside a runner, set a token'
    )
  else if (token.length > 1024 || !isSingleWord(token))
    problems.add('github-token', 'must be a single word (check for a stray space or newline)')
  if (environment.length > 255 || hasControlCharacters(environment))
    problems.add('environment', 'must be at most 255 characters, with no control characters')
  if (environmentUrl !== undefined) {
    let ok = false
    try {
      ok =
        !hasAnyControlCharacter(environmentUrl) &&
        ['http:', 'https:'].includes(new URL(environmentUrl).protocol)
    } catch {
      ok = false
    }
    if (!ok) problems.add('environment-url', `${quote(environmentUrl)} must be an http(s) URL`)
  }
  return { token, environment, environmentUrl }
}
