/**
 * Version 0011: an index on the sync log for "this entity's failures" (entity and outcome, newest
 * first). With one index per column the planner walked every record of the outcome (a tenth of a
 * million-record log) to find one entity's: 160 ms for the page and 350 ms for its count.
 */
import type { Kysely } from 'kysely'
import type { DeskMigration } from './migration-kit'

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sync_log_entity_outcome')
    .on('sync_log')
    .columns(['entity_id', 'outcome', 'seq'])
    .execute()
}

/** Migration 0011. */
export const syncLogEntityOutcomeMigration: DeskMigration = { name: '0011-sync-log-entity-outcome', up }
