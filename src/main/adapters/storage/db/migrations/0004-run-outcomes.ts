/**
 * Version 4: the run history reads from `sync_runs` alone (issue 14's run facts): each run's
 * labelled counts, why it failed (problem, correlation id) and whether a stop of the desk cut it
 * off, in columns of their own rather than the row's `extra` JSON, which a state change rewrites.
 */
import type { Kysely } from 'kysely'
import type { DeskDialect, DeskMigration } from './migration-kit'

async function up(db: Kysely<unknown>, _dialect: DeskDialect): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('sync_runs').addColumn('counts', 'text').execute()
  await db.schema.alterTable('sync_runs').addColumn('problem', 'text').execute()
  await db.schema.alterTable('sync_runs').addColumn('correlation_id', 'text').execute()
  await db.schema
    .alterTable('sync_runs')
    .addColumn('interrupted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  // Version 3 marked a cut-off run in its extra JSON, and kept nothing else there.
  await db
    .updateTable('sync_runs' as never)
    .set({ interrupted: 1, extra: null } as never)
    .where('extra' as never, '=', '{"interrupted":true}' as never)
    .execute()
}

/** Migration 0004. */
export const runOutcomesMigration: DeskMigration = { name: '0004-run-outcomes', up }
