/**
 * A grant whose reply was lost on the way back, against the strict simulator over real HTTP:
 * Concur spent the request token (or rotated the refresh token) in the first attempt, so the
 * retry is refused, and the desk says so instead of blaming the customer's token.
 */
import { describe, expect, it } from 'vitest'
import { failure, startHarness } from '../../../../test/support/concur-harness'
import { unansweredGrantText } from './unanswered-grant'

describe('a grant retried after a lost reply', () => {
  it('explains a refused exchange retry: the first attempt may have used the token up', async () => {
    const h = await startHarness({}, { timeoutMs: 200, maxAttempts: 3 })
    h.sim.admin.injectFault({ route: 'token', kind: 'lost-reply', count: 1 })
    const err = await failure(h.connectAcme())
    expect(err).toMatchObject({ kind: 'token-rejected', code: 5 })
    expect(err.message).toBe(unansweredGrantText('exchange'))
    // Two attempts reached Concur: the one whose reply was lost (it succeeded there) and the refused retry.
    expect(h.tokenCalls().map((c) => c.status)).toEqual([200, 400])
    expect(h.history.at(-1)).toMatchObject({ event: 'exchange', outcome: 'failed' })
  })

  it('explains a refused refresh retry: Concur may have rotated the token in the lost reply', async () => {
    const h = await startHarness({}, { timeoutMs: 200, maxAttempts: 3 })
    await h.connectAcme()
    const { refreshToken, geolocation } = await h.stored()
    h.sim.admin.injectFault({ route: 'token', kind: 'lost-reply', count: 1 })
    const err = await failure(h.makeOAuth().refresh({ entityKey: '110034', refreshToken, geolocation }))
    expect(err.kind).toBe('refresh-token-invalid')
    expect(err.message).toBe(unansweredGrantText('refresh'))
  })

  it('keeps Concur’s own message for a refusal without an unanswered attempt before it', async () => {
    const h = await startHarness({}, { timeoutMs: 200, maxAttempts: 3 })
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid)
    const exchange = () =>
      h.owner.exchange({
        entityId: '110034',
        companyUuid: h.acme.uuid,
        requestToken,
        tokenId: null,
        activate: true,
      })
    await exchange()
    const err = await failure(exchange())
    expect(err.kind).toBe('token-rejected')
    expect(err.message).not.toBe(unansweredGrantText('exchange'))
    expect(err.message).toContain('Ask the customer for a new one')
  })
})
