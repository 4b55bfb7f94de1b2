/**
 * The storage port of sync runs: every run is a row (queued → running → done / failed /
 * cancelled), written when its state changes, with its labelled counts and, once it ends, why
 * it failed; so the run list and the run history survive a restart and do not depend on the sync
 * log's retention. A run a stopped or killed desk left open is closed at the next start and
 * reads "interrupted" in the history.
 */
import type { RunHistoryEntry, SyncRunView } from '../../../shared/model'

/** How a run ended, beyond its view: what went wrong, in words, and the call to look up. */
export type RunOutcome = { problem: string | null; correlationId: string | null }

/** Sync-run rows. */
export interface RunStore {
  /** Inserts or replaces the run's row (queued; writes are batched). Keeps a recorded outcome. */
  save(run: SyncRunView): Promise<void>
  /** Records how the run ended (queued after its saves, so its row exists). */
  finish(runId: string, outcome: RunOutcome): Promise<void>
  /** The newest runs first, optionally of one entity. */
  recent(q: { entityId?: string; limit: number }): Promise<SyncRunView[]>
  /** The newest runs of one entity as history rows (interrupted ones say so). */
  history(q: { entityId: string; limit: number }): Promise<RunHistoryEntry[]>
  /**
   * Closes runs left queued or running, as interrupted; returns how many. All of them (an earlier
   * process left them), or `of` one team-desk instance: those whose ids start with `runIdPrefix`
   * (it stopped answering, the survivor closes them), with `problem` saying why.
   */
  closeInterrupted(nowMs: number, of?: { runIdPrefix: string; problem: string }): Promise<number>
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
