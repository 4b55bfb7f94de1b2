import { describe, expect, it } from 'vitest'
import type { Problem } from '../../../shared/result'
import { ConcurError } from './concur-error'
import {
  exchangeProblemAfter,
  explainAfterUnanswered,
  mayHaveReachedConcur,
  unansweredGrantText,
} from './unanswered-grant'

const refused: Problem = {
  kind: 'token-rejected',
  message: 'Concur rejected the request token.',
  correlationId: 'c-2',
}

describe('unanswered grant attempts', () => {
  it('counts a timeout and a connection broken after sending as possibly processed, a refused connection not', () => {
    expect(mayHaveReachedConcur(new ConcurError('timeout', 'no answer'))).toBe(true)
    expect(mayHaveReachedConcur(new ConcurError('offline', 'reset', { networkCode: 'ECONNRESET' }))).toBe(
      true,
    )
    expect(mayHaveReachedConcur(new ConcurError('offline', 'refused', { networkCode: 'ECONNREFUSED' }))).toBe(
      false,
    )
    expect(mayHaveReachedConcur(new ConcurError('remote-failed', 'HTTP 500'))).toBe(false)
    expect(mayHaveReachedConcur(new Error('timeout'))).toBe(false)
  })

  it('rewrites only refusals, keeping code, status and correlation id', () => {
    const rewritten = explainAfterUnanswered(
      'exchange',
      new ConcurError('token-rejected', 'wrong token', { code: 5, status: 400, correlationId: 'c-1' }),
    )
    expect(rewritten).toMatchObject({ kind: 'token-rejected', code: 5, status: 400, correlationId: 'c-1' })
    expect((rewritten as Error).message).toBe(unansweredGrantText('exchange'))
    const other = new ConcurError('rate-limited', 'slow down')
    expect(explainAfterUnanswered('exchange', other)).toBe(other)
  })

  it('explains a refusal after a timed-out exchange, and keeps explaining it on later refusals', () => {
    const timedOut: Problem = { kind: 'timeout', message: 'Concur did not answer within 30 s.' }
    const first = exchangeProblemAfter(timedOut, refusal())
    expect(first).toMatchObject({ ...refused, message: unansweredGrantText('exchange') })
    expect(exchangeProblemAfter(first, refusal()).message).toBe(unansweredGrantText('exchange'))
    // Marked by a field, not recognised by its words: a refusal that merely reads the same is not one.
    const lookalike: Problem = { ...refused, message: unansweredGrantText('exchange') }
    expect(exchangeProblemAfter(lookalike, refusal())).toEqual(refused)
  })

  it('marks a refusal explained within the same exchange (its retries), so the next refusal keeps it', () => {
    const explained = explainAfterUnanswered('exchange', refusal())
    const first = exchangeProblemAfter(null, explained)
    expect(first.message).toBe(unansweredGrantText('exchange'))
    expect(exchangeProblemAfter(first, refusal()).message).toBe(unansweredGrantText('exchange'))
  })

  it('leaves a refusal alone after nothing, after a plain refusal, and a non-refusal always', () => {
    expect(exchangeProblemAfter(null, refusal())).toEqual(refused)
    expect(exchangeProblemAfter(refused, refusal())).toEqual(refused)
    const offline = new ConcurError('offline', 'no network')
    expect(exchangeProblemAfter({ kind: 'timeout', message: 't' }, offline)).toMatchObject({
      kind: 'offline',
      message: 'no network',
    })
  })
})

/** Concur's refusal of a request token, as the exchange throws it. */
function refusal(): ConcurError {
  return new ConcurError('token-rejected', refused.message, { correlationId: 'c-2' })
}
