/** The InstanceRows port over `team_instances` (both dialects; the lane sequence is PostgreSQL's). */
import { sql, type Kysely } from 'kysely'
import type { InstanceRows } from '../../../core/team/instance-registry'
import type { DeskSchema } from '../db/desk-schema'

/** Lanes of the shared sync log (see core/sync-log/sync-log.ts `seqLane`). */
export const SYNC_LOG_LANES = 64

/** Creates the rows over `db`. */
export function createSqlInstanceRows(db: Kysely<DeskSchema>, dialect: 'sqlite' | 'postgres'): InstanceRows {
  return {
    async register({ instanceId, host, pid, nowMs }) {
      const row = {
        instance_id: instanceId,
        host,
        pid,
        started_at_ms: nowMs,
        last_seen_ms: nowMs,
        stopped_at_ms: null,
        extra: null,
      }
      await db.insertInto('team_instances').values(row).execute()
      if (dialect === 'sqlite') return 0
      const r = await sql<{ n: number }>`SELECT nextval('team_instance_lanes') AS n`.execute(db)
      return Number(r.rows[0]!.n) % SYNC_LOG_LANES
    },
    async beat(instanceId, nowMs) {
      await db
        .updateTable('team_instances')
        .set({ last_seen_ms: nowMs })
        .where('instance_id', '=', instanceId)
        .execute()
    },
    async stopped(instanceId, nowMs) {
      await db
        .updateTable('team_instances')
        .set({ last_seen_ms: nowMs, stopped_at_ms: nowMs })
        .where('instance_id', '=', instanceId)
        .execute()
    },
    async list(sinceMs) {
      const rows = await db
        .selectFrom('team_instances')
        .selectAll()
        .where('last_seen_ms', '>=', sinceMs)
        .orderBy('last_seen_ms', 'desc')
        .limit(100)
        .execute()
      return rows.map((r) => ({
        instanceId: r.instance_id,
        host: r.host,
        pid: r.pid,
        startedAtMs: r.started_at_ms,
        lastSeenMs: r.last_seen_ms,
        stoppedAtMs: r.stopped_at_ms,
      }))
    },
  }
}
