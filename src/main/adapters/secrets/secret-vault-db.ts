/**
 * Where the encrypted secret store lives: its own store beside the desk's, shared by both
 * environments (as the keychain is): `<data>/secrets.sqlite` (0600) next to the desk's SQLite
 * files, or the schema `desk_secrets` of the desk's PostgreSQL database (so every team-desk
 * instance on that database reads the same secrets). Migrated with its own migration table.
 */
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely'
import { ensurePrivateDir, ensurePrivateFile, privatiseFiles } from '../storage/db/file-modes'
import { SECRET_MIGRATIONS } from '../storage/db/migrations/0030-secret-values'
import type { DeskDialect } from '../storage/db/migrations/migration-kit'
import { schemaPool } from '../storage/db/open-postgres'

/** The secret store's tables: the sealed values and the one row naming their current key. */
export type SecretVaultSchema = {
  secret_vault_key: { slot: string; key_id: string; updated_at_ms: number }
  secret_values: {
    name: string
    key_id: string
    iv: string
    tag: string
    ciphertext: string
    updated_at_ms: number
  }
}

/** A SQLite file or a PostgreSQL schema for the secret store. */
export type SecretVaultLocation =
  { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string }

/** The PostgreSQL schema of the secret store. */
export const SECRET_VAULT_SCHEMA = 'desk_secrets'

/** The store's location for a desk: PostgreSQL when the desk's store is there, else beside the data. */
export function secretVaultLocation(dataDir: string, databaseUrl: string | null): SecretVaultLocation {
  const url = databaseUrl?.trim() ?? ''
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const q = url.indexOf('?')
    const params = new URLSearchParams(q >= 0 ? url.slice(q + 1) : '')
    params.delete('schema')
    const rest = params.toString()
    return {
      kind: 'postgres',
      url: (q >= 0 ? url.slice(0, q) : url) + (rest ? `?${rest}` : ''),
      schema: SECRET_VAULT_SCHEMA,
    }
  }
  return { kind: 'sqlite', file: join(dataDir, 'secrets.sqlite') }
}

/** An open secret vault. */
export type SecretVaultDb = { db: Kysely<SecretVaultSchema>; dialect: DeskDialect; describe: string }

async function migrate(db: Kysely<SecretVaultSchema>, dialect: DeskDialect, schema?: string): Promise<void> {
  const migrations: Record<string, Migration> = {}
  for (const m of SECRET_MIGRATIONS) migrations[m.name] = { up: (trx) => m.up(trx, dialect) }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'secret_migration',
    migrationLockTableName: 'secret_migration_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const result = await migrator.migrateToLatest()
  if (result.error)
    throw result.error instanceof Error
      ? result.error
      : new Error(`secret store migration failed: ${JSON.stringify(result.error)}`)
}

/** Opens (creating and migrating when needed) the secret store at `location`. */
export async function openSecretVaultDb(location: SecretVaultLocation): Promise<SecretVaultDb> {
  if (location.kind === 'sqlite') {
    ensurePrivateDir(dirname(location.file))
    ensurePrivateFile(location.file)
    const raw = new Database(location.file, { timeout: 5_000, fileMustExist: true })
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = FULL')
    const db = new Kysely<SecretVaultSchema>({ dialect: new SqliteDialect({ database: raw }) })
    try {
      await migrate(db, 'sqlite')
    } catch (err) {
      await db.destroy().catch(() => {})
      throw err
    }
    privatiseFiles(location.file, `${location.file}-wal`, `${location.file}-shm`)
    return { db, dialect: 'sqlite', describe: location.file }
  }
  const pool = schemaPool(location.url, location.schema, 2)
  const db = new Kysely<SecretVaultSchema>({ dialect: new PostgresDialect({ pool }) })
  try {
    await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(location.schema)}`.execute(db)
    await migrate(db, 'postgres', location.schema)
  } catch (err) {
    await db.destroy().catch(() => {})
    throw err
  }
  return { db, dialect: 'postgres', describe: `PostgreSQL schema ${location.schema}` }
}
