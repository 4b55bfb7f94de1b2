/**
 * The one mapper from any thrown value to a `Problem` the UI may show. Used by the dispatcher, the
 * handlers, the engine and the token desk, so an error keeps its kind, message and correlation id
 * wherever it surfaces. Anything that is not a DeskError is a bug: its text is never shown (it may
 * hold anything, secrets included) and the caller logs it.
 */
import type { Problem } from '../../../shared/result'
import { redact } from '../../logging/redact'
import { DeskError } from './desk-error'

/** What the UI says for a failure the desk did not expect; the details are in the log only. */
export const BUG_MESSAGE =
  'Something went wrong inside the desk. The details are in the log; please try again.'

/** The Problem for any thrown value (never throws). */
export function toProblem(err: unknown): Problem {
  if (err instanceof DeskError) {
    return {
      kind: err.kind,
      // Messages are written to be safe; redaction is the second line of defence for known secrets.
      message: redact(err.message),
      ...(err.fields ? { fields: err.fields } : {}),
      ...(err.correlationId ? { correlationId: err.correlationId } : {}),
    }
  }
  if (isAbort(err)) return { kind: 'cancelled', message: 'The operation was cancelled.' }
  return { kind: 'bug', message: BUG_MESSAGE }
}

/** True for a value the desk did not classify (the caller should log it with its stack). */
export function isUnexpected(err: unknown): boolean {
  return !(err instanceof DeskError) && !isAbort(err)
}

function isAbort(err: unknown): boolean {
  return (
    (err instanceof Error || (typeof DOMException !== 'undefined' && err instanceof DOMException)) &&
    (err as Error).name === 'AbortError'
  )
}
