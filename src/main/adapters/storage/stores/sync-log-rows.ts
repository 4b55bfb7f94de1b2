/** Rows of the sync log (`sync_log`) and back: a record's own columns, `extra`, the search text. */
import type { SyncLogRecord } from '../../../../shared/model'
import { SYNC_LOG_FIELDS } from '../../../core/sync-log/sync-log-store'
import type { SyncLogTable } from '../db/desk-schema'
import { fromJson, toJson } from './row-codec'

const RECORD_COLUMNS = new Set<string>(SYNC_LOG_FIELDS)

/** The lower-cased text the "contains" filter matches. */
export function searchTextOf(r: SyncLogRecord): string {
  return [r.message, r.traveller, r.entityName, r.entityId, r.error, r.correlationId, r.runId]
    .filter(Boolean)
    .join('\n')
    .toLowerCase()
}

/** The row of a record. */
export function syncLogRow(r: SyncLogRecord): SyncLogTable {
  const extra: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(r)) if (!RECORD_COLUMNS.has(k) && v !== undefined) extra[k] = v
  return {
    seq: r.seq,
    at_ms: r.atMs,
    entity_id: r.entityId,
    entity_name: r.entityName,
    run_id: r.runId,
    direction: r.direction,
    traveller: r.traveller,
    kind: r.kind,
    outcome: r.outcome,
    message: r.message,
    duration_ms: r.durationMs,
    error: r.error,
    correlation_id: r.correlationId,
    credential: toJson(r.credential ?? null),
    extra: Object.keys(extra).length > 0 ? JSON.stringify(extra) : null,
    search_text: searchTextOf(r),
  }
}

/** The columns a record is read from: all but the search text (the index's, ~200 bytes a row). */
export const RECORD_ROW_COLUMNS = [
  'seq',
  'at_ms',
  'entity_id',
  'entity_name',
  'run_id',
  'direction',
  'traveller',
  'kind',
  'outcome',
  'message',
  'duration_ms',
  'error',
  'correlation_id',
  'credential',
  'extra',
] as const satisfies ReadonlyArray<keyof SyncLogTable>

/** A row as a record is read from it. */
export type SyncLogRecordRow = Omit<SyncLogTable, 'search_text'>

/** The record of a row. */
export function syncLogRecordOf(r: SyncLogRecordRow): SyncLogRecord {
  return {
    ...fromJson<Record<string, unknown>>(r.extra, {}),
    seq: r.seq,
    atMs: r.at_ms,
    entityId: r.entity_id,
    entityName: r.entity_name,
    runId: r.run_id,
    direction: r.direction as SyncLogRecord['direction'],
    traveller: r.traveller,
    kind: r.kind as SyncLogRecord['kind'],
    outcome: r.outcome as SyncLogRecord['outcome'],
    message: r.message,
    durationMs: r.duration_ms,
    error: r.error,
    correlationId: r.correlation_id,
    credential: fromJson(r.credential, null),
  }
}
