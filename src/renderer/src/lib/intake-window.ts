/**
 * Pure intake-window arithmetic in the window's own zone (Europe/Zurich). Wall-clock times are
 * turned into instants with Temporal so that the DST switch days (23 h and 25 h long) come out
 * right; the OS zone of the support desk machine never matters.
 *
 * TODO(remove when src/shared/intake/ exports window-state helpers): switch to the shared ones.
 */
import { Temporal } from 'temporal-polyfill'
import type { IntakeWindowSettings, TokenView } from '../../../shared/model'

/** The configured default, used until settings arrive. */
export const DEFAULT_INTAKE_WINDOW: IntakeWindowSettings = {
  timeZone: 'Europe/Zurich',
  opensAt: '06:00',
  softCloseAt: '14:30',
  hardCloseAt: '15:00',
  weekdays: [1, 2, 3, 4, 5],
  closingSoonMinutes: 60,
}

/** One calendar day in the window's zone, with its window instants when the window opens that day. */
export type WindowDay = {
  /** `2026-11-28` */
  date: string
  startMs: number
  endMs: number
  window: { opensAtMs: number; softCloseAtMs: number; hardCloseAtMs: number } | null
}

/** Whether tokens can come in now. */
export type WindowState =
  | { state: 'open'; softCloseAtMs: number; hardCloseAtMs: number }
  | { state: 'closing-soon'; softCloseAtMs: number; hardCloseAtMs: number }
  | { state: 'closed'; opensAtMs: number | null }

function atTime(date: Temporal.PlainDate, hhmm: string, timeZone: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return date.toZonedDateTime({ timeZone, plainTime: new Temporal.PlainTime(h ?? 0, m ?? 0) })
    .epochMilliseconds
}

/** `count` consecutive days in the window's zone, starting with the day that contains `fromMs`. */
export function windowDays(fromMs: number, settings: IntakeWindowSettings, count: number): WindowDay[] {
  const tz = settings.timeZone
  const first = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(tz).toPlainDate()
  const days: WindowDay[] = []
  for (let i = 0; i < count; i++) {
    const date = first.add({ days: i })
    const startMs = date.toZonedDateTime({ timeZone: tz }).epochMilliseconds
    const endMs = date.add({ days: 1 }).toZonedDateTime({ timeZone: tz }).epochMilliseconds
    const isOpenDay = settings.weekdays.includes(date.dayOfWeek)
    days.push({
      date: date.toString(),
      startMs,
      endMs,
      window: isOpenDay
        ? {
            opensAtMs: atTime(date, settings.opensAt, tz),
            softCloseAtMs: atTime(date, settings.softCloseAt, tz),
            hardCloseAtMs: atTime(date, settings.hardCloseAt, tz),
          }
        : null,
    })
  }
  return days
}

/** The window's state at `nowMs`; "closing soon" runs from `closingSoonMinutes` before the soft close to the hard close. */
export function windowStateAt(nowMs: number, settings: IntakeWindowSettings): WindowState {
  const days = windowDays(nowMs, settings, 9)
  for (const day of days) {
    const w = day.window
    if (!w || nowMs >= w.hardCloseAtMs) continue
    if (nowMs < w.opensAtMs) return { state: 'closed', opensAtMs: w.opensAtMs }
    const soonFromMs = w.softCloseAtMs - settings.closingSoonMinutes * 60_000
    return nowMs >= soonFromMs
      ? { state: 'closing-soon', softCloseAtMs: w.softCloseAtMs, hardCloseAtMs: w.hardCloseAtMs }
      : { state: 'open', softCloseAtMs: w.softCloseAtMs, hardCloseAtMs: w.hardCloseAtMs }
  }
  return { state: 'closed', opensAtMs: null }
}

/** When the window next opens strictly after `fromMs` (null when no weekday is configured). */
export function nextOpeningAfter(fromMs: number, settings: IntakeWindowSettings): number | null {
  for (const day of windowDays(fromMs, settings, 9)) {
    if (day.window && day.window.opensAtMs > fromMs) return day.window.opensAtMs
  }
  return null
}

/** True when `ms` falls inside an opening (opens … hard close). */
export function isInsideWindow(ms: number, settings: IntakeWindowSettings): boolean {
  const day = windowDays(ms, settings, 1)[0]
  return !!day?.window && ms >= day.window.opensAtMs && ms < day.window.hardCloseAtMs
}

/** How a pending token should be drawn: at risk (red), received outside the window (amber), or fine. */
export type TokenRisk = 'expires-before-window' | 'outside-window' | 'ok'

/**
 * Red when the token expires before the window next opens (exchange it now or ask for a new one);
 * amber when it arrived outside the window.
 */
export function tokenRisk(
  token: Pick<TokenView, 'receivedAtMs' | 'expiresAtMs'>,
  nowMs: number,
  settings: IntakeWindowSettings,
): TokenRisk {
  const state = windowStateAt(nowMs, settings)
  if (state.state === 'closed') {
    const opens = state.opensAtMs
    if (opens === null || token.expiresAtMs < opens) return 'expires-before-window'
  }
  return isInsideWindow(token.receivedAtMs, settings) ? 'ok' : 'outside-window'
}
