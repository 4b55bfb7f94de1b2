/**
 * The window verdict: will someone be at the desk to exchange a request token before it expires?
 *
 * The desk is staffed while the intake window is open, from the opening to the hard close
 * (`windowContaining`: opening inclusive, hard close exclusive; the soft-closed half hour counts).
 * For a token still waiting for its exchange (pending, being exchanged, or failed and retryable)
 * the verdict at `nowMs` is one of:
 *
 * | kind                    | when                                                           | colour |
 * | ----------------------- | -------------------------------------------------------------- | ------ |
 * | `in-time`               | staffed now, and it expires while staffed or is still valid at  | ok     |
 * |                         | the next opening                                               |        |
 * | `exchange-before-close` | staffed now, but the window closes before it expires and it    | warn   |
 * |                         | will be gone by the next opening: exchange it before the close |        |
 * | `wait-for-window`       | not staffed now, still valid when the window next opens        | warn   |
 * | `unreachable`           | not staffed now, and it expires before the window opens again: | bad    |
 * |                         | nobody can exchange it; a new token is needed                  |        |
 * | `expired`               | past its expiry, or marked expired                             | bad    |
 * | `exchanged`             | done                                                           | ok     |
 *
 * Red ("bad") only when the token truly cannot be exchanged any more. `arrivedOutsideWindow` is
 * reported beside the kind, so the case can be answered with the intake hours. Every instant is
 * compared as an instant (epoch ms), the windows come from `intake-window.ts` (Temporal, business
 * zone), so the verdict is right on DST days and the same on every machine zone.
 */
import type { IntakeWindowSettings, RequestTokenState } from '../model'
import { lastOpenInstantBefore, nextWindowAfter, windowContaining, type IntakeWindow } from './intake-window'

/** The fields of a token the verdict needs. */
export type TokenTiming = { receivedAtMs: number; expiresAtMs: number; state: RequestTokenState }

/** The kinds of verdict (see the table above). */
export type VerdictKind =
  'in-time' | 'exchange-before-close' | 'wait-for-window' | 'unreachable' | 'expired' | 'exchanged'

/** The verdict about one token at one instant. */
export type TokenVerdict = {
  kind: VerdictKind
  /** How the UI colours it: red only for `unreachable` and `expired`. */
  severity: 'ok' | 'warn' | 'bad'
  /** The last instant the desk can exchange it (the expiry, or the hard close when that comes first). */
  exchangeByMs: number | null
  /** The hard close of the current window when it comes before the expiry (`exchange-before-close`). */
  windowClosesAtMs: number | null
  /** The next opening, when the desk is not staffed now (null when no weekday has a window). */
  nextOpenAtMs: number | null
  /** It arrived while the window was closed. */
  arrivedOutsideWindow: boolean
  /** Only a new request token helps (compose the case). */
  needsNewToken: boolean
}

function nextOpening(ms: number, settings: IntakeWindowSettings): IntakeWindow | null {
  try {
    return nextWindowAfter(ms, settings)
  } catch {
    return null // no weekday configured: the window never opens
  }
}

/** The verdict about `token` at `nowMs`. */
export function windowVerdict(
  token: TokenTiming,
  nowMs: number,
  settings: IntakeWindowSettings,
): TokenVerdict {
  const arrivedOutsideWindow = windowContaining(token.receivedAtMs, settings) === null
  const none = { windowClosesAtMs: null, nextOpenAtMs: null, exchangeByMs: null }
  if (token.state === 'exchanged')
    return { ...none, kind: 'exchanged', severity: 'ok', arrivedOutsideWindow, needsNewToken: false }
  if (token.state === 'expired' || nowMs >= token.expiresAtMs)
    return { ...none, kind: 'expired', severity: 'bad', arrivedOutsideWindow, needsNewToken: true }
  // The last moment someone is at the desk while the token is still valid.
  const exchangeByMs = lastOpenInstantBefore(token.expiresAtMs, settings)
  const current = windowContaining(nowMs, settings)
  if (current) {
    const closesFirst = token.expiresAtMs > current.hardCloseAtMs && exchangeByMs === current.hardCloseAtMs
    return {
      ...none,
      kind: closesFirst ? 'exchange-before-close' : 'in-time',
      severity: closesFirst ? 'warn' : 'ok',
      exchangeByMs,
      windowClosesAtMs: closesFirst ? current.hardCloseAtMs : null,
      arrivedOutsideWindow,
      needsNewToken: false,
    }
  }
  const nextOpenAtMs = nextOpening(nowMs, settings)?.opensAtMs ?? null
  const reachable = exchangeByMs !== null && exchangeByMs > nowMs
  return {
    ...none,
    kind: reachable ? 'wait-for-window' : 'unreachable',
    severity: reachable ? 'warn' : 'bad',
    exchangeByMs: reachable ? exchangeByMs : null,
    nextOpenAtMs,
    arrivedOutsideWindow,
    needsNewToken: !reachable,
  }
}
