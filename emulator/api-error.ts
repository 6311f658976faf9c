/** A JD Cloud error answer: `{"requestId", "error": {"code", "status", "message"}}`. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: string,
    message: string
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const invalidArgument = (message: string): ApiError =>
  new ApiError(400, 'INVALID_ARGUMENT', message)

export const failedPrecondition = (message: string): ApiError =>
  new ApiError(400, 'FAILED_PRECONDITION', message)

export const notFound = (message: string): ApiError => new ApiError(404, 'NOT_FOUND', message)

export const alreadyExists = (message: string): ApiError =>
  new ApiError(409, 'ALREADY_EXISTS', message)

export const quotaExceeded = (message: string): ApiError =>
  new ApiError(429, 'QUOTA_EXCEEDED', message)

/** What the API gateway answers on its own when a signature does not hold. */
export const accessError = (message: string): ApiError => new ApiError(401, 'ACCESS_ERROR', message)
