// Models that JD Cloud's services share, from the Go SDK's common, core and charge packages.
import type { Field, Model } from './schema.js'
import { opt, req, strings } from './schema.js'

export const GO_SDK = 'jdcloud-api/jdcloud-sdk-go'
export const JS_SDK = 'npm jdcloud-sdk-js@1.2.202'
export const PYTHON_SDK = 'jdcloud-api/jdcloud-sdk-python'

export const goSource = (path: string): string => `${GO_SDK} ${path}`

/** A model of one Go SDK service, read from `services/<service>/models/<name>.go`. */
export const goModel =
  (service: string) =>
  (name: string, fields: readonly Field[]): Model => ({
    name,
    source: goSource(`services/${service}/models/${name}.go`),
    fields
  })

/** The model behind every `filters.N.*` query (see calls.ts for how it is flattened). */
export const Filter = goModel('common')('Filter', [
  req('name', 'string'),
  opt('operator', 'string', 'default eq'),
  req('values', strings)
])

/** `error` of a failed answer; `code` is the HTTP status, `status` the class (INVALID_ARGUMENT…). */
export const ErrorResponse: Model = {
  name: 'ErrorResponse',
  source: goSource('core/ErrorResponse.go'),
  fields: [opt('code', 'integer'), opt('status', 'string'), opt('message', 'string')]
}

export const Charge = goModel('charge')('Charge', [
  opt(
    'chargeMode',
    'string',
    'prepaid_by_duration, postpaid_by_usage or postpaid_by_duration (default)'
  ),
  opt('chargeStatus', 'string', 'normal, overdue or arrear'),
  opt('chargeStartTime', 'string', 'ISO 8601, UTC'),
  opt('chargeExpiredTime', 'string', 'ISO 8601, UTC; empty for postpaid'),
  opt('chargeRetireTime', 'string', 'ISO 8601, UTC')
])
