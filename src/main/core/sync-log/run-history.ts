/**
 * An entity's run history, one row per run: from the runs table (the desk's store), or derived
 * from the sync log's run-started and run-finished records (which carry the run's kind, state and
 * counts; e.g. an imported log), with the engine's live runs merged in for progress. A run that started but never finished and is not live was cut off
 * by a stop of the desk: it reads "interrupted", never "running" forever.
 */
import type { RunHistoryEntry, SyncLogRecord, SyncRunView } from '../../../shared/model'
import { runHistoryRowOf } from '../../../shared/run-history-row'

/** Rows returned when the caller gives no limit. */
export const DEFAULT_RUN_HISTORY_LIMIT = 50

const KINDS: ReadonlySet<string> = new Set(['scheduled', 'manual', 'full-resync', 'traveller', 'catch-up'])

/** Kind of a run logged before records carried run facts: its message starts with the kind. */
function legacyKind(message: string): SyncRunView['kind'] {
  const first = message.slice(0, message.indexOf(' ') >>> 0)
  return KINDS.has(first) ? (first as SyncRunView['kind']) : 'scheduled'
}

function fromStart(r: SyncLogRecord): RunHistoryEntry {
  return {
    runId: r.runId ?? `seq-${r.seq}`,
    entityId: r.entityId ?? '',
    kind: r.run?.kind ?? legacyKind(r.message),
    direction: r.direction ?? 'concur-to-faces',
    state: 'interrupted',
    startedAtMs: r.atMs,
    finishedAtMs: null,
    durationMs: null,
    counts: r.run ? { ...r.run.counts } : null,
    problem: null,
    correlationId: null,
  }
}

function finish(row: RunHistoryEntry, r: SyncLogRecord): void {
  row.state =
    r.run?.state ?? (r.outcome === 'failed' ? 'failed' : r.outcome === 'cancelled' ? 'cancelled' : 'done')
  row.finishedAtMs = r.atMs
  row.durationMs = r.durationMs ?? r.atMs - row.startedAtMs
  row.counts = r.run ? { ...r.run.counts } : row.counts
  row.problem = r.error
  row.correlationId = r.correlationId
}

/**
 * The rows, newest first. `records`: the entity's run records, oldest first (any other kinds are
 * ignored). `live`: the engine's current view of recent runs (queued ones have no record yet).
 */
export function runHistory(
  records: Iterable<SyncLogRecord>,
  live: readonly SyncRunView[],
  limit = DEFAULT_RUN_HISTORY_LIMIT,
): RunHistoryEntry[] {
  const byId = new Map<string, RunHistoryEntry>()
  for (const r of records) {
    if (r.kind === 'run-started') {
      const row = fromStart(r)
      byId.set(row.runId, row)
    } else if (r.kind === 'run-finished' && r.runId) {
      const row = byId.get(r.runId)
      // A finish whose start rotated out of the log: the row starts where its duration says.
      if (row) finish(row, r)
      else {
        const orphan = fromStart({ ...r, atMs: r.atMs - (r.durationMs ?? 0) })
        finish(orphan, r)
        byId.set(orphan.runId, orphan)
      }
    }
  }
  return withLiveRuns([...byId.values()], live, limit)
}

/**
 * Stored rows (from the log's run records or the runs table) with the engine's live runs merged
 * in: a live run the rows lack gets a row, an active one its current state and counts. Newest first.
 */
export function withLiveRuns(
  rows: readonly RunHistoryEntry[],
  live: readonly SyncRunView[],
  limit = DEFAULT_RUN_HISTORY_LIMIT,
): RunHistoryEntry[] {
  const byId = new Map(rows.map((r) => [r.runId, { ...r }]))
  for (const v of live) {
    const row = byId.get(v.runId)
    const isActive = v.state === 'queued' || v.state === 'running'
    if (!row) byId.set(v.runId, runHistoryRowOf(v))
    else if (isActive) {
      row.state = v.state
      row.counts = { ...v.counts }
    }
  }
  return [...byId.values()].sort((a, b) => b.startedAtMs - a.startedAtMs).slice(0, limit)
}
