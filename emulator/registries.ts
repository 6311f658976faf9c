/** Private registries: which images need credentials, and whether a login is the right one. */
import type { RegistryLogin } from './secrets.js'
import type { RegistryCredentials } from './types.js'

/** Docker's rule: the first path part is a registry host when it has a `.` or `:` (or is localhost). */
export function registryHost(image: string): string | undefined {
  const slash = image.indexOf('/')
  if (slash === -1) return undefined
  const first = image.slice(0, slash)
  return first.includes('.') || first.includes(':') || first === 'localhost'
    ? first.toLowerCase()
    : undefined
}

/** `https://Registry.example.com/` → `registry.example.com` */
export function normaliseServer(server: string): string {
  return server
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase()
}

export class Registries {
  private readonly required = new Map<string, RegistryCredentials>()

  require(server: string, credentials: RegistryCredentials): void {
    this.required.set(normaliseServer(server), { ...credentials })
  }

  /** Whether pulling `image` with `login` (the container's secret, if any) succeeds. */
  allows(image: string, login: RegistryLogin | undefined): boolean {
    const host = registryHost(image)
    const needed = host === undefined ? undefined : this.required.get(host)
    if (!needed) return true
    return (
      login !== undefined &&
      normaliseServer(login.server) === host &&
      login.username === needed.username &&
      login.password === needed.password
    )
  }
}
