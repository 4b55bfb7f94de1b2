/**
 * Leases on shared work (issue 13 C): several team-desk instances on one PostgreSQL store claim
 * each piece of work, a (name, slot) pair, before doing it. A claim holds until its expiry unless
 * renewed; an expired claim of a dead instance can be taken over; a finished one is `done` and
 * is never claimed again. The PostgreSQL adapter is adapters/storage/team/pg-lease-store.ts; a
 * solo desk uses the in-process store below (it always wins: nobody else shares its store).
 */

/** What a successful claim tells the claimer. */
export type LeaseGrant = {
  name: string
  slotMs: number
  /** The instance whose expired claim this one took over (null: a fresh claim). */
  takenOverFrom: string | null
}

/** An expired claim whose holder never finished: work to take over. */
export type AbandonedLease = { name: string; slotMs: number; holder: string; expiredAtMs: number }

/** The leases of one store, seen from one instance. */
export interface LeaseStore {
  /** This instance's id (the holder written into its claims). */
  readonly instanceId: string
  /**
   * Claims (name, slot) until now + ttlMs: a new row, or one whose holder's claim expired (not
   * done). Null when another live instance holds it or the work is done.
   */
  claim(name: string, slotMs: number, ttlMs: number): Promise<LeaseGrant | null>
  /** Extends this instance's claim; false when it is no longer ours (expired and taken over, or done). */
  renew(name: string, slotMs: number, ttlMs: number): Promise<boolean>
  /** The work is done: nobody claims (name, slot) again. False when the claim was no longer ours. */
  complete(name: string, slotMs: number): Promise<boolean>
  /** Gives an unfinished claim up at once (a stop), so another instance may claim it now. */
  release(name: string, slotMs: number): Promise<void>
  /** Closes an expired claim of a dead holder as done without taking it (its slot is history). */
  retire(name: string, slotMs: number): Promise<void>
  /** Claims whose name starts with `prefix`, held, and expired before now: their holders died. */
  abandoned(prefix: string, limit: number): Promise<AbandonedLease[]>
  /** Forgets finished and abandoned claims of slots before `beforeMs`; returns how many. */
  prune(beforeMs: number): Promise<number>
}

type Row = { holder: string; state: 'held' | 'done'; expiresAtMs: number; takeovers: number }

/** Rows of in-process stores; several stores over one map are instances in one process (tests). */
export type LocalLeaseRows = Map<string, Row & { name: string; slotMs: number }>

/** The in-process store of a solo desk (and the reference the PostgreSQL one is tested against). */
export function createLocalLeaseStore(
  instanceId: string,
  nowMs: () => number,
  rows: LocalLeaseRows = new Map(),
): LeaseStore {
  const key = (name: string, slotMs: number): string => `${name}\u0000${slotMs}`
  return {
    instanceId,
    async claim(name, slotMs, ttlMs) {
      const now = nowMs()
      const row = rows.get(key(name, slotMs))
      if (!row) {
        rows.set(key(name, slotMs), {
          name,
          slotMs,
          holder: instanceId,
          state: 'held',
          expiresAtMs: now + ttlMs,
          takeovers: 0,
        })
        return { name, slotMs, takenOverFrom: null }
      }
      if (row.state === 'done' || row.expiresAtMs > now) return null
      const from = row.holder
      Object.assign(row, { holder: instanceId, expiresAtMs: now + ttlMs, takeovers: row.takeovers + 1 })
      return { name, slotMs, takenOverFrom: from }
    },
    async renew(name, slotMs, ttlMs) {
      const row = rows.get(key(name, slotMs))
      if (!row || row.holder !== instanceId || row.state !== 'held') return false
      row.expiresAtMs = nowMs() + ttlMs
      return true
    },
    async complete(name, slotMs) {
      const row = rows.get(key(name, slotMs))
      if (!row || row.holder !== instanceId || row.state !== 'held') return false
      row.state = 'done'
      return true
    },
    async release(name, slotMs) {
      const row = rows.get(key(name, slotMs))
      if (row && row.holder === instanceId && row.state === 'held') rows.delete(key(name, slotMs))
    },
    async retire(name, slotMs) {
      const row = rows.get(key(name, slotMs))
      if (row && row.state === 'held' && row.expiresAtMs <= nowMs()) row.state = 'done'
    },
    async abandoned(prefix, limit) {
      const now = nowMs()
      return [...rows.values()]
        .filter((r) => r.name.startsWith(prefix) && r.state === 'held' && r.expiresAtMs <= now)
        .slice(0, limit)
        .map((r) => ({ name: r.name, slotMs: r.slotMs, holder: r.holder, expiredAtMs: r.expiresAtMs }))
    },
    async prune(beforeMs) {
      let n = 0
      for (const [k, r] of rows)
        if (r.slotMs > 0 && r.slotMs < beforeMs && (r.state === 'done' || r.expiresAtMs <= nowMs())) {
          rows.delete(k)
          n++
        }
      return n
    },
  }
}
