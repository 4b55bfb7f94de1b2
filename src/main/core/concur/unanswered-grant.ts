/**
 * A token grant whose earlier attempt got no answer. Concur may have done that attempt's work
 * without the desk hearing: an exchange spends the single-use request token, a refresh rotates
 * the refresh token. When a later attempt is then refused, the refusal is not the token's fault,
 * and the message must say what really happened instead of blaming the customer's token.
 */
import type { Problem } from '../../../shared/result'
import { brokeAfterSend } from '../connection/network-failure'
import { toProblem } from '../errors/to-problem'
import { ConcurError, type TokenOperation } from './concur-error'

/** A refusal the desk explained: it came after an unanswered attempt of the same grant. */
export class UnansweredGrantError extends ConcurError {
  constructor(...args: ConstructorParameters<typeof ConcurError>) {
    super(...args)
    this.name = 'UnansweredGrantError'
  }
}

/** A token's stored problem marked as such a refusal, so later refusals keep the explanation. */
type MarkedProblem = Problem & { afterUnanswered?: true }

/** True when `err` leaves open whether Concur processed the call (no answer arrived). */
export function mayHaveReachedConcur(err: unknown): boolean {
  if (!(err instanceof ConcurError)) return false
  if (err.kind === 'timeout') return true
  return err.kind === 'offline' && brokeAfterSend(err.networkCode)
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
  return new UnansweredGrantError(err.kind, unansweredGrantText(op), {
    ...(err.status === undefined ? {} : { status: err.status }),
    ...(err.code === undefined ? {} : { code: err.code }),
    ...(err.correlationId === undefined ? {} : { correlationId: err.correlationId }),
    cause: err,
  })
}

/**
 * The problem of a failed exchange (`err`) in the light of the token's previous one: a refusal
 * after an attempt that got no answer (in this call, or a previous one that timed out) gets the
 * unanswered-attempt message, marked, so later refusals of the same token keep it.
 */
export function exchangeProblemAfter(previous: Problem | null, err: unknown): Problem {
  const problem = toProblem(err)
  if (problem.kind !== 'token-rejected') return problem
  const unanswered =
    err instanceof UnansweredGrantError ||
    previous?.kind === 'timeout' ||
    (previous as MarkedProblem | null)?.afterUnanswered === true
  if (!unanswered) return problem
  const marked: MarkedProblem = {
    ...problem,
    message: unansweredGrantText('exchange'),
    afterUnanswered: true,
  }
  return marked
}
