/**
 * A token grant whose earlier attempt got no answer. Concur may have done that attempt's work
 * without the desk hearing: an exchange spends the single-use request token, a refresh rotates
 * the refresh token. When a later attempt is then refused, the refusal is not the token's fault,
 * and the message must say what really happened instead of blaming the customer's token.
 */
import type { Problem } from '../../../shared/result'
import { ConcurError, type TokenOperation } from './concur-error'

/** Network codes of a connection that broke after the request had gone out. */
const BROKEN_AFTER_SEND = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'])

/** True when `err` leaves open whether Concur processed the call (no answer arrived). */
export function mayHaveReachedConcur(err: unknown): boolean {
  if (!(err instanceof ConcurError)) return false
  if (err.kind === 'timeout') return true
  return err.kind === 'offline' && err.networkCode !== undefined && BROKEN_AFTER_SEND.has(err.networkCode)
}

/** True for the refusal a grant gets when its token was already used up. */
function isTokenRefusal(kind: string): boolean {
  return kind === 'token-rejected' || kind === 'refresh-token-invalid'
}

/** The message of a refusal that followed an unanswered attempt. */
export function unansweredGrantText(op: TokenOperation): string {
  return op === 'exchange'
    ? 'Concur now refuses this request token, but an earlier attempt to exchange it got no answer: ' +
        'that exchange may have gone through at Concur and used the token up, and the desk never received ' +
        'its refresh token. Nothing was changed in Faces. Check the entity; to connect it, ask the customer ' +
        'for a new request token.'
    : 'Concur now refuses the stored credential, but an earlier refresh got no answer: Concur may have ' +
        'rotated the token then, and the desk never received the new one. A new request token is needed.'
}

/**
 * Rewrites a refusal that came after an unanswered attempt of the same grant; any other failure
 * is returned as it is.
 */
export function explainAfterUnanswered(op: TokenOperation, err: unknown): unknown {
  if (!(err instanceof ConcurError) || !isTokenRefusal(err.kind)) return err
  return new ConcurError(err.kind, unansweredGrantText(op), {
    ...(err.status === undefined ? {} : { status: err.status }),
    ...(err.code === undefined ? {} : { code: err.code }),
    ...(err.correlationId === undefined ? {} : { correlationId: err.correlationId }),
    cause: err,
  })
}

/**
 * The problem of a failed exchange in the light of the token's previous one: a refusal after an
 * attempt that timed out gets the unanswered-attempt message (and keeps it on later refusals).
 */
export function exchangeProblemAfter(previous: Problem | null, problem: Problem): Problem {
  if (problem.kind !== 'token-rejected' || previous === null) return problem
  const unanswered =
    previous.kind === 'timeout' ||
    (previous.kind === 'token-rejected' && previous.message === unansweredGrantText('exchange'))
  return unanswered ? { ...problem, message: unansweredGrantText('exchange') } : problem
}
