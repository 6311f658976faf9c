import type { CallEvent } from '../jdcloud/client.js'

/** Every JD Cloud request id of the run, and which pod each one was about. */
export class RequestLedger {
  private readonly events: Array<{ requestId: string; path: string }> = []

  readonly record = (event: CallEvent): void => {
    if (event.requestId && event.outcome !== 'took-effect-earlier')
      this.events.push({ requestId: event.requestId, path: event.path })
  }

  all(): string[] {
    return [...new Set(this.events.map(event => event.requestId))]
  }

  forPod(podId: string): string[] {
    const about = new RegExp(`/pods/${podId}(?:$|[/:])`)
    return [
      ...new Set(this.events.filter(event => about.test(event.path)).map(event => event.requestId))
    ]
  }
}
