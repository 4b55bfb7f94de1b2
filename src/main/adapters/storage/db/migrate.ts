/**
 * Runs the desk's migrations with Kysely's Migrator (each in a transaction; the Migrator's own
 * lock table keeps two processes from migrating at once) and reads the schema version a store has.
 */
import { Migrator, sql, type Kysely, type Migration } from 'kysely'
import { DESK_MIGRATIONS, LATEST_SCHEMA_VERSION } from './migrations'
import type { DeskDialect } from './migrations/migration-kit'

/** The migrations a store ran, by name (empty for a new store). */
export async function appliedMigrations(db: Kysely<unknown>, dialect: DeskDialect): Promise<string[]> {
  const exists =
    dialect === 'sqlite'
      ? await sql<{
          n: number
        }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`.execute(
          db,
        )
      : await sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'kysely_migration'`.execute(
          db,
        )
  if (Number(exists.rows[0]?.n ?? 0) === 0) return []
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)
  return rows.rows.map((r) => r.name)
}

/** How a store's schema compares with this desk's migrations. */
export type SchemaVersion =
  | { state: 'current' | 'older' | 'empty'; version: number }
  | { state: 'unknown'; version: number; unknown: string[] }

/** Compares the applied migrations with the known ones. */
export function compareSchema(applied: readonly string[]): SchemaVersion {
  const known = new Set(DESK_MIGRATIONS.map((m) => m.name))
  const unknown = applied.filter((name) => !known.has(name))
  if (unknown.length > 0) return { state: 'unknown', version: applied.length, unknown }
  if (applied.length === 0) return { state: 'empty', version: 0 }
  return {
    state: applied.length >= LATEST_SCHEMA_VERSION ? 'current' : 'older',
    version: applied.length,
  }
}

/** Migrates up to `version` (default: the latest). Throws with Kysely's error when a step fails. */
export async function migrateDesk(
  db: Kysely<unknown>,
  dialect: DeskDialect,
  version = LATEST_SCHEMA_VERSION,
  /** PostgreSQL: the store's schema (Kysely otherwise finds another store's migration tables). */
  schema?: string,
): Promise<void> {
  const migrations: Record<string, Migration> = {}
  for (const m of DESK_MIGRATIONS) migrations[m.name] = { up: (trx) => m.up(trx, dialect) }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const target = DESK_MIGRATIONS[version - 1]
  const result = target ? await migrator.migrateTo(target.name) : await migrator.migrateToLatest()
  if (result.error)
    throw result.error instanceof Error
      ? result.error
      : new Error(`migration failed: ${JSON.stringify(result.error)}`)
}
