/**
 * The Faces → Concur outbox: the change-feed cursor plus the travellers whose Faces changes are
 * not yet in Concur, in one durable file (`<dataDir>/sync/outbox.json`). Changes are coalesced per
 * traveller: the pusher always sends the traveller's current Faces state, so order per traveller
 * holds and nothing is lost when the app closes between receiving a change and pushing it.
 */
import { join } from 'node:path'
import { createDurableSlot, readDurableJson } from './durable-json'

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

type OutboxDoc = { version: 1; cursor: number; items: Record<string, OutboxItem> }

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

const keyOf = (companyId: string, travellerId: string): string => `${companyId}/${travellerId}`

/** Creates the outbox under `<dataDir>/sync/outbox.json`. */
export function createOutbox(dataDir: string): Outbox {
  const file = join(dataDir, 'sync', 'outbox.json')
  const slot = createDurableSlot<OutboxDoc>(file)
  let doc: OutboxDoc = { version: 1, cursor: 0, items: {} }
  return {
    async load() {
      doc = await readDurableJson<OutboxDoc>(file, { version: 1, cursor: 0, items: {} })
    },
    get cursor() {
      return doc.cursor
    },
    async accept(changes, nextCursor, nowMs) {
      for (const c of changes) {
        const k = keyOf(c.companyId, c.travellerId)
        const old = doc.items[k]
        doc.items[k] = old
          ? { ...old, seq: Math.max(old.seq, c.seq), concurLoginId: c.concurLoginId, nextAttemptMs: nowMs }
          : { ...c, firstSeenMs: nowMs, attempts: 0, nextAttemptMs: nowMs, lastError: null }
      }
      doc.cursor = Math.max(doc.cursor, nextCursor)
      await slot.save(doc)
    },
    due: (nowMs) => Object.values(doc.items).filter((i) => i.nextAttemptMs <= nowMs),
    all: () => Object.values(doc.items),
    async done(item) {
      const k = keyOf(item.companyId, item.travellerId)
      if (doc.items[k] && doc.items[k]!.seq <= item.seq) delete doc.items[k]
      await slot.save(doc)
    },
    async failed(item, error, nextAttemptMs) {
      const k = keyOf(item.companyId, item.travellerId)
      const cur = doc.items[k]
      if (cur) {
        cur.attempts++
        cur.lastError = error
        if (cur.seq <= item.seq) cur.nextAttemptMs = nextAttemptMs
      }
      await slot.save(doc)
    },
    freeze: () => slot.freeze(),
    nextDueMs() {
      let min: number | null = null
      for (const i of Object.values(doc.items))
        if (min === null || i.nextAttemptMs < min) min = i.nextAttemptMs
      return min
    },
  }
}
