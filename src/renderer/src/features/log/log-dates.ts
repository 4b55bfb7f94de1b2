/**
 * Dates on the sync log, all in CET/CEST (the rows' zone, never the machine's): the From/To
 * filters are typed as 24-hour `YYYY-MM-DD HH:MM` (a date alone means the whole day), quick
 * ranges, and whether the rows need their date shown (once they span more than one day).
 */
import { fromZonedInputValue, toZonedInputValue } from '../../../../shared/intake/format-time'
import { formatDate } from '../../lib/time-format'

/** What a From/To field holds: a time, nothing, or why the text is not one. */
export type FilterInstant = { ms: number | undefined } | { error: string }

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/

/**
 * Reads a typed From/To value as wall time in `timeZone`. A date alone is the start of that day
 * (From) or its last minute (To). A time skipped by the DST switch moves forward.
 */
export function parseFilterInstant(text: string, edge: 'from' | 'to', timeZone: string): FilterInstant {
  const t = text.trim()
  if (!t) return { ms: undefined }
  const wall = DATE.test(t)
    ? `${t}T${edge === 'from' ? '00:00' : '23:59'}`
    : DATE_TIME.test(t)
      ? t.replace(' ', 'T')
      : null
  const ms = wall === null ? undefined : fromZonedInputValue(wall, timeZone)
  if (ms === undefined)
    return { error: 'Type a date and 24-hour time, e.g. 2026-11-27 14:30 (or just 2026-11-27)' }
  // The last minute of a To value counts whole: 14:30 includes 14:30:59.
  return { ms: edge === 'to' ? ms + 59_999 : ms }
}

/** The field text for a filter instant (`2026-11-27 14:30`), '' for none. */
export function formatFilterInstant(ms: number | undefined, timeZone: string): string {
  return toZonedInputValue(ms, timeZone).replace('T', ' ')
}

/** True when the records fall on more than one calendar day in `timeZone` (rows then show dates). */
export function spansDays(records: ReadonlyArray<{ atMs: number }>, timeZone: string): boolean {
  if (records.length < 2) return false
  const first = records[0]!.atMs
  const last = records[records.length - 1]!.atMs
  return formatDate(first, timeZone) !== formatDate(last, timeZone) || Math.abs(first - last) >= 86_400_000
}

/** Start of the calendar day of `ms` in `timeZone`. */
function startOfDay(ms: number, timeZone: string): number {
  const day = toZonedInputValue(ms, timeZone).slice(0, 10)
  return fromZonedInputValue(`${day}T00:00`, timeZone) ?? ms
}

/** Quick ranges for the From/To filters. */
export function quickRanges(nowMs: number, timeZone: string): Array<{ label: string; fromMs: number }> {
  const today = startOfDay(nowMs, timeZone)
  return [
    { label: 'Last hour', fromMs: nowMs - 3_600_000 },
    { label: 'Today', fromMs: today },
    { label: 'Since yesterday', fromMs: startOfDay(today - 12 * 3_600_000, timeZone) },
    { label: 'Last 7 days', fromMs: startOfDay(nowMs - 7 * 86_400_000, timeZone) },
  ]
}
