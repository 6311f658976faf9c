import { quote } from '../text.js'

// Container image references, checked as Docker's reference grammar and JD Cloud's lengths:
// image 1–639 characters (jdcloud-sdk-go RebuildContainerSpec.go; the 2018 page said 500),
// registry ≤ 255, repository ≤ 256, tag ≤ 128.

export interface ImageReference {
  registry?: string
  repository: string
  tag?: string
  digest?: string
}

const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::\d+)?$/
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^\w[\w.-]{0,127}$/
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/

/** Parses an image reference; returns the rule it breaks as a string when it is not one. */
export function parseImage(image: string): ImageReference | string {
  if (image.length < 1 || image.length > 639) return 'must be 1 to 639 characters'
  if (/\s/.test(image)) return 'must not contain white space'
  let rest = image
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) return `digest ${quote(digest)} is not algorithm:hex`
  }
  let tag: string | undefined
  const lastColon = rest.lastIndexOf(':')
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1)
    rest = rest.slice(0, lastColon)
    if (!TAG.test(tag))
      return `tag ${quote(tag)} must be 1 to 128 letters, digits, _, . or - (not starting with . or -)`
  }
  const parts = rest.split('/')
  let registry: string | undefined
  const first = parts[0] ?? ''
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || /[A-Z]/.test(first))
  ) {
    registry = first
    parts.shift()
    if (registry.length > 255) return 'registry must be at most 255 characters'
    if (!DOMAIN.test(registry))
      return `registry ${quote(registry)} is not a host name (with an optional port)`
  }
  const repository = parts.join('/')
  if (repository.length === 0) return 'has no repository name'
  if (repository.length > 256) return 'repository must be at most 256 characters'
  for (const component of parts)
    if (!PATH_COMPONENT.test(component))
      return `repository part ${quote(component)} must be lower-case letters and digits, separated by ., _, __ or -`
  return { registry, repository, tag, digest }
}
