/**
 * The renderer's view of the intake window, built on the shared pure helpers in
 * src/shared/intake (the same arithmetic main uses), reshaped for drawing: whole days with their
 * start and end, a three-state chip, and the window verdict of a token as the screens show it.
 */
import { Temporal } from 'temporal-polyfill'
import type { IntakeWindowSettings, TokenView } from '../../../shared/model'
import { windowContaining, windowOn, windowState } from '../../../shared/intake/intake-window'
import { windowVerdict, type TokenVerdict } from '../../../shared/intake/window-verdict'

/** One calendar day in the window's zone, with its window instants when the window opens that day. */
export type WindowDay = {
  /** `2026-11-28` */
  date: string
  startMs: number
  endMs: number
  window: { opensAtMs: number; softCloseAtMs: number; hardCloseAtMs: number } | null
}

/** Whether tokens can come in now ("closing soon" also covers the time between soft and hard close). */
export type WindowState =
  | { state: 'open'; softCloseAtMs: number; hardCloseAtMs: number }
  | { state: 'closing-soon'; softCloseAtMs: number; hardCloseAtMs: number }
  | { state: 'closed'; opensAtMs: number | null }

/** `count` consecutive days in the window's zone, starting with the day that contains `fromMs`. */
export function windowDays(fromMs: number, settings: IntakeWindowSettings, count: number): WindowDay[] {
  const tz = settings.timeZone
  const first = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(tz).toPlainDate()
  const days: WindowDay[] = []
  for (let i = 0; i < count; i++) {
    const date = first.add({ days: i })
    const w = windowOn(date, settings)
    days.push({
      date: date.toString(),
      startMs: date.toZonedDateTime({ timeZone: tz }).epochMilliseconds,
      endMs: date.add({ days: 1 }).toZonedDateTime({ timeZone: tz }).epochMilliseconds,
      window: w
        ? { opensAtMs: w.opensAtMs, softCloseAtMs: w.softCloseAtMs, hardCloseAtMs: w.hardCloseAtMs }
        : null,
    })
  }
  return days
}

/** The window's state at `nowMs`. */
export function windowStateAt(nowMs: number, settings: IntakeWindowSettings): WindowState {
  let s: ReturnType<typeof windowState>
  try {
    s = windowState(nowMs, settings)
  } catch {
    // No weekday configured: the window never opens.
    return { state: 'closed', opensAtMs: null }
  }
  if (s.state === 'closed') return { state: 'closed', opensAtMs: s.opensAtMs }
  const state = s.state === 'open' ? 'open' : 'closing-soon'
  return { state, softCloseAtMs: s.softCloseAtMs, hardCloseAtMs: s.hardCloseAtMs }
}

/** When the window next opens strictly after `fromMs` (null when no weekday is configured). */
export function nextOpeningAfter(fromMs: number, settings: IntakeWindowSettings): number | null {
  try {
    return windowState(fromMs, settings).opensAtMs
  } catch {
    return null
  }
}

/** True when `ms` falls inside an opening (opens … hard close). */
export function isInsideWindow(ms: number, settings: IntakeWindowSettings): boolean {
  return windowContaining(ms, settings) !== null
}

/** The window verdict of a token at `nowMs` (see `shared/intake/window-verdict.ts`). */
export function tokenVerdictAt(
  token: Pick<TokenView, 'receivedAtMs' | 'expiresAtMs'> & Partial<Pick<TokenView, 'state'>>,
  nowMs: number,
  settings: IntakeWindowSettings,
): TokenVerdict {
  return windowVerdict({ ...token, state: token.state ?? 'pending' }, nowMs, settings)
}
