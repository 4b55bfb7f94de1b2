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
import type { IntakeWindowSettings, RequestTokenState } from '../model'

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

/** What the desk says about one request token. */
export type TokenVerdict = {
  /** The token is still valid when the window next opens. */
  validAtNextOpen: boolean
  flag: 'exchange-now-or-request-new' | 'arrived-outside-window' | null
}

/** The fields of a token the verdict needs. */
export type TokenTiming = { receivedAtMs: number; expiresAtMs: number; state: RequestTokenState }

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

/** The first window whose opening is strictly after `ms`. */
function nextWindowAfter(ms: number, settings: IntakeWindowSettings): IntakeWindow {
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
 * The desk's advice about one token. A token still waiting for exchange (pending or failed) that
 * expires before the window next opens is flagged "exchange now or request a new one": nobody will
 * be at the desk to exchange it later. Otherwise a token that arrived while the window was closed
 * is flagged, so the case can be answered with the intake hours.
 */
export function tokenVerdict(
  token: TokenTiming,
  nowMs: number,
  settings: IntakeWindowSettings,
): TokenVerdict {
  const nextOpenMs = nextWindowAfter(nowMs, settings).opensAtMs
  const validAtNextOpen = token.expiresAtMs > nextOpenMs && token.state !== 'expired'
  const waiting = token.state === 'pending' || token.state === 'failed'
  if (waiting && token.expiresAtMs > nowMs && !validAtNextOpen)
    return { validAtNextOpen, flag: 'exchange-now-or-request-new' }
  if (!windowContaining(token.receivedAtMs, settings))
    return { validAtNextOpen, flag: 'arrived-outside-window' }
  return { validAtNextOpen, flag: null }
}
