/**
 * Version 0020 (issue 13 part C; 0010–0019 are the team desk's users and audit, 0030+ its secrets):
 * the instances of a team desk that share one PostgreSQL store, and the leases through which they
 * share the work (one poll per entity and slot, one Faces change-feed consumer). Created on SQLite
 * too, so both dialects keep one schema; a solo desk writes its own instance row only.
 */
import { sql, type Kysely } from 'kysely'
import { bigintType, type DeskDialect, type DeskMigration } from './migration-kit'

async function up(db: Kysely<unknown>, dialect: DeskDialect): Promise<void> {
  const ms = bigintType(dialect)
  await db.schema
    .createTable('team_instances')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at_ms', ms, (c) => c.notNull())
    .addColumn('last_seen_ms', ms, (c) => c.notNull())
    .addColumn('stopped_at_ms', ms)
    .addColumn('extra', 'text')
    .execute()
  await db.schema
    .createTable('team_leases')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slot_ms', ms, (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('expires_at_ms', ms, (c) => c.notNull())
    .addColumn('claimed_at_ms', ms, (c) => c.notNull())
    .addColumn('takeovers', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('team_leases_pk', ['name', 'slot_ms'])
    .execute()
  await db.schema
    .createIndex('team_leases_state_expiry')
    .on('team_leases')
    .columns(['state', 'expires_at_ms'])
    .execute()
  // Each instance's sync-log lane (seq mod 64) comes from here, so two instances never share one.
  if (dialect === 'postgres') await sql`CREATE SEQUENCE team_instance_lanes`.execute(db)
}

/** Migration 0020. */
export const teamInstancesMigration: DeskMigration = { name: '0020-team-instances', up }
