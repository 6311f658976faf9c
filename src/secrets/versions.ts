/**
 * A secret family: versions named `<base>-<UTC yyyymmddhhmmss>` (and the bare `<base>`, a secret
 * made by hand before rotation began). JD Cloud cannot change a secret in place, so rotating
 * means adding a version.
 */
import type { SecretInfo } from '../jdcloud/types.js'

export interface SecretVersion {
  name: string
  createdAt?: string
  /** From the name's timestamp, else from createdAt; orders versions oldest → newest. */
  time: number
}

export function versionName(base: string, at: Date): string {
  return `${base}-${at.toISOString().replace(/[-:T]|\.\d{3}Z$/g, '')}`
}

export function isVersionOf(base: string, name: string | null | undefined): boolean {
  if (!name) return false
  // String operations, not a regular expression built from a name.
  return name === base || (name.startsWith(`${base}-`) && isStamp(name.slice(base.length + 1)))
}

const isStamp = (text: string): boolean => /^\d{14}$/.test(text)

/** The family's versions among `secrets`, newest first. */
export function familyVersions(base: string, secrets: readonly SecretInfo[]): SecretVersion[] {
  return secrets
    .filter(secret => isVersionOf(base, secret.name))
    .map(secret => ({
      name: secret.name,
      createdAt: secret.createdAt,
      time: versionTime(base, secret)
    }))
    .sort((a, b) => b.time - a.time || (a.name < b.name ? 1 : -1))
}

function versionTime(base: string, secret: SecretInfo): number {
  const stamp = secret.name.slice(base.length + 1)
  if (isStamp(stamp)) {
    const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}Z`
    const time = Date.parse(iso)
    if (!Number.isNaN(time)) return time
  }
  const created = secret.createdAt ? Date.parse(secret.createdAt) : NaN
  return Number.isNaN(created) ? 0 : created
}
