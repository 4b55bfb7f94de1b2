/**
 * The runs of an imported sync log: desks before the database derived their run history from
 * the log's run-started / run-finished records. The import turns those into `sync_runs` rows once,
 * so the history reads the same table as for runs of this desk.
 */
import type { SyncLogRecord } from '../../../../shared/model'
import { processedCount } from '../../../../shared/run-counts'
import { runHistory } from '../../../core/sync-log/run-history'
import type { SyncRunsTable } from '../db/desk-schema'

/** The run rows of `log` (oldest first, any kinds), one per run, per entity. */
export function legacyRunRows(log: readonly SyncLogRecord[]): SyncRunsTable[] {
  const byEntity = new Map<string, SyncLogRecord[]>()
  for (const r of log) {
    if ((r.kind !== 'run-started' && r.kind !== 'run-finished') || !r.entityId) continue
    const list = byEntity.get(r.entityId) ?? []
    list.push(r)
    byEntity.set(r.entityId, list)
  }
  const rows: SyncRunsTable[] = []
  for (const records of byEntity.values())
    for (const h of runHistory(records, [], Number.MAX_SAFE_INTEGER)) {
      const interrupted = h.state === 'interrupted'
      rows.push({
        run_id: h.runId,
        entity_id: h.entityId,
        kind: h.kind,
        direction: h.direction,
        state: interrupted ? 'cancelled' : h.state,
        pages_done: 0,
        pages_total: null,
        profiles_done: h.counts ? processedCount(h.counts) : 0,
        profiles_total: h.counts?.read ?? null,
        failed: h.counts?.failed ?? 0,
        started_at_ms: h.startedAtMs,
        finished_at_ms: h.finishedAtMs ?? (interrupted ? h.startedAtMs : null),
        extra: null,
        counts: h.counts ? JSON.stringify(h.counts) : null,
        problem: h.problem,
        correlation_id: h.correlationId,
        interrupted: interrupted ? 1 : 0,
      })
    }
  return rows
}
