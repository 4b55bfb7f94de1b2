/**
 * The desk's one error family (docs/STYLE.md §5): every expected failure is a DeskError with a
 * kind, a message a support-desk user can act on, whether retrying the same call may succeed, the
 * correlation id of the remote call behind it, and its cause. Area subclasses (ConcurError,
 * FacesError) add only the fields their area has. `toProblem` (to-problem.ts) is the one way an
 * error becomes a `Problem` for the UI.
 */
import type { ProblemKind } from '../../../shared/result'

/** What every desk error may carry besides its kind and message. */
export type DeskErrorOptions = {
  /**
   * True when the same call may succeed later without anyone changing anything (network failure,
   * timeout, 429, 5xx). Decided once, where the error is classified; the retry loops only read it.
   * @default false
   */
  retryable?: boolean
  /** Correlation id of the remote call that failed, to quote to SAP support. */
  correlationId?: string
  /** How long the remote asked the desk to wait (Retry-After), in ms. */
  retryAfterMs?: number
  /** Field-level issues for `invalid-input` (path → message). */
  fields?: Record<string, string>
  cause?: unknown
}

/** An expected failure. The message must never contain a secret (it reaches the UI and the log). */
export class DeskError extends Error {
  readonly kind: ProblemKind
  readonly retryable: boolean
  readonly correlationId?: string
  readonly retryAfterMs?: number
  readonly fields?: Record<string, string>

  constructor(kind: ProblemKind, message: string, options: DeskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'DeskError'
    this.kind = kind
    this.retryable = options.retryable ?? false
    if (options.correlationId) this.correlationId = options.correlationId
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs
    if (options.fields) this.fields = options.fields
  }
}

/** True when `err` is a DeskError of this kind (any area). */
export function isDeskError(err: unknown, kind?: ProblemKind): err is DeskError {
  return err instanceof DeskError && (kind === undefined || err.kind === kind)
}

/** Exhaustiveness guard for switch statements. */
export function assertNever(x: never): never {
  throw new Error(`Expected no value here, got ${JSON.stringify(x)}`)
}
