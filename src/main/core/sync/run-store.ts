/**
 * The storage port of sync runs: every run is a row (queued → running → done / failed /
 * cancelled), written when its state changes, so the run list survives a restart and does not
 * depend on the sync log's retention. A run a stopped or killed desk left open is closed as
 * cancelled (interrupted) at the next start.
 */
import type { SyncRunView } from '../../../shared/model'

/** Sync-run rows. */
export interface RunStore {
  /** Inserts or replaces the run's row (queued; writes are batched). */
  save(run: SyncRunView): Promise<void>
  /** The newest runs first, optionally of one entity. */
  recent(q: { entityId?: string; limit: number }): Promise<SyncRunView[]>
  /** Closes runs left queued or running by an earlier process; returns how many. */
  closeInterrupted(nowMs: number): Promise<number>
  /** Resolves when every save is stored. */
  flush(): Promise<void>
  /** Kill emulation: nothing further is written. */
  freeze(): void
}

/** The run lists merged: live views win over stored rows of the same run, newest first. */
export function mergeRuns(
  stored: readonly SyncRunView[],
  live: readonly SyncRunView[],
  limit: number,
): SyncRunView[] {
  const byId = new Map(stored.map((r) => [r.runId, r]))
  for (const r of live) byId.set(r.runId, r)
  return [...byId.values()].sort((a, b) => b.startedAtMs - a.startedAtMs).slice(0, limit)
}
