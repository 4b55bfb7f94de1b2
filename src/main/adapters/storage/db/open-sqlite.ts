/**
 * Opens a SQLite store: better-sqlite3 under Kysely's SqliteDialect, WAL journal with
 * synchronous=NORMAL (a commit is in the WAL, so it survives a killed or crashed desk, before its
 * caller goes on; the fsync happens at checkpoints: a power cut may lose the last commits but never
 * tears the store, and a lost write-ahead only costs a re-check with Faces), and the schema version
 * check before anything is read. The full integrity check (quick_check reads every page: seconds
 * with a big log) runs before the start only when the last session did not end cleanly (its
 * session marker is still in desk_state, or a WAL file was left) or a background check found
 * damage; otherwise a cheap header check (magic bytes, a file shorter than its header says) runs
 * now and the full check after the start, on a worker thread (background-check.ts). better-sqlite3 is synchronous, so an fsync per
 * commit would stall the event loop the whole sync runs on. Damage is reported as a StoreDamage, never repaired here.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { DeskSchema } from './desk-schema'
import { ensurePrivateDir, ensurePrivateFile, privatiseFiles } from './file-modes'
import { appliedMigrations, compareSchema, migrateDesk } from './migrate'
import { LATEST_SCHEMA_VERSION } from './migrations'
import { StoreDamage } from './store-damage'

const HEADER = 'SQLite format 3\u0000'

/**
 * SQLite's page cache per connection, in KiB: SQLite's own default. better-sqlite3 builds SQLite
 * with 16 MB, which a store with a million log records fills: the desk's RSS grew 33 MB with the
 * log (17 MB on PostgreSQL); with 2 MB, 20 MB (of it 16.6 MB V8's young generation, which the
 * query answers' allocations size, not the log). The log's queries are no slower (p95 23 vs 34
 * ms on 1,000,000 records): the pages they read stay in the operating system's file cache,
 * outside the RSS.
 */
export const PAGE_CACHE_KIB = 2_000

/** desk_state key present while a session has the store open (gone after a clean close). */
export const SESSION_KEY = 'store-session'
/** desk_state key a background check leaves when it found damage: the next start checks in full. */
export const CHECK_FAILED_KEY = 'store-check-failed'

/** An open SQLite store; `checked`: whether the full integrity check ran before it was handed out. */
export type SqliteStore = { db: Kysely<DeskSchema>; raw: Database.Database; file: string; checked: boolean }

/**
 * Options: `migrateTo` stops at an older version (tests of the migrations); `salvage` opens a
 * damaged copy read-only, without checks, to read what it still can.
 */
export type OpenSqliteOptions = { migrateTo?: number; salvage?: boolean; fullCheck?: boolean }

/** Whether the last session left its marker or a background check found damage. */
function needsFullCheck(raw: Database.Database): boolean {
  const hasState = raw
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'desk_state'`)
    .get()
  if (!hasState) return false
  return !!raw.prepare('SELECT 1 FROM desk_state WHERE key IN (?, ?)').get(SESSION_KEY, CHECK_FAILED_KEY)
}

function checkHeader(file: string): void {
  const size = statSync(file).size
  if (size === 0) return
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(16)
    const n = readSync(fd, buf, 0, 16, 0)
    if (n < 16 || buf.toString('latin1') !== HEADER)
      throw new StoreDamage('unreadable', 'the file is not a SQLite database (its first bytes are wrong)')
    // The header's page count is valid when its version-valid-for number equals the change counter.
    const head = Buffer.alloc(100)
    if (readSync(fd, head, 0, 100, 0) < 100)
      throw new StoreDamage('corrupt', 'the file ends inside its header (it was cut off)')
    const rawPageSize = head.readUInt16BE(16)
    const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize
    const pages = head.readUInt32BE(28)
    if (head.readUInt32BE(24) === head.readUInt32BE(92) && size < pageSize * pages)
      throw new StoreDamage(
        'corrupt',
        `the file is shorter than its header says (${size.toLocaleString('en-GB')} of ${(pageSize * pages).toLocaleString('en-GB')} bytes: it was cut off)`,
      )
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
  const leftWal = !options.salvage && existsSync(`${file}-wal`)
  let raw: Database.Database
  try {
    raw = new Database(file, { timeout: 5_000, readonly: options.salvage ?? false, fileMustExist: true })
  } catch (err) {
    throw new StoreDamage('unreadable', (err as Error).message)
  }
  const db = new Kysely<DeskSchema>({ dialect: new SqliteDialect({ database: raw }) })
  try {
    if (options.salvage) return { db, raw, file, checked: false }
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = NORMAL')
    raw.pragma(`cache_size = -${PAGE_CACHE_KIB}`)
    const checked = options.fullCheck === true || leftWal || needsFullCheck(raw)
    if (checked) {
      const check = raw.pragma('quick_check', { simple: true }) as string
      if (check !== 'ok') throw new StoreDamage('corrupt', `the integrity check failed (${check})`)
    }
    const version = compareSchema(await appliedMigrations(db as Kysely<unknown>, 'sqlite'))
    if (version.state === 'unknown')
      throw new StoreDamage(
        'newer-schema',
        `it has schema changes this desk does not know (${version.unknown.join(', ')}; this desk knows up to version ${LATEST_SCHEMA_VERSION}): a newer desk wrote it`,
      )
    // A current store skips Kysely's Migrator (its table introspection, to find nothing to do).
    if (version.state !== 'current' || options.migrateTo !== undefined)
      await migrateDesk(db as Kysely<unknown>, 'sqlite', options.migrateTo)
    const marker = JSON.stringify({ pid: process.pid, openedAtMs: Date.now() })
    raw
      .prepare(
        'INSERT INTO desk_state (key, value, updated_at_ms) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms',
      )
      .run(SESSION_KEY, marker, Date.now())
    if (checked) raw.prepare('DELETE FROM desk_state WHERE key = ?').run(CHECK_FAILED_KEY)
    privatiseFiles(file, `${file}-wal`, `${file}-shm`)
    return { db, raw, file, checked }
  } catch (err) {
    await db.destroy().catch(() => {})
    if (err instanceof StoreDamage) throw err
    const code = (err as { code?: string }).code ?? ''
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
      throw new StoreDamage('corrupt', (err as Error).message)
    throw err
  }
}
