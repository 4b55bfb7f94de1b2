/**
 * The CET/CEST intake window: request tokens should arrive between 06:00 and 14:30, at the latest
 * 15:00, Europe/Zurich wall time, on working days (all configurable).
 *
 * Every computation goes instant → zoned date in the business zone → wall time on that date →
 * instant, through Temporal. Never a hand-made offset and never "today" from the UTC date: at
 * 23:30 UTC it is already tomorrow in Zurich, and on the DST switch days a day has 23 or 25 hours.
 * The result does not depend on the machine's zone (process.env.TZ), only on `settings.timeZone`.
 */
import { Temporal } from 'temporal-polyfill'
import type { IntakeWindowSettings } from '../model'

/** One day's window as instants. */
export type IntakeWindow = {
  /** ISO date of the window in the business zone, e.g. `2026-03-29`. */
  date: string
  opensAtMs: number
  softCloseAtMs: number
  hardCloseAtMs: number
}

/** Where the window stands at one instant. */
export type WindowState = {
  state: 'open' | 'closing-soon' | 'soft-closed' | 'closed'
  /** The next opening strictly after now (tomorrow's or later while a window is open). */
  opensAtMs: number
  /** Soft close of the current window, or of the next one when closed. */
  softCloseAtMs: number
  /** Hard close of the current window, or of the next one when closed. */
  hardCloseAtMs: number
  /** Until the soft close (or, once soft-closed, the hard close); null when closed. */
  msToClose: number | null
  /** Until the next opening; null while open. */
  msToOpen: number | null
}

/** How far ahead to look for the next opening (a week plus a day covers every weekday set). */
const MAX_DAYS_AHEAD = 8

function parseHhmm(value: string, what: string): Temporal.PlainTime {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim())
  const hour = Number(m?.[1])
  const minute = Number(m?.[2])
  if (!m || hour > 23 || minute > 59)
    throw new RangeError(`Expected \`${what}\` as HH:MM, got ${JSON.stringify(value)}`)
  return new Temporal.PlainTime(hour, minute)
}

function dateAt(ms: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDate()
}

/**
 * The window on one business-zone date, or null when that weekday has no window. A wall time that
 * does not exist (spring-forward gap) moves forward, Temporal's 'compatible' disambiguation.
 */
export function windowOn(date: Temporal.PlainDate, settings: IntakeWindowSettings): IntakeWindow | null {
  if (!settings.weekdays.includes(date.dayOfWeek)) return null
  const at = (hhmm: string, what: string): number =>
    date.toZonedDateTime({ timeZone: settings.timeZone, plainTime: parseHhmm(hhmm, what) }).epochMilliseconds
  return {
    date: date.toString(),
    opensAtMs: at(settings.opensAt, 'opensAt'),
    softCloseAtMs: at(settings.softCloseAt, 'softCloseAt'),
    hardCloseAtMs: at(settings.hardCloseAt, 'hardCloseAt'),
  }
}

/** The first window whose opening is strictly after `ms`; throws when no weekday has a window. */
export function nextWindowAfter(ms: number, settings: IntakeWindowSettings): IntakeWindow {
  let date = dateAt(ms, settings.timeZone)
  for (let i = 0; i <= MAX_DAYS_AHEAD; i++, date = date.add({ days: 1 })) {
    const w = windowOn(date, settings)
    if (w && w.opensAtMs > ms) return w
  }
  throw new RangeError(
    `Expected \`weekdays\` to name at least one ISO weekday (1-7), got ${JSON.stringify(settings.weekdays)}`,
  )
}

/** The window `ms` falls in (opening inclusive, hard close exclusive), or null. */
export function windowContaining(ms: number, settings: IntakeWindowSettings): IntakeWindow | null {
  const w = windowOn(dateAt(ms, settings.timeZone), settings)
  return w && ms >= w.opensAtMs && ms < w.hardCloseAtMs ? w : null
}

/** Where the intake window stands at `nowMs`. */
export function windowState(nowMs: number, settings: IntakeWindowSettings): WindowState {
  const next = nextWindowAfter(nowMs, settings)
  const current = windowContaining(nowMs, settings)
  if (!current) {
    return {
      state: 'closed',
      opensAtMs: next.opensAtMs,
      softCloseAtMs: next.softCloseAtMs,
      hardCloseAtMs: next.hardCloseAtMs,
      msToClose: null,
      msToOpen: next.opensAtMs - nowMs,
    }
  }
  const closingSoonFromMs = current.softCloseAtMs - settings.closingSoonMinutes * 60_000
  const state =
    nowMs >= current.softCloseAtMs ? 'soft-closed' : nowMs >= closingSoonFromMs ? 'closing-soon' : 'open'
  return {
    state,
    opensAtMs: next.opensAtMs,
    softCloseAtMs: current.softCloseAtMs,
    hardCloseAtMs: current.hardCloseAtMs,
    msToClose: (state === 'soft-closed' ? current.hardCloseAtMs : current.softCloseAtMs) - nowMs,
    msToOpen: null,
  }
}

/** Every window overlapping [fromMs, toMs), for drawing today and tomorrow on a timeline. */
export function windowsBetween(fromMs: number, toMs: number, settings: IntakeWindowSettings): IntakeWindow[] {
  const out: IntakeWindow[] = []
  if (toMs <= fromMs) return out
  const last = dateAt(toMs, settings.timeZone)
  for (
    let date = dateAt(fromMs, settings.timeZone);
    Temporal.PlainDate.compare(date, last) <= 0;
    date = date.add({ days: 1 })
  ) {
    const w = windowOn(date, settings)
    if (w && w.hardCloseAtMs > fromMs && w.opensAtMs < toMs) out.push(w)
  }
  return out
}

/**
 * The last instant before `ms` at which the window is open (staffed): `ms` itself when it falls in
 * a window, else the hard close of the last window before it; null when none in the week before.
 */
export function lastOpenInstantBefore(ms: number, settings: IntakeWindowSettings): number | null {
  let date = dateAt(ms, settings.timeZone)
  for (let i = 0; i <= MAX_DAYS_AHEAD; i++, date = date.subtract({ days: 1 })) {
    const w = windowOn(date, settings)
    if (w && w.opensAtMs < ms) return Math.min(ms, w.hardCloseAtMs)
  }
  return null
}
