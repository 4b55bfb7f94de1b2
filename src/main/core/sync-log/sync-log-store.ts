/**
 * The storage port of the sync log: indexed rows in the desk's database (adapters/storage), so
 * a query reads only the page it returns and memory does not grow with the log.
 */
import type { SyncLogQuery, SyncLogRecord } from '../../../shared/model'

/**
 * A record's own fields, each in its own column (the store keeps the rest, e.g. run facts, as
 * extra JSON) and in this order in the CSV export.
 */
export const SYNC_LOG_FIELDS: ReadonlyArray<Exclude<keyof SyncLogRecord, 'run'>> = [
  'seq',
  'atMs',
  'entityId',
  'entityName',
  'runId',
  'direction',
  'traveller',
  'kind',
  'outcome',
  'message',
  'durationMs',
  'error',
  'correlationId',
  'credential',
]

/** The filter part of a query (no paging); `traveller`: one traveller's records (login ID, any case). */
export type SyncLogFilter = Omit<SyncLogQuery, 'beforeSeq' | 'limit'> & { traveller?: string }

/** A query as the store answers it. */
export type SyncLogStoreQuery = SyncLogFilter & Pick<SyncLogQuery, 'beforeSeq'> & { limit: number }

/** A page as the store returns it. */
export type SyncLogStorePage = {
  /** Newest first. */
  records: SyncLogRecord[]
  /** Matching records, counted up to the cap. */
  total: number
  /** True when more than `countCap` records match (total is then the cap). */
  totalCapped: boolean
  hasMore: boolean
  /** When the oldest matching record was written (null when none matches). */
  oldestAtMs: number | null
}

/** Retention: records older than `beforeMs`, and all but the newest `keepNewest`, go. */
export type SyncLogPrune = { beforeMs: number | null; keepNewest: number | null }

/** Sync-log rows. */
export interface SyncLogStore {
  /** The highest seq stored (0 when empty). */
  maxSeq(): Promise<number>
  /** Appends records (seq ascending) in one transaction. */
  insert(records: readonly SyncLogRecord[]): Promise<void>
  /** One page, newest first, of the records matching `q` below `q.beforeSeq`. */
  query(q: SyncLogStoreQuery, countCap: number): Promise<SyncLogStorePage>
  /** Every matching record, oldest first, a page at a time (export, run history). */
  scan(q: SyncLogFilter, pageSize: number): AsyncIterable<SyncLogRecord[]>
  /** Applies retention; returns how many records went. */
  prune(policy: SyncLogPrune): Promise<number>
  count(): Promise<number>
  /** Kill emulation: nothing further is written. */
  freeze(): void
}
