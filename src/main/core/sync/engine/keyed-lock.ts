/**
 * Work serialised per key (one traveller of one entity): a Concur → Faces step and a Faces →
 * Concur push of the same traveller never overlap, different travellers run in parallel. One
 * p-limit(1) queue per busy key, dropped when it runs dry, so the map stays as small as the work.
 */
import pLimit, { type LimitFunction } from 'p-limit'

/** The lock. */
export interface KeyedLock {
  /** Runs `fn` after every earlier `run` of the same key settled (a failure does not block the next). */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>
  /** Keys with work queued or running (for tests). */
  readonly size: number
}

/** Creates a keyed lock. */
export function createKeyedLock(): KeyedLock {
  const queues = new Map<string, LimitFunction>()
  return {
    get size() {
      return queues.size
    },
    run(key, fn) {
      let queue = queues.get(key)
      if (!queue) queues.set(key, (queue = pLimit(1)))
      const q = queue
      return q(fn).finally(() => {
        if (q.activeCount === 0 && q.pendingCount === 0 && queues.get(key) === q) queues.delete(key)
      })
    },
  }
}

/** The lock key of a traveller: its entity and its login, case-insensitive (Concur logins are). */
export function travellerLockKey(entityId: string, loginOrId: string): string {
  return `${entityId}\u0000${loginOrId.toLowerCase()}`
}
