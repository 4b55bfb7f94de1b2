/**
 * Pure display helpers for instants. Everything is computed from epoch milliseconds and an IANA
 * zone, so the same instant reads the same on every machine regardless of the OS zone.
 */

import { BUSINESS_TIME_ZONE } from '../../../shared/intake/format-time'

/** The zone of the intake window and of every "CET/CEST" time on screen. */
export { BUSINESS_TIME_ZONE }

const formatters = new Map<string, Intl.DateTimeFormat>()

// Intl.DateTimeFormat construction is costly (tens of µs); countdown cells format every second.
function formatter(
  key: string,
  timeZone: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const cacheKey = `${key}|${timeZone ?? 'local'}`
  let f = formatters.get(cacheKey)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...options, ...(timeZone ? { timeZone } : {}) })
    formatters.set(cacheKey, f)
  }
  return f
}

/** `HH:MM` in `timeZone` (the OS zone when omitted). */
export function formatClock(ms: number, timeZone?: string): string {
  return formatter('clock', timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms)
}

/** `HH:MM:SS` in `timeZone`. */
export function formatClockSeconds(ms: number, timeZone?: string): string {
  return formatter('clock-s', timeZone, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(ms)
}

/** `Sat 28 Nov, 14:05` in `timeZone`. */
export function formatDateTime(ms: number, timeZone?: string): string {
  return formatter('datetime', timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms)
}

/** `28 Nov 2026` in `timeZone`. */
export function formatDate(ms: number, timeZone?: string): string {
  return formatter('date', timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(ms)
}

/**
 * `CET` or `CEST` (or the short name of any other zone) at that instant. Unlike the shared helper
 * this reuses one Intl formatter: the header asks on every clock tick.
 */
export function zoneAbbreviation(ms: number, timeZone: string): string {
  const part = formatter('zone', timeZone, { timeZoneName: 'short' })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')
  return part?.value ?? timeZone
}

/** `Sat 28 Nov, 14:05 CET`: a business time with its zone label. */
export function formatBusinessDateTime(ms: number, timeZone = BUSINESS_TIME_ZONE): string {
  return `${formatDateTime(ms, timeZone)} ${zoneAbbreviation(ms, timeZone)}`
}

/**
 * How long until an instant: `1 d 4 h`, `5 h 07 min`, `12 min 30 s`, `45 s`, `expired`. The shared
 * helper, so the UI and main's notifications word a countdown the same way.
 */
export { formatRemaining } from '../../../shared/intake/format-time'

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`; `in 5 min` for future instants. */
export function formatRelative(ms: number, nowMs: number): string {
  const diffS = Math.round((nowMs - ms) / 1000)
  const abs = Math.abs(diffS)
  let text: string
  if (abs < 45) return 'just now'
  if (abs < 3600) text = `${Math.round(abs / 60)} min`
  else if (abs < 172_800) text = `${Math.round(abs / 3600)} h`
  else text = `${Math.round(abs / 86_400)} d`
  return diffS >= 0 ? `${text} ago` : `in ${text}`
}

/** `1.2 s`, `340 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
}
