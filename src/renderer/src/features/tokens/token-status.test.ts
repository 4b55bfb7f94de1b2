import { describe, expect, it } from 'vitest'
import { makeToken } from '../../testing/demo-data'
import { isExchangeableToken, tokenStatus, tokensNeedingAttention } from './token-status'

const NOW = Date.UTC(2026, 10, 25, 9)

describe('token status', () => {
  it('counts down while a token waits or failed for a passing reason, and offers the exchange', () => {
    const waiting = tokenStatus(makeToken(1, NOW), NOW)
    expect(waiting).toMatchObject({
      kind: 'waiting',
      isCountingDown: true,
      canExchange: true,
      needsNewToken: false,
    })
    const offline = tokenStatus(
      makeToken(2, NOW, {
        state: 'failed',
        problem: { kind: 'remote-failed', message: 'Concur answered 503.' },
      }),
      NOW,
    )
    expect(offline).toMatchObject({
      kind: 'retryable',
      label: 'Exchange failed: try again',
      isCountingDown: true,
    })
    expect(offline.nextStep).toBe(
      'Concur answered 503. The token is still valid: press "Exchange again" (or wait for Concur to answer again).',
    )
  })

  it('does not count down a token Concur rejected: it says rejected, with the next step', () => {
    const rejected = tokenStatus(
      makeToken(3, NOW, {
        state: 'failed',
        problem: { kind: 'token-rejected', message: 'Concur rejected the request token (code 5).' },
      }),
      NOW,
    )
    expect(rejected).toMatchObject({
      kind: 'rejected',
      label: 'Rejected by Concur',
      tone: 'bad',
      isCountingDown: false,
      canExchange: false,
      needsNewToken: true,
    })
    expect(rejected.nextStep).toContain('compose the case for a new one')
  })

  it('treats a failed token past its expiry as expired, and a token missing from the keychain as one to paste again', () => {
    const late = makeToken(4, NOW, { state: 'failed', expiresAtMs: NOW - 1, problem: null })
    expect(tokenStatus(late, NOW)).toMatchObject({
      kind: 'expired',
      isCountingDown: false,
      needsNewToken: true,
    })
    const lost = makeToken(5, NOW, {
      state: 'failed',
      problem: { kind: 'not-found', message: 'The request token is no longer in the keychain.' },
    })
    expect(tokenStatus(lost, NOW)).toMatchObject({ kind: 'paste-again', isCountingDown: false })
    expect(isExchangeableToken(lost, NOW)).toBe(false)
  })

  it('says when Faces has not taken an exchanged token yet', () => {
    const t = makeToken(6, NOW, {
      state: 'exchanged',
      exchangedAtMs: NOW,
      handOff: { doneAtMs: null, attemptedAtMs: NOW, isFailed: true },
    })
    expect(tokenStatus(t, NOW)).toMatchObject({ kind: 'hand-off-waiting', tone: 'warn', canExchange: true })
    expect(
      tokenStatus({ ...t, handOff: { doneAtMs: NOW, attemptedAtMs: NOW, isFailed: false } }, NOW).kind,
    ).toBe('exchanged')
  })

  it('lists for a person only the newest token of each entity, and expired ones for a day', () => {
    const rejected = makeToken(7, NOW, {
      entityId: 'ent-a',
      state: 'failed',
      receivedAtMs: NOW - 3_600_000,
      problem: { kind: 'token-rejected', message: 'x' },
    })
    const newer = makeToken(8, NOW, { entityId: 'ent-a', receivedAtMs: NOW - 60_000 })
    const oldExpired = makeToken(9, NOW, {
      entityId: 'ent-b',
      state: 'expired',
      receivedAtMs: NOW - 40 * 3_600_000,
      expiresAtMs: NOW - 28 * 3_600_000,
    })
    const freshExpired = makeToken(10, NOW, {
      entityId: 'ent-c',
      state: 'expired',
      receivedAtMs: NOW - 13 * 3_600_000,
      expiresAtMs: NOW - 3_600_000,
    })
    expect(tokensNeedingAttention([rejected, newer, oldExpired, freshExpired], NOW).map((t) => t.id)).toEqual(
      [freshExpired.id],
    )
    expect(tokensNeedingAttention([rejected], NOW).map((t) => t.id)).toEqual([rejected.id])
  })
})
