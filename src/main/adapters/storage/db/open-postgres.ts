/**
 * Opens a PostgreSQL store: Kysely's PostgresDialect over a `pg` pool whose connections use the
 * store's schema (search_path), created when missing. Same schema check as SQLite: an unknown
 * migration (a newer desk) or a missing table is a StoreDamage, handled by the opener.
 */
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { DESK_TABLES, type DeskSchema } from './desk-schema'
import { appliedMigrations, compareSchema, migrateDesk } from './migrate'
import { DESK_MIGRATIONS, LATEST_SCHEMA_VERSION } from './migrations'
import { syncRunsMigration } from './migrations/0003-sync-runs'
import { teamMigration } from './migrations/0010-team'
import type { DeskMigration } from './migrations/migration-kit'
import { StoreDamage } from './store-damage'

// int8 (times in ms, counts) as numbers: every value the desk stores fits in 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v))

/** An open PostgreSQL store. */
export type PostgresStore = { db: Kysely<DeskSchema>; pool: pg.Pool; schema: string }

/** Options (tests stop at an older version). */
export type OpenPostgresOptions = { migrateTo?: number; maxConnections?: number }

/** A pool whose sessions work in `schema` (public stays on the path for extensions such as pg_trgm). */
export function schemaPool(url: string, schema: string, max = 10): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    options: `-c search_path=${schema},public`,
    connectionTimeoutMillis: 10_000,
  })
}

/** The tables of the desk's schema that `schema` lacks. */
async function missingTables(db: Kysely<DeskSchema>, applied: number): Promise<string[]> {
  const rows = await sql<{
    table_name: string
  }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(db)
  const have = new Set(rows.rows.map((r) => r.table_name))
  // Tables arrive with their migration (sync_runs with 0003, the team's with 0010): a store that has
  // not run it yet lacks them by design. Counted from the list, so a migration added before never shifts it.
  const versionOf = (migration: DeskMigration): number => DESK_MIGRATIONS.indexOf(migration) + 1
  const since: Partial<Record<string, number>> = {
    sync_runs: versionOf(syncRunsMigration),
    users: versionOf(teamMigration),
    access_tokens: versionOf(teamMigration),
    audit_log: versionOf(teamMigration),
  }
  const expected = DESK_TABLES.filter((t) => applied >= (since[t] ?? 0))
  return expected.filter((t) => !have.has(t))
}

/** A query builder over a pool of the schema (nothing is read yet). */
export function connectPostgres(url: string, schema: string, maxConnections?: number): PostgresStore {
  const pool = schemaPool(url, schema, maxConnections)
  return { pool, schema, db: new Kysely<DeskSchema>({ dialect: new PostgresDialect({ pool }) }) }
}

/** Opens (creating when missing) and migrates the store in `schema`. Throws StoreDamage when it is damaged. */
export async function openPostgres(
  url: string,
  schema: string,
  options: OpenPostgresOptions = {},
): Promise<PostgresStore> {
  const store = connectPostgres(url, schema, options.maxConnections)
  try {
    await preparePostgres(store, options)
    return store
  } catch (err) {
    await store.db.destroy().catch(() => {})
    throw err
  }
}

/** Checks and migrates the schema of a connected store. Throws StoreDamage when it is damaged. */
export async function preparePostgres(
  store: PostgresStore,
  options: OpenPostgresOptions = {},
): Promise<void> {
  const { db, schema } = store
  {
    await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db)
    const applied = await appliedMigrations(db as Kysely<unknown>, 'postgres')
    const version = compareSchema(applied)
    if (version.state === 'unknown')
      throw new StoreDamage(
        'newer-schema',
        `it has schema changes this desk does not know (${version.unknown.join(', ')}; this desk knows up to version ${LATEST_SCHEMA_VERSION}): a newer desk wrote it`,
      )
    if (version.state !== 'empty') {
      const missing = await missingTables(db, applied.length)
      if (missing.length > 0)
        throw new StoreDamage('broken-schema', `tables are missing (${missing.join(', ')})`)
    }
    // A current store skips Kysely's Migrator: its table introspection reads the catalogue of
    // every schema on the server (180–250 ms per start with a few hundred tables), to find nothing to do.
    if (version.state !== 'current' || options.migrateTo !== undefined)
      await migrateDesk(db as Kysely<unknown>, 'postgres', options.migrateTo, schema)
  }
}
