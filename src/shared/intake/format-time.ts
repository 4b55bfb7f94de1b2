/**
 * Pure formatting of countdowns and exact times for token expiry displays. Countdowns subtract
 * instants (never wall times), so they stay right across DST switches; zone names come from Intl.
 */
import { Temporal } from 'temporal-polyfill'

/** The business zone of the intake window and token expiries (shown as CET/CEST). */
export const BUSINESS_TIME_ZONE = 'Europe/Zurich'

/**
 * A live countdown such as `11 h 05 min`, `4 min 09 s` or `expired`.
 *
 * Seconds are shown only in the last hour, where they matter for "exchange now".
 */
export function formatRemaining(expiresAtMs: number, nowMs: number): string {
  const ms = expiresAtMs - nowMs
  if (!Number.isFinite(ms) || ms <= 0) return 'expired'
  const totalSeconds = Math.floor(ms / 1000)
  const days = Math.floor(totalSeconds / 86_400)
  const hours = Math.floor((totalSeconds % 86_400) / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const pad = (n: number): string => String(n).padStart(2, '0')
  if (days > 0) return `${days} d ${hours} h`
  if (hours > 0) return `${hours} h ${pad(minutes)} min`
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`
  return `${seconds} s`
}

/** The short zone name at an instant (`CET`, `CEST`, `EST`…), or the UTC offset when Intl has none. */
export function zoneAbbreviation(ms: number, timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(ms)
    const name = parts.find((p) => p.type === 'timeZoneName')?.value
    if (name && !/^(?:GMT|UTC)[+-]/.test(name)) return name
  } catch {
    // Fall through to the numeric offset: some runtimes ship without full ICU zone names.
  }
  const offset = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).offset
  return offset === '+00:00' ? 'UTC' : `UTC${offset}`
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

/** An exact time in a zone, e.g. `Sun 2026-03-29 14:30 CEST`. */
export function formatInZone(ms: number, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone)
  const pad = (n: number): string => String(n).padStart(2, '0')
  const day = WEEKDAYS[z.dayOfWeek - 1] ?? ''
  return `${day} ${z.toPlainDate().toString()} ${pad(z.hour)}:${pad(z.minute)} ${zoneAbbreviation(ms, timeZone)}`
}

/** The wall-clock time of an instant in a zone, e.g. `15:00`. */
export function clockInZone(ms: number, timeZone: string): string {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone)
  return `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`
}

/** The IANA zone of the machine showing the UI (for the "local time" line next to CET/CEST). */
export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** An instant as a `datetime-local` input value (`2026-03-29T02:30`) in `timeZone`; '' for none. */
export function toZonedInputValue(ms: number | undefined, timeZone: string): string {
  if (ms === undefined || !Number.isFinite(ms)) return ''
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone)
  return z.toPlainDateTime().toString({ smallestUnit: 'minute' })
}

/**
 * A `datetime-local` input value read as a wall time in `timeZone` (not the machine's zone), as
 * epoch ms; undefined for an empty or unreadable value. A wall time skipped by a DST switch moves
 * forward (02:30 on the spring-forward day is 03:30 CEST); a repeated one takes the earlier instant.
 */
export function fromZonedInputValue(value: string, timeZone: string): number | undefined {
  if (!value) return undefined
  try {
    return Temporal.PlainDateTime.from(value).toZonedDateTime(timeZone, { disambiguation: 'compatible' })
      .epochMilliseconds
  } catch {
    return undefined
  }
}
