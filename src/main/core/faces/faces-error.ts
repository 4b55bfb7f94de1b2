import type { ProblemKind } from '../../../shared/result'
import { DeskError, type DeskErrorOptions } from '../errors/desk-error'

/** The kinds of Faces failure (a subset of ProblemKind). */
export type FacesErrorKind = Extract<
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
>

/** What a Faces failure may carry besides the family's fields. */
export type FacesErrorDetails = DeskErrorOptions & {
  /** HTTP status, when a response arrived. */
  status?: number
  /** Faces' own error code (`already-exists`, `login-id-changed`, `stale-generation`, …; docs/faces-api.md). */
  code?: string
  /** Faces' error object, for the codes that carry data (e.g. `previousLoginId`, `heldGeneration`). */
  body?: Record<string, unknown>
}

/** A classified Faces failure: a DeskError with Faces' status and code; `message` is safe to show and never holds a secret. */
export class FacesError extends DeskError {
  declare readonly kind: FacesErrorKind
  readonly status?: number
  readonly code?: string
  readonly body?: Record<string, unknown>

  constructor(kind: FacesErrorKind, message: string, details: FacesErrorDetails = {}) {
    super(kind, message, details)
    this.name = 'FacesError'
    if (details.status !== undefined) this.status = details.status
    if (details.code !== undefined) this.code = details.code
    if (details.body !== undefined) this.body = details.body
  }
}

/** True when `err` is a Faces failure with this kind and Faces error code. */
export function isFacesError(err: unknown, kind: FacesErrorKind, code?: string): err is FacesError {
  return err instanceof FacesError && err.kind === kind && (code === undefined || err.code === code)
}
