/** Version 3: sync runs as rows of their own, so the run history survives restarts and log retention. */
import type { Kysely } from 'kysely'
import { bigintType, type DeskDialect, type DeskMigration } from './migration-kit'

async function up(db: Kysely<unknown>, dialect: DeskDialect): Promise<void> {
  const ms = bigintType(dialect)
  await db.schema
    .createTable('sync_runs')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('pages_done', 'integer', (c) => c.notNull())
    .addColumn('pages_total', 'integer')
    .addColumn('profiles_done', 'integer', (c) => c.notNull())
    .addColumn('profiles_total', 'integer')
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('started_at_ms', ms, (c) => c.notNull())
    .addColumn('finished_at_ms', ms)
    .addColumn('extra', 'text')
    .execute()
  await db.schema
    .createIndex('sync_runs_entity_started')
    .on('sync_runs')
    .columns(['entity_id', 'started_at_ms'])
    .execute()
  await db.schema.createIndex('sync_runs_started').on('sync_runs').column('started_at_ms').execute()
  await db.schema.createIndex('sync_runs_state').on('sync_runs').column('state').execute()
}

/** Migration 0003. */
export const syncRunsMigration: DeskMigration = { name: '0003-sync-runs', up }
