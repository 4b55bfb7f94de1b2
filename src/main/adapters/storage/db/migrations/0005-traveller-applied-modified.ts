/**
 * Version 5: issue 15's "applied LastModifiedDate" per traveller (the newest Concur change the
 * desk applied and settled; a summary row not newer needs no profile GET) gets a column of its
 * own. Rows written before carry it, if at all, in `extra`: it moves over.
 */
import { sql, type Kysely } from 'kysely'
import { bigintType, type DeskDialect, type DeskMigration } from './migration-kit'

async function up(db: Kysely<unknown>, dialect: DeskDialect): Promise<void> {
  await db.schema
    .alterTable('sync_travellers')
    .addColumn('applied_modified_ms', bigintType(dialect))
    .execute()
  const rows = await sql<{
    entity_id: string
    traveller_key: string
    extra: string
  }>`SELECT entity_id, traveller_key, extra FROM sync_travellers WHERE extra LIKE '%"appliedModifiedMs"%'`.execute(
    db,
  )
  for (const r of rows.rows) {
    const { appliedModifiedMs, ...rest } = JSON.parse(r.extra) as Record<string, unknown>
    const extra = Object.keys(rest).length > 0 ? JSON.stringify(rest) : null
    await sql`UPDATE sync_travellers SET applied_modified_ms = ${typeof appliedModifiedMs === 'number' ? appliedModifiedMs : null}, extra = ${extra} WHERE entity_id = ${r.entity_id} AND traveller_key = ${r.traveller_key}`.execute(
      db,
    )
  }
}

/** Migration 0005. */
export const travellerAppliedModifiedMigration: DeskMigration = {
  name: '0005-traveller-applied-modified',
  up,
}
