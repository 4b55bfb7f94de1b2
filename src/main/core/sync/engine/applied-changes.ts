/**
 * No wasted requests: the summary walk overlaps the previous one by two minutes (whole-second
 * timestamps, clocks that differ), so most rows it returns are changes the desk already applied.
 * The desk remembers per traveller the newest LastModifiedDate it applied (`appliedModifiedMs`)
 * and skips the profile GET for a row that is not newer. The overlap stays; it just stops costing.
 *
 * Whole seconds make one case subtle: a second edit within the same second as the one the desk
 * read carries the same LastModifiedDate. So a row's time is remembered as applied only when the
 * profile was read after Concur's clock had provably left that second: the walk saw a later
 * change, or Concur served a page later than that (its Date header, less a second of slack
 * between Concur's servers), or the desk's own clock is past it by more than the overlap (the
 * clock difference the overlap already allows for). Otherwise the next poll reads it once more.
 */
import type { TravellerState } from '../sync-state'

/** Slack between the clock in Concur's Date header and the one that stamps LastModifiedDate. */
export const CONCUR_CLOCK_SLACK_MS = 1_000

/** LastModifiedDate has whole seconds: a stamp covers [stamp, stamp + 1 s). */
const STAMP_RESOLUTION_MS = 1_000

/** True when the desk already applied this change of the traveller, so its profile need not be read. */
export function isAlreadyApplied(
  lastModifiedMs: number,
  t: Pick<TravellerState, 'appliedModifiedMs' | 'pending'> | undefined,
  o: { full: boolean; inRetryList: boolean },
): boolean {
  if (o.full || o.inRetryList || !t || t.pending) return false
  return t.appliedModifiedMs !== undefined && lastModifiedMs <= t.appliedModifiedMs
}

/** What the walk tells about Concur's clock: it had reached at least this instant before any profile was read. */
export function concurClockFloorMs(
  pages: ReadonlyArray<{ servedAtMs?: number | null; items: ReadonlyArray<{ lastModifiedMs: number }> }>,
): number | null {
  let floor: number | null = null
  const raise = (ms: number): void => void (floor = floor === null ? ms : Math.max(floor, ms))
  for (const page of pages) {
    if (page.servedAtMs !== undefined && page.servedAtMs !== null)
      raise(page.servedAtMs - CONCUR_CLOCK_SLACK_MS)
    for (const row of page.items) raise(row.lastModifiedMs)
  }
  return floor
}

/**
 * The LastModifiedDate to remember as applied after reading a profile for a row stamped
 * `lastModifiedMs`, or null when that second may not have been over when the profile was read.
 */
export function settledModifiedMs(
  lastModifiedMs: number,
  evidence: { concurClockFloorMs: number | null; readStartedAtMs: number; overlapMs: number },
): number | null {
  const secondOverAtMs = lastModifiedMs + STAMP_RESOLUTION_MS
  if (evidence.concurClockFloorMs !== null && evidence.concurClockFloorMs >= secondOverAtMs)
    return lastModifiedMs
  if (evidence.readStartedAtMs - evidence.overlapMs >= secondOverAtMs) return lastModifiedMs
  return null
}

/** The traveller's applied stamp after a settled read (never moves back). */
export function withApplied(current: number | undefined, settled: number | null): number | undefined {
  if (settled === null) return current
  return current === undefined ? settled : Math.max(current, settled)
}
