/**
 * The window verdict in words, for the paste screen, the Today screen, the entity panel and
 * notifications: a short label for a badge and one sentence saying what to do.
 */
import { clockInZone, formatInZone, formatRemaining } from './format-time'
import type { TokenTiming, TokenVerdict } from './window-verdict'

/** A verdict as the UI shows it. */
export type VerdictText = { label: string; detail: string }

const NO_WINDOW =
  'the intake window has no working day configured (see Settings), so nobody is scheduled to exchange it'

/** The label and sentence for a verdict about `token` at `nowMs`, times in `timeZone`. */
export function verdictText(
  verdict: TokenVerdict,
  token: Pick<TokenTiming, 'expiresAtMs'>,
  nowMs: number,
  timeZone: string,
): VerdictText {
  const at = (ms: number): string => formatInZone(ms, timeZone)
  const expires = at(token.expiresAtMs)
  const outside = verdict.arrivedOutsideWindow ? ' It arrived outside the intake window.' : ''
  const by = verdict.exchangeByMs
  switch (verdict.kind) {
    case 'exchanged':
      return { label: 'Exchanged', detail: 'Exchanged for a refresh token.' }
    case 'expired':
      return {
        label: 'Expired',
        detail: `It expired ${expires} before it was exchanged. Ask the customer for a new request token.`,
      }
    case 'in-time':
      return {
        label: 'In time',
        detail:
          by === null || by === token.expiresAtMs
            ? `${formatRemaining(token.expiresAtMs, nowMs)} left: valid until ${expires}.${outside}`
            : `Valid until ${expires}; the desk can exchange it until ${at(by)} (${formatRemaining(by, nowMs)} from now).${outside}`,
      }
    case 'exchange-before-close': {
      const close = verdict.windowClosesAtMs ?? by ?? token.expiresAtMs
      return {
        label: `Exchange before ${clockInZone(close, timeZone)}`,
        detail: `The intake window closes ${at(close)} (in ${formatRemaining(close, nowMs)}); the token expires ${expires}, when nobody is at the desk. Exchange it before the window closes.${outside}`,
      }
    }
    case 'wait-for-window':
      return {
        label: 'Valid when the window opens',
        detail: `Nobody is at the desk now; it is still valid when the intake window opens ${verdict.nextOpenAtMs === null ? '' : at(verdict.nextOpenAtMs)}. Exchange it by ${by === null ? expires : at(by)}.${outside}`,
      }
    case 'unreachable':
      return {
        label: 'New token needed',
        detail:
          verdict.nextOpenAtMs === null
            ? `It expires ${expires} and ${NO_WINDOW}. Ask the customer for a new request token.`
            : `It expires ${expires}, before the intake window opens again (${at(verdict.nextOpenAtMs)}): nobody can exchange it in time. Ask the customer for a new request token.`,
      }
  }
}
