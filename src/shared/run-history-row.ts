/** The run-history row of a live run view (main merges live runs in; so does the renderer for progress). */
import type { RunHistoryEntry, SyncRunView } from './model'

/** A row for a run as the engine sees it now. */
export function runHistoryRowOf(v: SyncRunView): RunHistoryEntry {
  return {
    runId: v.runId,
    entityId: v.entityId,
    kind: v.kind,
    direction: v.direction,
    state: v.state,
    startedAtMs: v.startedAtMs,
    finishedAtMs: v.finishedAtMs,
    durationMs: v.finishedAtMs === null ? null : v.finishedAtMs - v.startedAtMs,
    counts: { ...v.counts },
    problem: null,
    correlationId: null,
  }
}
