/** rotate-secret's inputs: the family's base name, the new registry credentials, what to keep. */
import type { Rotation } from '../operations/settings.js'
import { SECRET_NAME } from '../pod-spec/rules.js'
import type { Problems } from '../problems.js'
import { hasControlCharacters, isSingleWord, parseInteger } from './parse.js'
import { quote } from '../text.js'

/** `<base>-` + 14 digits must still fit the 63-character secret name limit. */
const MAX_SECRET_BASE = 63 - 15

export function readRotation(
  read: (name: string) => string,
  password: string,
  problems: Problems
): Rotation {
  const baseName = read('secret-name')
  if (!baseName) problems.add('secret-name', 'is required for rotate-secret')
  else if (!SECRET_NAME.test(baseName) || baseName.length > MAX_SECRET_BASE)
    problems.add(
      'secret-name',
      `${quote(baseName)} must be lower-case letters, digits and -, start with a letter, end with a letter or digit, at most ${MAX_SECRET_BASE} characters (a -yyyymmddhhmmss suffix is added)`
    )
  const server = read('registry-server')
  const username = read('registry-username')
  const email = read('registry-email')
  if (!server)
    problems.add(
      'registry-server',
      'is required for rotate-secret, e.g. myregistry-cn-north-1.jcr.service.jdcloud.com'
    )
  else if (server.length > 255 || !isSingleWord(server))
    problems.add('registry-server', 'must be a host name (or URL) without spaces')
  if (!username) problems.add('registry-username', 'is required for rotate-secret')
  else if (username.length > 256 || hasControlCharacters(username))
    problems.add('registry-username', 'must be at most 256 characters, with no control characters')
  if (!password) problems.add('registry-password', 'is required for rotate-secret')
  else if (Buffer.byteLength(password) > 3000 || hasControlCharacters(password))
    problems.add('registry-password', 'must be at most 3000 bytes, with no control characters')
  if (
    email &&
    (email.length > 256 || !/^[^\s@]+@[^\s@]+$/.test(email) || hasControlCharacters(email))
  )
    problems.add('registry-email', 'is not an e-mail address')
  const keep = parseInteger('keep-secrets', read('keep-secrets'), problems, { min: 0, max: 100 })
  return {
    baseName,
    registry: { server, username, password, ...(email ? { email } : {}) },
    keep
  }
}
