// What one JD Cloud service (pod, lb) brings to a server: its name for the signature scope, the
// SDKs' contract every request and answer is held against, its routes and its handlers.
import type { Service } from '../contract/conformance.js'
import type { Query } from './query.js'
import type { Route } from './routes.js'
import type { ApiName, RecordedCall, ServiceName } from './types.js'

/** A decoded request, as the handlers see it: the path parameters, query and parsed body. */
export type ApiRequest<A extends ApiName = ApiName> = Omit<Route<A>, 'region'> & {
  query: Query
  body: unknown
}

export interface ApiAnswer {
  result: unknown
  /** Whether state changed. */
  applied: boolean
}

export interface ServiceBinding<A extends ApiName = ApiName> {
  name: ServiceName
  contract: Service
  route(method: string, path: string): Route<A> | undefined
  /** Throws ApiError for what the API refuses. */
  handle(request: ApiRequest<A>): ApiAnswer
  /** Fills in what the call is about when only its body says it (createSecret's name). */
  annotate?(call: RecordedCall, body: unknown): void
}
