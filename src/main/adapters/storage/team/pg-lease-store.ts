/**
 * The LeaseStore port on PostgreSQL (`team_leases`): every operation is one statement, so two
 * instances racing for a claim are decided by the row itself. A claim is an INSERT … ON CONFLICT
 * DO UPDATE that only overwrites a held claim whose expiry passed (the holder died); `done` rows
 * are never overwritten, so a slot's poll happens once. Times come from the instances' clocks
 * (kept in step by NTP; the ttl of a minute absorbs seconds of skew).
 */
import { sql, type Kysely } from 'kysely'
import type { LeaseStore } from '../../../core/team/lease-store'
import type { DeskSchema } from '../db/desk-schema'
import { escapeLike } from '../stores/row-codec'

/** `%` and `_` in a LIKE prefix taken literally. */

/** Creates the store for instance `instanceId` over the store's query builder. */
export function createPostgresLeaseStore(
  db: Kysely<DeskSchema>,
  instanceId: string,
  nowMs: () => number,
): LeaseStore {
  /** Changes this instance's held claim; false when it is no longer ours. */
  async function updateOwn(
    name: string,
    slotMs: number,
    set: { expires_at_ms: number } | { state: 'done' },
  ): Promise<boolean> {
    const r = await db
      .updateTable('team_leases')
      .set(set)
      .where('name', '=', name)
      .where('slot_ms', '=', slotMs)
      .where('holder', '=', instanceId)
      .where('state', '=', 'held')
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }
  return {
    instanceId,
    async claim(name, slotMs, ttlMs) {
      const now = nowMs()
      // `previous` is read in the statement's snapshot: who held the row before this claim, if anyone.
      const r = await sql<{ previous: string | null }>`
        WITH prev AS (SELECT holder FROM team_leases WHERE name = ${name} AND slot_ms = ${slotMs})
        INSERT INTO team_leases (name, slot_ms, holder, state, expires_at_ms, claimed_at_ms, takeovers)
        VALUES (${name}, ${slotMs}, ${instanceId}, 'held', ${now + ttlMs}, ${now}, 0)
        ON CONFLICT (name, slot_ms) DO UPDATE
          SET holder = EXCLUDED.holder, expires_at_ms = EXCLUDED.expires_at_ms,
              claimed_at_ms = EXCLUDED.claimed_at_ms, takeovers = team_leases.takeovers + 1
          WHERE team_leases.state = 'held' AND team_leases.expires_at_ms <= ${now}
        RETURNING (SELECT holder FROM prev) AS previous`.execute(db)
      const row = r.rows[0]
      if (!row) return null
      return { name, slotMs, takenOverFrom: row.previous }
    },
    async renew(name, slotMs, ttlMs) {
      return updateOwn(name, slotMs, { expires_at_ms: nowMs() + ttlMs })
    },
    async complete(name, slotMs) {
      return updateOwn(name, slotMs, { state: 'done' })
    },
    async release(name, slotMs) {
      await db
        .deleteFrom('team_leases')
        .where('name', '=', name)
        .where('slot_ms', '=', slotMs)
        .where('holder', '=', instanceId)
        .where('state', '=', 'held')
        .execute()
    },
    async retire(name, slotMs) {
      await db
        .updateTable('team_leases')
        .set({ state: 'done' })
        .where('name', '=', name)
        .where('slot_ms', '=', slotMs)
        .where('state', '=', 'held')
        .where('expires_at_ms', '<=', nowMs())
        .execute()
    },
    async abandoned(prefix, limit) {
      const rows = await db
        .selectFrom('team_leases')
        .select(['name', 'slot_ms', 'holder', 'expires_at_ms'])
        .where('state', '=', 'held')
        .where('expires_at_ms', '<=', nowMs())
        .where(sql<boolean>`name LIKE ${`${escapeLike(prefix)}%`}`)
        .orderBy('slot_ms', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => ({
        name: r.name,
        slotMs: r.slot_ms,
        holder: r.holder,
        expiredAtMs: r.expires_at_ms,
      }))
    },
    async prune(beforeMs) {
      const r = await db
        .deleteFrom('team_leases')
        .where('slot_ms', '>', 0)
        .where('slot_ms', '<', beforeMs)
        .where((eb) => eb.or([eb('state', '=', 'done'), eb('expires_at_ms', '<=', nowMs())]))
        .executeTakeFirst()
      return Number(r.numDeletedRows)
    },
  }
}
