/**
 * The Faces → Concur outbox: the change-feed cursor plus the travellers whose Faces changes are
 * not yet in Concur. Changes are coalesced per traveller: the pusher always sends the traveller's
 * current Faces state, so order per traveller holds and nothing is lost when the app closes
 * between receiving a change and pushing it. The store (adapters/storage: outbox_items rows and
 * the cursor in desk_state) writes a feed page's items and the new cursor in one transaction.
 *
 * The rules of a change live here (`outboxChanges`), so every store applies them the same way.
 */

/** One traveller waiting to be pushed. */
export type OutboxItem = {
  companyId: string
  travellerId: string
  concurLoginId: string | null
  /** Highest feed seq seen for this traveller. */
  seq: number
  firstSeenMs: number
  attempts: number
  nextAttemptMs: number
  lastError: string | null
}

/** The outbox as held in memory. */
export type OutboxDoc = { cursor: number; items: Record<string, OutboxItem> }

/** The outbox. */
export interface Outbox {
  load(): Promise<void>
  readonly cursor: number
  /** Records a feed page: the items and the new cursor are persisted together before returning. */
  accept(
    changes: Array<Omit<OutboxItem, 'firstSeenMs' | 'attempts' | 'nextAttemptMs' | 'lastError'>>,
    nextCursor: number,
    nowMs: number,
  ): Promise<void>
  due(nowMs: number): OutboxItem[]
  all(): OutboxItem[]
  /** Removes an item if it was not re-queued by a newer change meanwhile. */
  done(item: OutboxItem): Promise<void>
  failed(item: OutboxItem, error: string, nextAttemptMs: number): Promise<void>
  nextDueMs(): number | null
  /** Kill emulation: no further saves reach disk. */
  freeze(): void
}

/** The key of a traveller's item. */
export const outboxKey = (companyId: string, travellerId: string): string => `${companyId}/${travellerId}`

/** A change of one item: its new row, or null when it left the outbox. */
export type OutboxChange = { companyId: string; travellerId: string; item: OutboxItem | null }

/** The rules of the outbox applied to the in-memory document; each returns the rows to persist. */
export const outboxChanges = {
  accept(
    doc: OutboxDoc,
    changes: Parameters<Outbox['accept']>[0],
    nextCursor: number,
    nowMs: number,
  ): OutboxChange[] {
    const out: OutboxChange[] = []
    for (const c of changes) {
      const k = outboxKey(c.companyId, c.travellerId)
      const old = doc.items[k]
      const item: OutboxItem = old
        ? { ...old, seq: Math.max(old.seq, c.seq), concurLoginId: c.concurLoginId, nextAttemptMs: nowMs }
        : { ...c, firstSeenMs: nowMs, attempts: 0, nextAttemptMs: nowMs, lastError: null }
      doc.items[k] = item
      out.push({ companyId: c.companyId, travellerId: c.travellerId, item })
    }
    doc.cursor = Math.max(doc.cursor, nextCursor)
    return out
  },
  done(doc: OutboxDoc, item: OutboxItem): OutboxChange[] {
    const k = outboxKey(item.companyId, item.travellerId)
    const cur = doc.items[k]
    if (!cur || cur.seq > item.seq) return []
    delete doc.items[k]
    return [{ companyId: item.companyId, travellerId: item.travellerId, item: null }]
  },
  failed(doc: OutboxDoc, item: OutboxItem, error: string, nextAttemptMs: number): OutboxChange[] {
    const k = outboxKey(item.companyId, item.travellerId)
    const cur = doc.items[k]
    if (!cur) return []
    cur.attempts++
    cur.lastError = error
    if (cur.seq <= item.seq) cur.nextAttemptMs = nextAttemptMs
    return [{ companyId: item.companyId, travellerId: item.travellerId, item: cur }]
  },
  nextDueMs(doc: OutboxDoc): number | null {
    let min: number | null = null
    for (const i of Object.values(doc.items)) if (min === null || i.nextAttemptMs < min) min = i.nextAttemptMs
    return min
  },
}
