/**
 * Opens a SQLite store: better-sqlite3 under Kysely's SqliteDialect, WAL journal with
 * synchronous=NORMAL (a commit is in the WAL, so it survives a killed or crashed desk, before its
 * caller goes on; the fsync happens at checkpoints: a power cut may lose the last commits but never
 * tears the store, and a lost write-ahead only costs a re-check with Faces), a quick_check and the
 * schema version check before anything is read. better-sqlite3 is synchronous, so an fsync per
 * commit would stall the event loop the whole sync runs on. Damage is reported as a StoreDamage, never repaired here.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { DeskSchema } from './desk-schema'
import { ensurePrivateDir, ensurePrivateFile, privatiseFiles } from './file-modes'
import { appliedMigrations, compareSchema, migrateDesk } from './migrate'
import { LATEST_SCHEMA_VERSION } from './migrations'
import { StoreDamage } from './store-damage'

const HEADER = 'SQLite format 3\u0000'

/** An open SQLite store. */
export type SqliteStore = { db: Kysely<DeskSchema>; raw: Database.Database; file: string }

/**
 * Options: `migrateTo` stops at an older version (tests of the migrations); `salvage` opens a
 * damaged copy read-only, without checks, to read what it still can.
 */
export type OpenSqliteOptions = { migrateTo?: number; salvage?: boolean }

function checkHeader(file: string): void {
  const size = statSync(file).size
  if (size === 0) return
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(16)
    const n = readSync(fd, buf, 0, 16, 0)
    if (n < 16 || buf.toString('latin1') !== HEADER)
      throw new StoreDamage('unreadable', 'the file is not a SQLite database (its first bytes are wrong)')
  } finally {
    closeSync(fd)
  }
}

/** Opens (creating when missing) and migrates the store in `file`. Throws StoreDamage when it is damaged. */
export async function openSqlite(file: string, options: OpenSqliteOptions = {}): Promise<SqliteStore> {
  if (!options.salvage) {
    ensurePrivateDir(dirname(file))
    ensurePrivateFile(file)
    checkHeader(file)
  }
  let raw: Database.Database
  try {
    raw = new Database(file, { timeout: 5_000, readonly: options.salvage ?? false, fileMustExist: true })
  } catch (err) {
    throw new StoreDamage('unreadable', (err as Error).message)
  }
  const db = new Kysely<DeskSchema>({ dialect: new SqliteDialect({ database: raw }) })
  try {
    if (options.salvage) return { db, raw, file }
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = NORMAL')
    const check = raw.pragma('quick_check', { simple: true }) as string
    if (check !== 'ok') throw new StoreDamage('corrupt', `the integrity check failed (${check})`)
    const version = compareSchema(await appliedMigrations(db as Kysely<unknown>, 'sqlite'))
    if (version.state === 'unknown')
      throw new StoreDamage(
        'newer-schema',
        `it has schema changes this desk does not know (${version.unknown.join(', ')}; this desk knows up to version ${LATEST_SCHEMA_VERSION}): a newer desk wrote it`,
      )
    await migrateDesk(db as Kysely<unknown>, 'sqlite', options.migrateTo)
    privatiseFiles(file, `${file}-wal`, `${file}-shm`)
    return { db, raw, file }
  } catch (err) {
    await db.destroy().catch(() => {})
    if (err instanceof StoreDamage) throw err
    const code = (err as { code?: string }).code ?? ''
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
      throw new StoreDamage('corrupt', (err as Error).message)
    throw err
  }
}
