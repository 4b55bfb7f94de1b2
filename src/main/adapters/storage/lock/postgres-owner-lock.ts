/**
 * The owner lock of a PostgreSQL store (OwnerLock port): a session-level advisory lock on a
 * dedicated connection, keyed by the store's schema. PostgreSQL releases it when the holder's
 * connection ends (a kill included), so it never goes stale. The opener writes the holder into
 * desk_state ('owner') for the refusal message. The team desk (issue 13) replaces this port with
 * leases and row locks: several team instances share one store on purpose.
 */
import type { Kysely } from 'kysely'
import type pg from 'pg'
import { StoreInUseError, type LockOwner, type OwnerLock } from '../../../core/owner-lock'
import type { DeskSchema } from '../db/desk-schema'

/** The desk_state key of the holder. */
export const OWNER_KEY = 'owner'

/** Creates the lock over the store's pool and query builder. */
export function createPostgresOwnerLock(deps: {
  pool: pg.Pool
  db: Kysely<DeskSchema>
  schema: string
  target: string
  nowMs?: () => number
  /**
   * Team-desk instances sharing the store on purpose (`--instances shared`): a shared advisory
   * lock, which they all hold at once and which still keeps a solo desk (exclusive) out, and the
   * other way round. The work is then shared through leases (adapters/storage/team/).
   */
  shared?: boolean
}): OwnerLock {
  const fn = deps.shared ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock'
  const unlock = deps.shared ? 'pg_advisory_unlock_shared' : 'pg_advisory_unlock'
  const nowMs = deps.nowMs ?? Date.now
  let client: pg.PoolClient | null = null
  const key = `faces-concur-desk:${deps.schema}`
  return {
    target: deps.target,
    async acquire() {
      if (client) return
      const c = await deps.pool.connect()
      const r = await c.query<{ ok: boolean }>(`SELECT ${fn}(hashtext($1)) AS ok`, [key])
      if (!r.rows[0]?.ok) {
        c.release()
        const row = await deps.db
          .selectFrom('desk_state')
          .select('value')
          .where('key', '=', OWNER_KEY)
          .executeTakeFirst()
          .catch(() => undefined)
        let owner: LockOwner | null = null
        try {
          owner = row ? (JSON.parse(row.value) as LockOwner) : null
        } catch {
          owner = null
        }
        throw new StoreInUseError('database', deps.target, owner, nowMs())
      }
      client = c
      // A dropped connection drops the lock: never hand this client back to the pool.
      c.on('error', () => {})
      // The opener records the holder in desk_state once the schema is migrated (writeOwner).
    },
    async release() {
      const c = client
      client = null
      if (!c) return
      await c.query(`SELECT ${unlock}(hashtext($1))`, [key]).catch(() => {})
      c.release(true)
    },
  }
}
