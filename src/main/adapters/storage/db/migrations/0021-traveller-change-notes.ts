/**
 * Version 0021: the last change the desk carried per traveller and direction (the traveller
 * view's "what changed last time") gets a column per direction, so the sync state the engine
 * keeps in memory leaves the notes in the database: they were two fifths of the memory a
 * traveller's state took (a cycle over 20,000 profiles kept about 10 MB of notes in the heap).
 * Rows written before carry the notes in `extra`: they move over.
 */
import { sql, type Kysely } from 'kysely'
import type { DeskMigration } from './migration-kit'

type Notes = { 'concur-to-faces'?: unknown; 'faces-to-concur'?: unknown }

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_travellers').addColumn('c2f_change', 'text').execute()
  await db.schema.alterTable('sync_travellers').addColumn('f2c_change', 'text').execute()
  const rows = await sql<{
    entity_id: string
    traveller_key: string
    extra: string
  }>`SELECT entity_id, traveller_key, extra FROM sync_travellers WHERE extra LIKE '%"lastChanges"%'`.execute(
    db,
  )
  const note = (n: unknown): string | null => (n && typeof n === 'object' ? JSON.stringify(n) : null)
  for (const r of rows.rows) {
    const { lastChanges, ...rest } = JSON.parse(r.extra) as Record<string, unknown> & { lastChanges?: Notes }
    const extra = Object.keys(rest).length > 0 ? JSON.stringify(rest) : null
    await sql`UPDATE sync_travellers SET c2f_change = ${note(lastChanges?.['concur-to-faces'])}, f2c_change = ${note(lastChanges?.['faces-to-concur'])}, extra = ${extra} WHERE entity_id = ${r.entity_id} AND traveller_key = ${r.traveller_key}`.execute(
      db,
    )
  }
}

/** Migration 0021. */
export const travellerChangeNotesMigration: DeskMigration = { name: '0021-traveller-change-notes', up }
