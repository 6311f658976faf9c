/** How JD Cloud's refusals of a mutating call are read: did it land, and is the pod merely busy. */
import { JdcloudError } from '../jdcloud/errors.js'

/**
 * Progress is marked before a mutating call, since a call cut short may still have landed; an
 * answer of 4xx says it did not, so the mark is taken back before the error goes on.
 */
export function forgetIfRefused(forget: () => void): (error: unknown) => never {
  return error => {
    if (error instanceof JdcloudError && error.httpStatus !== undefined && error.httpStatus < 500)
      forget()
    throw error
  }
}

/** 400 FAILED_PRECONDITION (wrong state, task in progress) or 409 ABORTED / conflict. */
export function isStateRefusal(error: unknown): boolean {
  return (
    error instanceof JdcloudError &&
    (error.status === 'FAILED_PRECONDITION' ||
      error.status === 'ABORTED' ||
      (error.httpStatus === 400 &&
        /conflict|task|in progress|status|phase/i.test(error.detailMessage)))
  )
}
