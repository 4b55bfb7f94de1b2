/**
 * SQLite's log search by text alone (no other filter): straight on the FTS5 trigram table, count
 * first. As a filter of the usual queries (`seq IN (SELECT rowid FROM sync_log_fts …)`) the page,
 * the count and the oldest time each listed every match first: 575 ms p50 for a common word on
 * 1,000,000 records (33,000 matches), and a needle without matches paid for three lookups. Here the
 * capped count comes first and ends a search without matches; the page walks the FTS table newest
 * first and stops after a page when there are many matches (with few, the full list is cheaper
 * than FTS5's reverse walk); the oldest time stops at the first match.
 */
import { sql, type Kysely } from 'kysely'
import type { SyncLogStorePage, SyncLogStoreQuery } from '../../../core/sync-log/sync-log-store'
import type { DeskSchema } from '../db/desk-schema'
import { RECORD_ROW_COLUMNS, type SyncLogRecordRow } from './sync-log-rows'

/** Up to this many matches the page reads the whole match list; above it, newest first with a limit. */
const FEW_MATCHES = 2_000

/** True when `q` filters by a needle the trigram index answers and by nothing else. */
export function isPlainTextSearch(q: SyncLogStoreQuery, needle: string | null, indexed: boolean): boolean {
  if (needle === null || !indexed) return false
  const { text: _text, limit: _limit, beforeSeq: _before, ...others } = q
  return Object.values(others).every((v) => v === undefined)
}

/** The page of a plain text search; `like` is the escaped LIKE pattern (`%needle%`). */
export async function plainTextSearch(
  db: Kysely<DeskSchema>,
  q: SyncLogStoreQuery,
  like: string,
  countCap: number,
  rowOf: (r: SyncLogRecordRow) => SyncLogStorePage['records'][number],
): Promise<SyncLogStorePage> {
  const counted = await sql<{
    n: number
  }>`SELECT count(*) AS n FROM (SELECT rowid FROM sync_log_fts WHERE search_text LIKE ${like} LIMIT ${countCap + 1})`.execute(
    db,
  )
  const n = Number(counted.rows[0]?.n ?? 0)
  if (n === 0) return { records: [], total: 0, totalCapped: false, hasMore: false, oldestAtMs: null }
  const before = q.beforeSeq !== undefined ? sql`AND rowid < ${q.beforeSeq}` : sql``
  const matches =
    n <= FEW_MATCHES
      ? sql<number>`(SELECT rowid FROM sync_log_fts WHERE search_text LIKE ${like} ${before})`
      : sql<number>`(SELECT rowid FROM sync_log_fts WHERE search_text LIKE ${like} ${before} ORDER BY rowid DESC LIMIT ${q.limit + 1})`
  const rows = await db
    .selectFrom('sync_log')
    .select(RECORD_ROW_COLUMNS)
    .where('seq', 'in', matches)
    .orderBy('seq', 'desc')
    .limit(q.limit + 1)
    .execute()
  const oldest = await sql<{
    at_ms: number
  }>`SELECT at_ms FROM sync_log WHERE seq = (SELECT rowid FROM sync_log_fts WHERE search_text LIKE ${like} ORDER BY rowid ASC LIMIT 1)`.execute(
    db,
  )
  return {
    records: rows.slice(0, q.limit).map(rowOf),
    total: Math.min(n, countCap),
    totalCapped: n > countCap,
    hasMore: rows.length > q.limit,
    oldestAtMs: oldest.rows[0] ? Number(oldest.rows[0].at_ms) : null,
  }
}
