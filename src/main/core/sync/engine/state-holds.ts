/**
 * Who works on an entity's cached sync state in this engine, and when it may be re-read. On a
 * shared store (team-desk instances on one PostgreSQL) another instance may have written an
 * entity's rows since this one cached them, so a claimed poll and a push re-read them first. The
 * cached object is what every poll, push and traveller run here mutates and then saves: a re-read
 * while another of them holds it would drop that one's changes (it keeps writing into the object
 * the re-read replaced). So a re-read happens only while the caller is the entity's only holder,
 * and every load waits for a re-read in progress. A solo desk never re-reads.
 */
import type { EntitySyncState, SyncStateStore } from '../sync-state'

/** The engine's holds on entity states. */
export interface StateHolds {
  /** The caller works on the entity's state until it calls the returned release (once). */
  hold(entityId: string): () => void
  /**
   * The entity's state; `fresh`: re-read it from the shared store first, unless someone besides
   * the caller (who holds it) works on it here (then the cached state is the newest).
   */
  load(entityId: string, fresh: boolean): Promise<EntitySyncState>
}

/** Builds the holds over the engine's store; `shared`: other instances write the same store. */
export function createStateHolds(store: SyncStateStore, shared: boolean): StateHolds {
  const holders = new Map<string, number>()
  const rereading = new Map<string, Promise<void>>()
  return {
    hold(entityId) {
      holders.set(entityId, (holders.get(entityId) ?? 0) + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        const n = (holders.get(entityId) ?? 1) - 1
        if (n > 0) holders.set(entityId, n)
        else holders.delete(entityId)
      }
    },
    async load(entityId, fresh) {
      // Nobody takes the object a re-read in progress replaces (and a solo desk never waits here).
      const pending = rereading.get(entityId)
      if (pending) await pending
      if (fresh && shared && store.refresh && (holders.get(entityId) ?? 0) <= 1) {
        const p = store.refresh(entityId).finally(() => rereading.delete(entityId))
        rereading.set(entityId, p)
        await p
      }
      return store.load(entityId)
    },
  }
}
