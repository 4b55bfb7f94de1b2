/** The audit trail as rows of `audit_log` (AuditStore port), newest first, filtered in SQL. */
import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { AuditOutcome } from '../../../../shared/team-model'
import type { AuditRecord, AuditStore } from '../../../core/team/team-stores'
import type { DeskSchema } from '../db/desk-schema'

/** Creates the store over `db`. */
export function createSqlAuditStore(db: Kysely<DeskSchema>): AuditStore {
  return {
    async append(r) {
      await db
        .insertInto('audit_log')
        .values({
          at_ms: r.atMs,
          actor_id: r.actorId,
          actor_name: r.actorName,
          action: r.action,
          entity_id: r.entityId,
          entity_name: r.entityName,
          outcome: r.outcome,
          detail: r.detail,
        })
        .execute()
    },
    async query(q) {
      const filtered = <O>(b: SelectQueryBuilder<DeskSchema, 'audit_log', O>) => {
        let out = b
        if (q.actor) out = out.where((eb) => eb(eb.fn('lower', ['actor_name']), '=', q.actor!.toLowerCase()))
        if (q.action) out = out.where('action', '=', q.action)
        if (q.entityId) out = out.where('entity_id', '=', q.entityId)
        if (q.fromMs !== undefined) out = out.where('at_ms', '>=', q.fromMs)
        if (q.toMs !== undefined) out = out.where('at_ms', '<', q.toMs)
        return out
      }
      let page = filtered(db.selectFrom('audit_log').selectAll())
      if (q.beforeSeq !== undefined) page = page.where('seq', '<', q.beforeSeq)
      const [rows, count] = await Promise.all([
        page.orderBy('seq', 'desc').limit(q.limit).execute(),
        filtered(
          db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')),
        ).executeTakeFirst(),
      ])
      const records: AuditRecord[] = rows.map((r) => ({
        seq: Number(r.seq),
        atMs: r.at_ms,
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entityId: r.entity_id,
        entityName: r.entity_name,
        outcome: r.outcome as AuditOutcome,
        detail: r.detail,
      }))
      return { records, total: Number(count?.n ?? 0) }
    },
    async prune(beforeMs) {
      const result = await db.deleteFrom('audit_log').where('at_ms', '<', beforeMs).executeTakeFirst()
      return Number(result.numDeletedRows)
    },
    async lastSignIns(actorId) {
      let q = db
        .selectFrom('audit_log')
        .select((eb) => ['actor_id', eb.fn.max('at_ms').as('last')])
        .where('action', '=', 'sign-in')
        .where('outcome', '=', 'ok')
      if (actorId !== undefined) q = q.where('actor_id', '=', actorId)
      const rows = await q.groupBy('actor_id').execute()
      return new Map(rows.map((r) => [r.actor_id, Number(r.last)]))
    },
  }
}
