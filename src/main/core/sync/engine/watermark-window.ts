/**
 * The watermark of a Concur → Faces poll: where the summary walk starts (the watermark minus an
 * overlap, since LastModifiedDate has whole seconds and clocks differ), and how far it may move.
 * Profiles are processed oldest change first, many at once; the watermark advances only over the
 * settled prefix of that list, so a profile still in flight is never skipped by a crash, and never
 * past the walk's start (a profile changed while the desk paged may sit on a page already read).
 */

/** Concur's "beginning of time" for a full resync (LastModifiedDate=1900-01-01T12:00:00). */
export const FULL_RESYNC_SINCE_MS = Date.UTC(1900, 0, 1, 12, 0, 0)

/** Where a poll's summary walk starts. */
export function walkStartMs(watermarkMs: number | null, full: boolean, overlapMs: number): number {
  if (full || watermarkMs === null) return FULL_RESYNC_SINCE_MS
  return Math.max(FULL_RESYNC_SINCE_MS, watermarkMs - overlapMs)
}

/** The watermark after a candidate: it never moves back. */
export function advancedWatermarkMs(current: number | null, candidateMs: number): number {
  return Math.max(current ?? FULL_RESYNC_SINCE_MS, candidateMs)
}

/**
 * After a complete walk that found nothing: the watermark moves to the end of the window read
 * (but not past the walk's start), so the next overlap is measured from there.
 */
export function idleWatermarkMs(
  current: number | null,
  walkStartedAtMs: number,
  sinceMs: number,
  overlapMs: number,
): number {
  return advancedWatermarkMs(current, Math.min(walkStartedAtMs, sinceMs + overlapMs))
}

/** Tracks which items of an ascending list settled. */
export interface SettledPrefix {
  /** Marks item `index` settled; returns the watermark candidate of the settled prefix, or null while it is empty. */
  settle(index: number): number | null
  /** How many leading items have settled. */
  readonly length: number
}

/**
 * A settled-prefix tracker over change times sorted ascending. The candidate is the change time of
 * the last item of the settled prefix, capped at the walk's start.
 */
export function createSettledPrefix(
  lastModifiedMs: readonly number[],
  walkStartedAtMs: number,
): SettledPrefix {
  const settled = new Array<boolean>(lastModifiedMs.length).fill(false)
  let prefix = 0
  return {
    get length() {
      return prefix
    },
    settle(index) {
      settled[index] = true
      while (prefix < settled.length && settled[prefix]) prefix++
      return prefix === 0 ? null : Math.min(lastModifiedMs[prefix - 1]!, walkStartedAtMs)
    },
  }
}
