import type { CallEvent } from './call.js'

/**
 * Every JD Cloud request id of the run, and the resources each one concerned — recorded from the
 * call events, so a pod's report names its own requests without anything parsing paths.
 */
export class RequestLedger {
  private readonly events: Array<Pick<CallEvent, 'about' | 'listed'> & { requestId: string }> = []

  readonly record = (event: CallEvent): void => {
    if (event.requestId && event.outcome !== 'took-effect-earlier')
      this.events.push({ requestId: event.requestId, about: event.about, listed: event.listed })
  }

  all(): string[] {
    return [...new Set(this.events.map(event => event.requestId))]
  }

  /** The request ids of the calls that acted on or read this resource (a pod ID, a secret name). */
  about(resource: string): string[] {
    return this.idsWhere(event => event.about.includes(resource))
  }

  /** Those, and the calls whose answers listed it (the describePods that found a pod). */
  aboutOrListing(resource: string): string[] {
    return this.idsWhere(event => event.about.includes(resource) || event.listed.includes(resource))
  }

  private idsWhere(test: (event: Pick<CallEvent, 'about' | 'listed'>) => boolean): string[] {
    return [...new Set(this.events.filter(test).map(event => event.requestId))]
  }
}
