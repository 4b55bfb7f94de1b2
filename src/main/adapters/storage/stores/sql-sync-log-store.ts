/**
 * The sync log over rows of `sync_log` (SyncLogStore port). Every filter of the log screen has an
 * index ending in seq, so a page is an index walk newest-first that stops at `limit`; the text
 * filter uses the trigram index of migration 0002 (SQLite FTS5, PostgreSQL pg_trgm) when the
 * needle has three characters or more (on PostgreSQL by the needle's rarest word: pg-text-window.ts).
 * Counts stop at a cap, so no query scans the whole log.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely'
import type { SyncLogFilter, SyncLogStore } from '../../../core/sync-log/sync-log-store'
import type { DeskSchema } from '../db/desk-schema'
import type { DeskDialect } from '../db/migrations/migration-kit'
import { createWriteQueue } from '../db/write-queue'
import { escapeLike } from './row-codec'
import { createSearchSample, indexWordOf } from './pg-text-window'
import { isPlainTextSearch, plainTextSearch } from './sqlite-text-search'
import { RECORD_ROW_COLUMNS, syncLogRecordOf, syncLogRow } from './sync-log-rows'

const INSERT_CHUNK = 500
const PRUNE_SLICE = 5_000
const LIKE_SPECIAL = /[%_\\]/
/** Newest records whose search text judges which word of a needle is rare (PostgreSQL). */
const SEARCH_SAMPLE = 1_000

type Eb = ExpressionBuilder<DeskSchema, 'sync_log'>

/** The text filter as the search text holds it (lower case), or null for none. */
const needleOf = (q: SyncLogFilter): string | null => (q.text?.trim() ? q.text.trim().toLowerCase() : null)

