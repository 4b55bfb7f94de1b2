/**
 * The words for a run's counts, shared by main (the run-finished log line) and the renderer (the
 * Manual sync card, the run history, toasts), so the same run reads the same everywhere:
 * "12 read, 12 unchanged, 0 written", plus skipped, flagged, rejected, failed and not processed when
 * not zero.
 */
import type { RunCounts } from './model'

/** A run that did nothing yet. */
export function emptyRunCounts(): RunCounts {
  return { read: 0, written: 0, unchanged: 0, skipped: 0, flagged: 0, rejected: 0, failed: 0 }
}

/** Profiles that reached an outcome. */
export function processedCount(c: RunCounts): number {
  return c.written + c.unchanged + c.skipped + c.flagged + c.rejected + c.failed
}

/** One labelled count. */
export type CountPart = { key: keyof RunCounts | 'unprocessed'; n: number; label: string }

/**
 * The labelled counts in reading order. Read, unchanged and written always show (a zero is an
 * answer too); the others only when not zero. `unprocessed`: read but never reached (the run was
 * cancelled or failed part-way).
 */
export function runCountParts(c: RunCounts): CountPart[] {
  const parts: CountPart[] = [
    { key: 'read', n: c.read, label: 'read' },
    { key: 'unchanged', n: c.unchanged, label: 'unchanged' },
    { key: 'written', n: c.written, label: 'written' },
  ]
  if (c.skipped) parts.push({ key: 'skipped', n: c.skipped, label: 'skipped' })
  if (c.flagged) parts.push({ key: 'flagged', n: c.flagged, label: 'flagged for review' })
  if (c.rejected) parts.push({ key: 'rejected', n: c.rejected, label: 'rejected by Concur' })
  if (c.failed) parts.push({ key: 'failed', n: c.failed, label: 'failed' })
  const unprocessed = c.read - processedCount(c)
  if (unprocessed > 0) parts.push({ key: 'unprocessed', n: unprocessed, label: 'not processed' })
  return parts
}

/** `12 read, 12 unchanged, 0 written` (+ the non-zero others). */
export function runCountsText(c: RunCounts): string {
  return runCountParts(c)
    .map((p) => `${p.n.toLocaleString('en-GB')} ${p.label}`)
    .join(', ')
}
