/**
 * A probe (ProbeSpec, HgSpec, HhSpec, ExecSpec, TcpSocketSpec in jdcloud-sdk-go
 * services/pod/models): ranges of its timings, exactly one handler, and each handler's rules.
 */
import type { Problems } from '../problems.js'
import { quote } from '../text.js'
import { checkIntegerIn, checkKeys, checkStringList, isPlainObject } from './field-rules.js'

/** httpGet.scheme, exactly as the Go model's HgSpec lists them. */
const HTTP_SCHEMES: readonly unknown[] = ['http', 'https', 'HTTP', 'HTTPS']
/** HgSpec.host: "hostname or IPv4", 0–253 characters (an IPv4 address is a host name here too). */
const HOST_NAME =
  /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

const PROBE_FIELDS = [
  'initialDelaySeconds',
  'periodSeconds',
  'timeoutSeconds',
  'failureThreshold',
  'successThreshold',
  'exec',
  'httpGet',
  'tcpSocket'
] as const
const PROBE_RANGES: Record<string, [number, number]> = {
  initialDelaySeconds: [0, 300],
  periodSeconds: [1, 300],
  timeoutSeconds: [1, 300],
  failureThreshold: [1, 10],
  successThreshold: [1, 10]
}

export function checkProbe(value: unknown, path: string, problems: Problems): void {
  if (!isPlainObject(value)) {
    problems.add(path, 'must be an object (a probe with exactly one of exec, httpGet, tcpSocket)')
    return
  }
  checkKeys(value, PROBE_FIELDS, path, problems)
  for (const [field, [min, max]] of Object.entries(PROBE_RANGES))
    if (value[field] !== undefined && value[field] !== null)
      checkIntegerIn(value[field], `${path}.${field}`, problems, min, max)
  const handlers = (['exec', 'httpGet', 'tcpSocket'] as const).filter(
    handler => value[handler] !== undefined && value[handler] !== null
  )
  if (handlers.length !== 1) {
    problems.add(
      path,
      handlers.length === 0
        ? 'needs exactly one handler: exec, httpGet or tcpSocket'
        : `has ${handlers.join(' and ')}; a probe takes exactly one handler`
    )
  }
  if (value.exec !== undefined && value.exec !== null) {
    const exec = value.exec
    if (!isPlainObject(exec)) problems.add(`${path}.exec`, 'must be an object with command')
    else {
      checkKeys(exec, ['command'], `${path}.exec`, problems)
      if (
        checkStringList(exec.command, `${path}.exec.command`, problems, 256, 'the command to run')
      )
        if (exec.command.length === 0) problems.add(`${path}.exec.command`, 'must not be empty')
    }
  }
  if (value.httpGet !== undefined && value.httpGet !== null)
    checkHttpGet(value.httpGet, `${path}.httpGet`, problems)
  if (value.tcpSocket !== undefined && value.tcpSocket !== null) {
    const tcp = value.tcpSocket
    if (!isPlainObject(tcp)) problems.add(`${path}.tcpSocket`, 'must be an object with port')
    else {
      checkKeys(tcp, ['port'], `${path}.tcpSocket`, problems)
      checkIntegerIn(tcp.port, `${path}.tcpSocket.port`, problems, 1, 65535)
    }
  }
}

function checkHttpGet(value: unknown, path: string, problems: Problems): void {
  if (!isPlainObject(value)) {
    problems.add(path, 'must be an object with port (and scheme, host, path, httpHeader)')
    return
  }
  checkKeys(value, ['scheme', 'host', 'port', 'path', 'httpHeader'], path, problems)
  if (value.scheme !== undefined && value.scheme !== null && !HTTP_SCHEMES.includes(value.scheme))
    problems.add(
      `${path}.scheme`,
      `${quote(value.scheme)} must be one of ${HTTP_SCHEMES.join(', ')}`
    )
  if (
    value.host !== undefined &&
    value.host !== null &&
    (typeof value.host !== 'string' ||
      value.host.length > 253 ||
      (value.host !== '' && !HOST_NAME.test(value.host)))
  )
    problems.add(
      `${path}.host`,
      `${quote(value.host)} must be a host name or IPv4 address of at most 253 characters`
    )
  checkIntegerIn(value.port, `${path}.port`, problems, 1, 65535)
  if (typeof value.path !== 'string' || value.path.length < 1 || value.path.length > 256)
    problems.add(`${path}.path`, 'is required: the HTTP path to probe, 1 to 256 characters')
  if (value.httpHeader !== undefined && value.httpHeader !== null) {
    if (!Array.isArray(value.httpHeader))
      problems.add(`${path}.httpHeader`, 'must be a list of {name, value}')
    else
      value.httpHeader.forEach((header: unknown, index) => {
        const at = `${path}.httpHeader[${index}]`
        if (!isPlainObject(header)) return problems.add(at, 'must be an object with name and value')
        checkKeys(header, ['name', 'value'], at, problems)
        if (
          typeof header.name !== 'string' ||
          !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/.test(header.name)
        )
          problems.add(
            `${at}.name`,
            `${quote(header.name)} is not an HTTP header name of 1 to 64 characters`
          )
        if (typeof header.value !== 'string' || /[\r\n]/.test(header.value))
          problems.add(`${at}.value`, 'must be a string on one line')
      })
  }
}
