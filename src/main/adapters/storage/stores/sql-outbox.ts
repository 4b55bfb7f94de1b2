/**
 * The outbox over rows (Outbox port): `outbox_items` and the feed cursor in `desk_state`. A feed
 * page's items and the new cursor commit in one transaction, so a kill can never keep the cursor
 * past changes that are not in the outbox. The rules (coalescing, re-queue) are the core's.
 */
import type { Kysely } from 'kysely'
import {
  outboxChanges,
  outboxKey,
  type Outbox,
  type OutboxChange,
  type OutboxDoc,
  type OutboxItem,
} from '../../../core/sync/outbox'
import type { DeskSchema, OutboxItemsTable } from '../db/desk-schema'
import { createWriteQueue, type WriteOp } from '../db/write-queue'

/** The desk_state key of the Faces change-feed cursor. */
export const FEED_CURSOR_KEY = 'faces-feed-cursor'

/** The row of an outbox item. */
export const outboxRowOf = (i: OutboxItem): OutboxItemsTable => ({
  company_id: i.companyId,
  traveller_id: i.travellerId,
  concur_login_id: i.concurLoginId,
  seq: i.seq,
  first_seen_ms: i.firstSeenMs,
  attempts: i.attempts,
  next_attempt_ms: i.nextAttemptMs,
  last_error: i.lastError,
})

const itemOf = (r: OutboxItemsTable): OutboxItem => ({
  companyId: r.company_id,
  travellerId: r.traveller_id,
  concurLoginId: r.concur_login_id,
  seq: r.seq,
  firstSeenMs: r.first_seen_ms,
  attempts: r.attempts,
  nextAttemptMs: r.next_attempt_ms,
  lastError: r.last_error,
})

/** Creates an outbox over `db` (one per engine: `freeze` is final). */
export function createSqlOutbox(db: Kysely<DeskSchema>, nowMs: () => number): Outbox {
  const queue = createWriteQueue(db)
  let doc: OutboxDoc = { cursor: 0, items: {} }

  /** The op writing these changes (rows captured now) and, when given, the cursor. */
  function changesOp(changes: OutboxChange[], cursor: number | null): WriteOp {
    const rows = changes.map((c) => (c.item ? outboxRowOf({ ...c.item }) : null))
    const gone = changes.filter((c) => c.item === null)
    const stamp = nowMs()
    return async (trx) => {
      for (const row of rows) {
        if (!row) continue
        await trx
          .insertInto('outbox_items')
          .values(row)
          .onConflict((oc) => oc.columns(['company_id', 'traveller_id']).doUpdateSet(row))
          .execute()
      }
      for (const g of gone)
        await trx
          .deleteFrom('outbox_items')
          .where('company_id', '=', g.companyId)
          .where('traveller_id', '=', g.travellerId)
          .execute()
      if (cursor !== null) {
        const row = { key: FEED_CURSOR_KEY, value: String(cursor), updated_at_ms: stamp }
        await trx
          .insertInto('desk_state')
          .values(row)
          .onConflict((oc) => oc.column('key').doUpdateSet(row))
          .execute()
      }
    }
  }

  const persist = (changes: OutboxChange[], cursor: number | null = null): Promise<void> =>
    changes.length === 0 && cursor === null ? Promise.resolve() : queue.run(changesOp(changes, cursor))

  return {
    async load() {
      const [cursor, items] = await Promise.all([
        db.selectFrom('desk_state').select('value').where('key', '=', FEED_CURSOR_KEY).executeTakeFirst(),
        db.selectFrom('outbox_items').selectAll().execute(),
      ])
      doc = { cursor: cursor ? Number(cursor.value) : 0, items: {} }
      for (const r of items) doc.items[outboxKey(r.company_id, r.traveller_id)] = itemOf(r)
    },
    get cursor() {
      return doc.cursor
    },
    accept(changes, nextCursor, now) {
      return persist(outboxChanges.accept(doc, changes, nextCursor, now), doc.cursor)
    },
    due: (now) => Object.values(doc.items).filter((i) => i.nextAttemptMs <= now),
    all: () => Object.values(doc.items),
    done: (item) => persist(outboxChanges.done(doc, item)),
    failed: (item, error, nextAttemptMs) => persist(outboxChanges.failed(doc, item, error, nextAttemptMs)),
    nextDueMs: () => outboxChanges.nextDueMs(doc),
    freeze: () => queue.freeze(),
  }
}