/** Creates the store over `db`. `textIndex`: whether migration 0002 made a trigram index. */
export function createSqlSyncLogStore(db: Kysely<DeskSchema>, dialect: DeskDialect): SyncLogStore {
  const queue = createWriteQueue(db, 50)
  const searchSample = createSearchSample(
    async () =>
      (
        await db
          .selectFrom('sync_log')
          .select('search_text')
          .orderBy('seq', 'desc')
          .limit(SEARCH_SAMPLE)
          .execute()
      ).map((r) => r.search_text),
    () => Date.now(),
  )

  /** The FTS5 trigram index answers LIKE for needles of 3+ characters without LIKE's wildcards. */
  const ftsAnswers = (needle: string | null): boolean =>
    needle !== null && needle.length >= 3 && !LIKE_SPECIAL.test(needle)

  function textCondition(eb: Eb, needle: string, narrowed: boolean, indexWord: string): Expression<SqlBool> {
    if (dialect === 'sqlite') {
      // The FTS5 trigram index answers LIKE for 3+ characters; shorter needles (or LIKE's own
      // wildcards) scan with instr, which takes the text literally. With an entity or run
      // filter, instr along that filter's index is cheaper: the trigram index would list every
      // match in the whole log first (a common word: tens of thousands, 200–400 ms).
      if (ftsAnswers(needle) && !narrowed)
        return eb(
          'seq',
          'in',
          sql<number>`(SELECT rowid FROM sync_log_fts WHERE search_text LIKE ${`%${needle}%`})`,
        )
      return sql<SqlBool>`instr(search_text, ${needle}) > 0`
    }
    // The index looks up the needle's rarest word (pg-text-window.ts); strpos checks the whole
    // needle, taken literally, on what it finds.
    if (indexWord !== needle)
      return eb.and([
        eb('search_text', 'like', `%${indexWord}%`),
        sql<SqlBool>`strpos(search_text, ${needle}) > 0`,
      ])
    return eb('search_text', 'like', `%${escapeLike(needle)}%`)
  }

  /** The word PostgreSQL's trigram index looks up for `needle` (the needle itself on SQLite). */
  async function indexWordFor(needle: string | null): Promise<string | null> {
    if (needle === null || dialect !== 'postgres') return needle
    return indexWordOf(needle, await searchSample())
  }

  /** The filter of `q`; `needle` is its text, trimmed and lower-cased (needleOf). */
  function where(q: SyncLogFilter, needle: string | null, indexWord: string | null) {
    return (eb: Eb) => {
      const parts: Array<Expression<SqlBool>> = []
      if (q.entityId !== undefined) parts.push(eb('entity_id', '=', q.entityId))
      if (q.direction !== undefined) parts.push(eb('direction', '=', q.direction))
      if (q.outcome !== undefined) parts.push(eb('outcome', '=', q.outcome))
      if (q.kind !== undefined) parts.push(eb('kind', '=', q.kind))
      if (q.runId !== undefined) parts.push(eb('run_id', '=', q.runId))
      if (q.traveller !== undefined)
        parts.push(eb(eb.fn('lower', ['traveller']), '=', q.traveller.toLowerCase()))
      if (q.fromMs !== undefined) parts.push(eb('at_ms', '>=', q.fromMs))
      if (q.toMs !== undefined) parts.push(eb('at_ms', '<=', q.toMs))
      if (needle !== null)
        parts.push(
          textCondition(eb, needle, q.entityId !== undefined || q.runId !== undefined, indexWord ?? needle),
        )
      return eb.and(parts)
    }
  }

  return {
    async maxSeq() {
      const r = await db
        .selectFrom('sync_log')
        .select((eb) => eb.fn.max('seq').as('m'))
        .executeTakeFirst()
      return Number(r?.m ?? 0)
    },
    insert(records) {
      const rows = records.map(syncLogRow)
      return queue.run(async (trx) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK)
          await trx
            .insertInto('sync_log')
            .values(rows.slice(i, i + INSERT_CHUNK))
            .execute()
      })
    },
    async query(q, countCap) {
      const needle = needleOf(q)
      if (dialect === 'sqlite' && isPlainTextSearch(q, needle, ftsAnswers(needle)))
        return plainTextSearch(db, q, `%${needle!}%`, countCap, syncLogRecordOf)
      const filter = where(q, needle, await indexWordFor(needle))
      const pageQuery = db
        .selectFrom('sync_log')
        .select(RECORD_ROW_COLUMNS)
        .where(filter)
        .$if(q.beforeSeq !== undefined, (qb) => qb.where('seq', '<', q.beforeSeq!))
        .orderBy('seq', 'desc')
        .limit(q.limit + 1)
      const countQuery = db
        .selectFrom((qb) =>
          qb
            .selectFrom('sync_log')
            .select('seq')
            .where(filter)
            .limit(countCap + 1)
            .as('m'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
      // The oldest match's time (the screen shows dates once matches span days): an index walk
      // that stops at the first match. With a time range, along the time index from its start
      // (in seq order it would walk every older record first); without, in seq order (seq and
      // time grow together).
      const ranged = q.fromMs !== undefined || q.toMs !== undefined
      const oldestQuery = db
        .selectFrom('sync_log')
        .select('at_ms')
        .where(filter)
        .orderBy(ranged ? 'at_ms' : 'seq', 'asc')
        .limit(1)
      // A text search counts first: each of the three queries is a trigram index lookup (pg_trgm:
      // 250 ms for a needle of common trigrams on 1,000,000 records), and a needle without matches
      // needs only the one.
      const countedFirst = needle !== null ? await countQuery.executeTakeFirst() : undefined
      if (countedFirst && Number(countedFirst.n) === 0)
        return { oldestAtMs: null, records: [], total: 0, totalCapped: false, hasMore: false }
      const [rows, counted, oldest] = await Promise.all([
        pageQuery.execute(),
        countedFirst ?? countQuery.executeTakeFirst(),
        oldestQuery.executeTakeFirst(),
      ])
      const n = Number(counted?.n ?? 0)
      return {
        oldestAtMs: oldest ? Number(oldest.at_ms) : null,
        records: rows.slice(0, q.limit).map(syncLogRecordOf),
        total: Math.min(n, countCap),
        totalCapped: n > countCap,
        hasMore: rows.length > q.limit,
      }
    },
    async *scan(q, pageSize) {
      const needle = needleOf(q)
      const filter = where(q, needle, await indexWordFor(needle))
      let after = 0
      for (;;) {
        const rows = await db
          .selectFrom('sync_log')
          .select(RECORD_ROW_COLUMNS)
          .where(filter)
          .where('seq', '>', after)
          .orderBy('seq', 'asc')
          .limit(pageSize)
          .execute()
        if (rows.length === 0) return
        yield rows.map(syncLogRecordOf)
        after = rows.at(-1)!.seq
        if (rows.length < pageSize) return
      }
    },
    async prune(policy) {
      // In slices with a pause between them: better-sqlite3 is synchronous, and one DELETE of a
      // million rows would hold the event loop (and the owner lock's heartbeat) for seconds.
      let removed = 0
      // A slice walks the index of its cut: ordered by seq, the age cut scanned the whole log (480 ms
      // on 1,000,000 records, on the event loop at every start) even when nothing was old enough.
      const slice = async (cut: (eb: Eb) => Expression<SqlBool>, along: 'at_ms' | 'seq') => {
        for (;;) {
          const r = await db
            .deleteFrom('sync_log')
            .where('seq', 'in', (qb) =>
              qb.selectFrom('sync_log').select('seq').where(cut).orderBy(along).limit(PRUNE_SLICE),
            )
            .executeTakeFirst()
          const n = Number(r.numDeletedRows)
          removed += n
          if (n < PRUNE_SLICE) return
          await new Promise<void>((resolve) => setImmediate(resolve))
        }
      }
      if (policy.beforeMs !== null) await slice((eb) => eb('at_ms', '<', policy.beforeMs!), 'at_ms')
      if (policy.keepNewest !== null) {
        // Seqs are not dense on a team desk (each instance numbers in its own lane of time-ordered
        // seqs), so the cut is the seq of the (keepNewest + 1)-th newest record; a log whose seq span
        // is within the limit (a solo desk's under it) needs no walk at all.
        const keep = policy.keepNewest
        const span = await db
          .selectFrom('sync_log')
          .select((eb) => [eb.fn.min('seq').as('lo'), eb.fn.max('seq').as('hi')])
          .executeTakeFirst()
        if (span?.hi != null && Number(span.hi) - Number(span.lo) + 1 > keep) {
          const cut = await db
            .selectFrom('sync_log')
            .select('seq')
            .orderBy('seq', 'desc')
            .limit(1)
            .offset(keep)
            .executeTakeFirst()
          if (cut) await slice((eb) => eb('seq', '<=', Number(cut.seq)), 'seq')
        }
      }
      return removed
    },
    async count() {
      const r = await db
        .selectFrom('sync_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
      return Number(r?.n ?? 0)
    },
    freeze: () => queue.freeze(),
  }
}
