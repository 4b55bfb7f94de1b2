/**
 * Version 0021: the last change the desk carried per traveller and direction (the traveller
 * view's "what changed last time") gets a column per direction, so the sync state the engine
 * keeps in memory leaves the notes in the database: they were two fifths of the memory a
 * traveller's state took (a cycle over 20,000 profiles kept about 19 MB of notes live in the heap).
 * Rows written before carry the notes in `extra`: they move over.
 */
import { sql, type Kysely } from 'kysely'
import type { DeskDialect, DeskMigration } from './migration-kit'

/** Rows that may keep notes in `extra` (a cheap filter before the JSON is read). */
const HAS_NOTES = `extra LIKE '%"lastChanges"%'`

async function up(db: Kysely<unknown>, dialect: DeskDialect): Promise<void> {
  await db.schema.alterTable('sync_travellers').addColumn('c2f_change', 'text').execute()
  await db.schema.alterTable('sync_travellers').addColumn('f2c_change', 'text').execute()
  // One statement in the database: every traveller a desk synced has notes, and reading them all
  // into the process (and writing them back one row at a time) would cost memory and minutes on a
  // big desk's first start. A note that is not an object is dropped, as the store reads it.
  if (dialect === 'sqlite')
    await sql`UPDATE sync_travellers SET
      c2f_change = CASE json_type(extra, '$.lastChanges."concur-to-faces"') WHEN 'object' THEN json_extract(extra, '$.lastChanges."concur-to-faces"') END,
      f2c_change = CASE json_type(extra, '$.lastChanges."faces-to-concur"') WHEN 'object' THEN json_extract(extra, '$.lastChanges."faces-to-concur"') END,
      extra = NULLIF(json_remove(extra, '$.lastChanges'), '{}')
      WHERE ${sql.raw(HAS_NOTES)}`.execute(db)
  else
    await sql`UPDATE sync_travellers SET
      c2f_change = CASE jsonb_typeof(extra::jsonb -> 'lastChanges' -> 'concur-to-faces') WHEN 'object' THEN (extra::jsonb -> 'lastChanges' -> 'concur-to-faces')::text END,
      f2c_change = CASE jsonb_typeof(extra::jsonb -> 'lastChanges' -> 'faces-to-concur') WHEN 'object' THEN (extra::jsonb -> 'lastChanges' -> 'faces-to-concur')::text END,
      extra = NULLIF((extra::jsonb - 'lastChanges')::text, '{}')
      WHERE ${sql.raw(HAS_NOTES)}`.execute(db)
}

/** Migration 0021. */
export const travellerChangeNotesMigration: DeskMigration = { name: '0021-traveller-change-notes', up }
