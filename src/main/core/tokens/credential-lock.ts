/**
 * Mutual exclusion per entity credential: every refresh, exchange and write-through of one entity
 * runs inside `withLock(entityId, …)`, one at a time. The port is all the credential owner knows,
 * so a team desk can swap in a database row lock (several desk processes) without touching it.
 */
import pLimit, { type LimitFunction } from 'p-limit'

/** Runs work for one entity credential exclusively. Not re-entrant: never call it from inside `fn`. */
export interface CredentialLock {
  withLock<T>(entityId: string, fn: () => Promise<T>): Promise<T>
}

/** The in-process lock: one queue per entity, dropped when idle. */
export function createInProcessCredentialLock(): CredentialLock {
  const queues = new Map<string, LimitFunction>()
  return {
    async withLock(entityId, fn) {
      let queue = queues.get(entityId)
      if (!queue) {
        queue = pLimit(1)
        queues.set(entityId, queue)
      }
      const q = queue
      try {
        return await q(fn)
      } finally {
        if (q.activeCount === 0 && q.pendingCount === 0 && queues.get(entityId) === q) queues.delete(entityId)
      }
    },
  }
}
