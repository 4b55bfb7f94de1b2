/**
 * The engine's two stores held in memory only: for unit tests of the engine's parts, which test
 * the parts' logic, not durability (the database stores in adapters/storage are what the engine
 * runs on; the integration tests and the fault suite run the engine over them on both backends).
 * The outbox applies the same rules (`outboxChanges`) as the database store.
 */
import { outboxChanges, type Outbox, type OutboxDoc } from './outbox'
import { emptyEntityState, type EntitySyncState, type SyncStateStore } from './sync-state'

/** A sync-state store whose saves keep nothing beyond the process. */
export function createMemorySyncStateStore(): SyncStateStore {
  const states = new Map<string, EntitySyncState>()
  const done = (): Promise<void> => Promise.resolve()
  return {
    load(entityId) {
      let s = states.get(entityId)
      if (!s) {
        s = emptyEntityState()
        states.set(entityId, s)
      }
      return Promise.resolve(s)
    },
    peek: (entityId) => states.get(entityId) ?? null,
    changeNotes: (entityId, key) => Promise.resolve(states.get(entityId)?.travellers[key]?.lastChanges ?? {}),
    save: done,
    saveTravellers: done,
    saveProgress: done,
    flush: done,
    freeze: () => {},
  }
}

/** An outbox held in memory. */
export function createMemoryOutbox(): Outbox {
  const doc: OutboxDoc = { cursor: 0, items: {} }
  return {
    load: () => Promise.resolve(),
    get cursor() {
      return doc.cursor
    },
    accept(changes, nextCursor, nowMs) {
      outboxChanges.accept(doc, changes, nextCursor, nowMs)
      return Promise.resolve()
    },
    due: (nowMs) => Object.values(doc.items).filter((i) => i.nextAttemptMs <= nowMs),
    all: () => Object.values(doc.items),
    done(item) {
      outboxChanges.done(doc, item)
      return Promise.resolve()
    },
    failed(item, error, nextAttemptMs) {
      outboxChanges.failed(doc, item, error, nextAttemptMs)
      return Promise.resolve()
    },
    nextDueMs: () => outboxChanges.nextDueMs(doc),
    freeze: () => {},
  }
}
