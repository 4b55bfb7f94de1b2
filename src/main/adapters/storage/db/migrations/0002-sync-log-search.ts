/**
 * Version 2: an index for the sync log's text filter ("contains"). SQLite: an FTS5 table with the
 * trigram tokenizer over `search_text` (kept in step by triggers), which answers substring GLOBs
 * from the index. PostgreSQL: a pg_trgm GIN index for LIKE; when the extension cannot be created
 * (no privilege), the filter still works, by scanning.
 */
import { sql, type Kysely } from 'kysely'
import type { DeskDialect, DeskMigration } from './migration-kit'

/** An advisory lock id that serialises CREATE EXTENSION across desks sharing one PostgreSQL. */
const EXTENSION_LOCK_ID = 4_711_0002

async function up(db: Kysely<unknown>, dialect: DeskDialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE sync_log_fts USING fts5(search_text, content='sync_log', content_rowid='seq', tokenize='trigram')`.execute(
      db,
    )
    await sql`INSERT INTO sync_log_fts(rowid, search_text) SELECT seq, search_text FROM sync_log`.execute(db)
    await sql`CREATE TRIGGER sync_log_fts_insert AFTER INSERT ON sync_log BEGIN
      INSERT INTO sync_log_fts(rowid, search_text) VALUES (new.seq, new.search_text); END`.execute(db)
    await sql`CREATE TRIGGER sync_log_fts_delete AFTER DELETE ON sync_log BEGIN
      INSERT INTO sync_log_fts(sync_log_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text); END`.execute(
      db,
    )
    return
  }
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(EXTENSION_LOCK_ID)})`.execute(db)
  await sql`SAVEPOINT trgm`.execute(db)
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db)
  } catch {
    await sql`ROLLBACK TO SAVEPOINT trgm`.execute(db)
    return
  }
  await sql`CREATE INDEX sync_log_search ON sync_log USING gin (search_text public.gin_trgm_ops)`.execute(db)
}

/** Migration 0002. */
export const syncLogSearchMigration: DeskMigration = { name: '0002-sync-log-search', up }
