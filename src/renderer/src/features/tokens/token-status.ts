/**
 * What a request token is, in the words staff act on: waiting, being exchanged, exchanged (and
 * whether Faces took it), an exchange that failed but can be tried again (still valid: its
 * countdown matters), rejected by Concur (no countdown: only a new token helps), or expired. One
 * model for the paste screen and Today, so a rejected token never counts down anywhere.
 */
import type { TokenView } from '../../../../shared/model'
import type { ProblemKind } from '../../../../shared/result'
import { problemText } from '../../lib/problem-text'

/** The kinds of status. */
export type TokenStatusKind =
  | 'waiting'
  | 'exchanging'
  | 'exchanged'
  | 'hand-off-waiting'
  | 'retryable'
  | 'paste-again'
  | 'rejected'
  | 'expired'

/** A token's status as the screens show it. */
export type TokenStatus = {
  kind: TokenStatusKind
  /** The badge text. */
  label: string
  tone: 'ok' | 'warn' | 'bad' | 'info'
  /** What to do next, in one or two sentences; null when nothing is needed. */
  nextStep: string | null
  /** The token's lifetime still matters: show its countdown and window verdict. */
  isCountingDown: boolean
  /** "Exchange now" / "Exchange again" can help. */
  canExchange: boolean
  /** Only a new request token helps (the case composer is the next step). */
  needsNewToken: boolean
}

/** Failures the same token can never get past: Concur said no to this token or this company. */
const REJECTED_KINDS: ReadonlySet<ProblemKind> = new Set([
  'token-rejected',
  'company-not-enabled',
  'refresh-token-invalid',
  'invalid-input',
])

/** A failed exchange the same token may still get past (Concur down, a timeout, a restart). */
export function isRetryableFailure(t: TokenView): boolean {
  const kind = t.problem?.kind
  return t.state === 'failed' && kind !== 'not-found' && !(kind !== undefined && REJECTED_KINDS.has(kind))
}

const EXPIRED_NEXT_STEP = 'It expired before it was exchanged. Ask the customer for a new request token.'

function expired(nextStep: string): TokenStatus {
  return {
    kind: 'expired',
    label: 'Expired',
    tone: 'bad',
    nextStep,
    isCountingDown: false,
    canExchange: false,
    needsNewToken: true,
  }
}

/** The status of a token at `nowMs`. */
export function tokenStatus(t: TokenView, nowMs: number): TokenStatus {
  const base = { isCountingDown: false, canExchange: false, needsNewToken: false, nextStep: null }
  switch (t.state) {
    case 'exchanging':
      return { ...base, kind: 'exchanging', label: 'Exchanging with Concur…', tone: 'info' }
    case 'exchanged':
      if (t.handOff && t.handOff.doneAtMs === null)
        return {
          ...base,
          kind: 'hand-off-waiting',
          label: 'Exchanged; Faces has not taken it yet',
          tone: 'warn',
          canExchange: true,
          nextStep:
            'The refresh token is safe in the keychain and the desk keeps handing it to Faces; "Exchange" retries now.',
        }
      return { ...base, kind: 'exchanged', label: 'Exchanged: refresh token stored', tone: 'ok' }
    case 'expired':
      return expired(t.problem ? problemText(t.problem) : EXPIRED_NEXT_STEP)
    case 'failed': {
      if (nowMs >= t.expiresAtMs) return expired(EXPIRED_NEXT_STEP)
      if (t.problem?.kind === 'not-found')
        return {
          ...base,
          kind: 'paste-again',
          label: 'Paste it again',
          tone: 'warn',
          nextStep: t.problem ? problemText(t.problem) : 'Paste the Concur text again.',
        }
      if (!isRetryableFailure(t))
        return {
          ...base,
          kind: 'rejected',
          label: 'Rejected by Concur',
          tone: 'bad',
          needsNewToken: true,
          nextStep: `${t.problem ? problemText(t.problem) : 'Concur rejected the request token.'} This token cannot be used again: compose the case for a new one.`,
        }
      return {
        ...base,
        kind: 'retryable',
        label: 'Exchange failed: try again',
        tone: 'warn',
        isCountingDown: true,
        canExchange: true,
        nextStep: `${t.problem ? problemText(t.problem) : 'The exchange did not go through.'} The token is still valid: press "Exchange again" (or wait for Concur to answer again).`,
      }
    }
    case 'pending':
      return {
        ...base,
        kind: 'waiting',
        label: 'Waiting to exchange',
        tone: 'info',
        isCountingDown: true,
        canExchange: true,
      }
  }
}

/** Tokens Today lists in its table of tokens to exchange (their lifetime matters). */
export function isExchangeableToken(t: TokenView, nowMs: number): boolean {
  const s = tokenStatus(t, nowMs)
  return s.isCountingDown || s.kind === 'exchanging'
}

/** How long an expired token stays on Today (a day later it is history, in the entity's log). */
export const EXPIRED_SHOWN_MS = 24 * 3_600_000

/**
 * Tokens Today lists as needing a person: rejected, to be pasted again, not yet taken by Faces,
 * or expired in the last day; only the newest token of each entity (a newer one supersedes it).
 */
export function tokensNeedingAttention(tokens: readonly TokenView[], nowMs: number): TokenView[] {
  const newest = new Map<string, number>()
  for (const t of tokens) newest.set(t.entityId, Math.max(newest.get(t.entityId) ?? 0, t.receivedAtMs))
  return tokens.filter((t) => {
    if ((newest.get(t.entityId) ?? 0) > t.receivedAtMs) return false
    const kind = tokenStatus(t, nowMs).kind
    if (kind === 'expired') return nowMs - t.expiresAtMs < EXPIRED_SHOWN_MS
    return kind === 'rejected' || kind === 'paste-again' || kind === 'hand-off-waiting'
  })
}
