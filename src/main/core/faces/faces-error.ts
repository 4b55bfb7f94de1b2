import type { ProblemKind } from '../../../shared/result'

/** A classified Faces failure; `message` is safe to show and never holds a secret. */
export class FacesError extends Error {
  constructor(
    readonly kind: Extract<
      ProblemKind,
      | 'offline'
      | 'timeout'
      | 'rate-limited'
      | 'token-rejected'
      | 'remote-failed'
      | 'not-found'
      | 'conflict'
      | 'invalid-input'
      | 'cancelled'
      | 'bug'
    >,
    message: string,
    readonly details: {
      status?: number
      retryable?: boolean
      retryAfterMs?: number
      code?: string
      body?: Record<string, unknown>
      cause?: unknown
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'FacesError'
  }

  /** True when the same call may succeed later unchanged. */
  get retryable(): boolean {
    return this.details.retryable ?? false
  }
}
