/**
 * Opens an environment's store (DeskStorage port) on SQLite or PostgreSQL: takes the store's owner
 * lock first (nothing is read or changed before), checks and migrates it, recovers a damaged one
 * (moved aside, never deleted; what can be read is copied into a fresh one) and imports a data
 * folder of the pre-database format once. Says what it did as notices (UI banner + console).
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
  closeSync,
} from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { DeskNotice } from '../../../shared/model'
import type { Clock } from '../../core/ports'
import { DeskError } from '../../core/errors/desk-error'
import type { DeskStorage } from '../../core/desk-storage'
import type { OwnerLock } from '../../core/owner-lock'
import type { Logger } from '../../logging/logger'
import { startBackgroundCheck, type BackgroundCheck } from './db/background-check'
import { backgroundDamageNotice, damageNotice, salvageSentences } from './db/damage-notice'
import { describeLocation, type DatabaseLocation } from './db/database-location'
import type { DeskSchema } from './db/desk-schema'
import type { DeskDialect } from './db/migrations/migration-kit'
import { ensurePrivateDir } from './db/file-modes'
import { connectPostgres, preparePostgres } from './db/open-postgres'
import { CHECK_FAILED_KEY, openSqlite, SESSION_KEY } from './db/open-sqlite'
import { salvageInto, type SalvageReport } from './db/salvage'
import { StoreDamage } from './db/store-damage'
import { importLegacyFolder, LEGACY_IMPORT_KEY, type LegacySource } from './legacy-import/legacy-import'
import { createFolderOwnerLock } from './lock/folder-owner-lock'
import { createPostgresOwnerLock, OWNER_KEY } from './lock/postgres-owner-lock'
import { createSqlCredentialMetaStore } from './stores/sql-credential-meta'
import { createSqlEntityRepository } from './stores/sql-entity-repository'
import { createSqlOutbox } from './stores/sql-outbox'
import { createSqlRunStore } from './stores/sql-run-store'
import { createSqlSyncLogStore } from './stores/sql-sync-log-store'
import { createSqlSyncStateStore } from './stores/sql-sync-state-store'
import { createSqlTeamStores } from './stores/sql-team-stores'
import { createSqlTokenRepository } from './stores/sql-token-repository'

/** Options of an open. */
export type OpenDeskStorageOptions = {
  location: DatabaseLocation
  clock: Clock
  log: Logger
  /** A data folder of the pre-database format to import once (null: none). */
  legacy?: LegacySource | null
  /** Tests of the migrations stop at an older schema version. */
  migrateTo?: number
  /** PostgreSQL pool size. @default 10 */
  maxConnections?: number
  /** SQLite: how long after the open the full integrity check starts on a worker thread, when it did not run before. @default 30000 */
  backgroundCheckDelayMs?: number
  /**
   * 'shared': several team-desk instances on one PostgreSQL store on purpose (they share the work
   * through leases). @default 'solo' (one desk per store; a second one is refused)
   */
  instances?: 'solo' | 'shared'
}

/** An open store: the ports plus what the opener did. */
export type OpenedDeskStorage = {
  storage: DeskStorage
  /** What the opener did; a background check that finds damage adds its notice here later. */
  notices: DeskNotice[]
  db: Kysely<DeskSchema>
  /** SQLite's integrity check after the start: 'ok', 'damaged', or 'skipped' (it ran before the start, PostgreSQL, or the store closed first). */
  backgroundCheck: Promise<'ok' | 'damaged' | 'skipped'>
}

type Opened = {
  db: Kysely<DeskSchema>
  dialect: DeskDialect
  lock: OwnerLock
  /** SQLite: the file whose full check is still to run after the start. */
  uncheckedFile?: string
}

const stampOf = (ms: number): string =>
  new Date(ms).toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 15)

async function writeOwner(db: Kysely<DeskSchema>, nowMs: number): Promise<void> {
  const value = {
    key: OWNER_KEY,
    value: JSON.stringify({ pid: process.pid, host: hostname(), startedAtMs: nowMs }),
    updated_at_ms: nowMs,
  }
  await db
    .insertInto('desk_state')
    .values(value)
    .onConflict((oc) => oc.column('key').doUpdateSet(value))
    .execute()
}

/** Entities whose sync memory the salvage could not keep whole: their watermark is cleared (full resync). */
async function resetPartialSyncMemory(db: Kysely<DeskSchema>, r: SalvageReport): Promise<number> {
  const entities = await db.selectFrom('entities').select('id').execute()
  if (!r.sync_travellers.complete || !r.sync_retry.complete) {
    await db.updateTable('sync_entities').set({ watermark_ms: null }).execute()
    return entities.length
  }
  if (r.sync_entities.complete) return 0
  const known = new Set(
    (await db.selectFrom('sync_entities').select('entity_id').execute()).map((x) => x.entity_id),
  )
  return entities.filter((e) => !known.has(e.id)).length
}

/**
 * A private temp copy of a damaged file to read from (the kept file stays as it was). A truncated
 * file's header names more pages than it has, which SQLite reads as corruption before any table:
 * marking the header's page count stale makes SQLite size the file by its length instead, so the
 * pages that are left can be read.
 */
function salvageCopy(keptAs: string): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'desk-salvage-'))
  const file = join(dir, 'salvage.sqlite')
  copyFileSync(keptAs, file)
  if (existsSync(`${keptAs}-wal`)) copyFileSync(`${keptAs}-wal`, `${file}-wal`)
  const fd = openSync(file, 'r+')
  try {
    const counter = Buffer.alloc(4)
    if (readSync(fd, counter, 0, 4, 24) === 4) {
      const stale = Buffer.alloc(4)
      stale.writeUInt32BE((counter.readUInt32BE(0) + 1) >>> 0)
      writeSync(fd, stale, 0, 4, 92)
    }
  } finally {
    closeSync(fd)
  }
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * The full integrity check of a store whose last session closed cleanly, after the start on a
 * worker thread. Damage found then: a notice and the console say so, and a marker makes the next
 * start check in full, move the file aside and recover what can be read (the usual path).
 */
function scheduleBackgroundCheck(
  db: Kysely<DeskSchema>,
  file: string,
  o: OpenDeskStorageOptions,
  notices: DeskNotice[],
): { result: Promise<'ok' | 'damaged' | 'skipped'>; stop(): Promise<void> } {
  let check: BackgroundCheck | null = null
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  const result = new Promise<'ok' | 'damaged' | 'skipped'>((resolve) => {
    timer = setTimeout(() => {
      timer = null
      if (stopped) return resolve('skipped')
      check = startBackgroundCheck(file)
      void check.verdict.then(async (verdict) => {
        if (verdict === null || stopped) return resolve('skipped')
        if (verdict === 'ok') return resolve('ok')
        const now = o.clock.nowMs()
        const mark = { value: JSON.stringify({ verdict, atMs: now }), updated_at_ms: now }
        await db
          .insertInto('desk_state')
          .values({ key: CHECK_FAILED_KEY, ...mark })
          .onConflict((oc) => oc.column('key').doUpdateSet(mark))
          .execute()
          .catch((err: unknown) => o.log.warn('store: could not mark the database for a full check', { err }))
        notices.push(backgroundDamageNotice(file, verdict, now))
        o.log.error('store: the integrity check after the start found damage', { file, verdict })
        resolve('damaged')
      })
    }, o.backgroundCheckDelayMs ?? 30_000)
    timer.unref()
  })
  return {
    result,
    async stop() {
      stopped = true
      if (timer) {
        clearTimeout(timer)
        timer = null
      }
      await (check as BackgroundCheck | null)?.stop()
    },
  }
}

async function openSqliteStore(
  file: string,
  o: OpenDeskStorageOptions,
  notices: DeskNotice[],
): Promise<Opened> {
  ensurePrivateDir(dirname(file))
  const lock = createFolderOwnerLock({ target: file, lockPath: `${file}.lock`, what: 'database', log: o.log })
  await lock.acquire()
  try {
    const open = await openSqlite(file, o.migrateTo ? { migrateTo: o.migrateTo } : {})
    return { db: open.db, dialect: 'sqlite', lock, ...(open.checked ? {} : { uncheckedFile: file }) }
  } catch (err) {
    if (!(err instanceof StoreDamage)) {
      await lock.release()
      throw err
    }
    const now = o.clock.nowMs()
    const keptAs =
      file.replace(/\.sqlite$/, '') +
      `.${err.kind === 'newer-schema' ? 'newer' : 'damaged'}-${stampOf(now)}.sqlite`
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(file + suffix)) renameSync(file + suffix, keptAs + suffix)
    const fresh = await openSqlite(file)
    const copy = salvageCopy(keptAs)
    const from = await openSqlite(copy.file, { salvage: true }).catch(() => null)
    const report = await salvageInto(fresh.db, 'sqlite', (from?.db as Kysely<unknown>) ?? null, null)
    await from?.db.destroy().catch(() => {})
    copy.remove()
    const reset = await resetPartialSyncMemory(fresh.db, report)
    const notice = damageNotice(err, file, keptAs, salvageSentences(report, reset), now)
    o.log.error('store: recovered a damaged database', { file, keptAs, reason: err.message, report })
    notices.push(notice)
    return { db: fresh.db, dialect: 'sqlite', lock }
  }
}

async function openPostgresStore(
  location: Extract<DatabaseLocation, { kind: 'postgres' }>,
  o: OpenDeskStorageOptions,
  notices: DeskNotice[],
): Promise<Opened> {
  const store = connectPostgres(location.url, location.schema, o.maxConnections)
  const lock = createPostgresOwnerLock({
    pool: store.pool,
    db: store.db,
    schema: location.schema,
    target: describeLocation(location),
    nowMs: () => o.clock.nowMs(),
    shared: o.instances === 'shared',
  })
  try {
    await lock.acquire()
  } catch (err) {
    await store.db.destroy().catch(() => {})
    throw err
  }
  try {
    await preparePostgres(store, o.migrateTo ? { migrateTo: o.migrateTo } : {})
  } catch (err) {
    if (!(err instanceof StoreDamage)) {
      await lock.release()
      await store.db.destroy().catch(() => {})
      throw err
    }
    const now = o.clock.nowMs()
    const kept =
      `${location.schema}_${err.kind === 'newer-schema' ? 'newer' : 'damaged'}_${stampOf(now).replace('-', '_')}`.slice(
        0,
        63,
      )
    await sql`ALTER SCHEMA ${sql.id(location.schema)} RENAME TO ${sql.id(kept)}`.execute(store.db)
    await preparePostgres(store)
    const report = await salvageInto(store.db, 'postgres', null, kept)
    const reset = await resetPartialSyncMemory(store.db, report)
    const what = describeLocation(location)
    notices.push(damageNotice(err, what, `schema ${kept}`, salvageSentences(report, reset), now))
    o.log.error('store: recovered a damaged database schema', {
      store: what,
      kept,
      reason: err.message,
      report,
    })
  }
  await writeOwner(store.db, o.clock.nowMs())
  return { db: store.db, dialect: 'postgres', lock }
}

/** Opens the store at `o.location` (see the module comment). Throws StoreInUseError when another desk holds it. */
export async function openDeskStorage(o: OpenDeskStorageOptions): Promise<OpenedDeskStorage> {
  const notices: DeskNotice[] = []
  if (o.instances === 'shared' && o.location.kind !== 'postgres')
    throw new DeskError(
      'invalid-input',
      'Several desk instances can share only a PostgreSQL database. Start them with --database-url postgres://…, or run one desk on this SQLite file.',
    )
  const opened =
    o.location.kind === 'sqlite'
      ? await openSqliteStore(o.location.file, o, notices)
      : await openPostgresStore(o.location, o, notices)
  const { db, dialect, lock } = opened
  const nowMs = () => o.clock.nowMs()
  if (o.legacy) {
    const imported = await importLegacyFolder(db, o.legacy, nowMs())
    if (imported) {
      notices.push(imported.notice)
      o.log.info('store: imported the data folder of an earlier desk', {
        ...imported.counts,
        keptAs: imported.keptAs,
      })
    }
  }
  const syncLog = createSqlSyncLogStore(db, dialect)
  const background = opened.uncheckedFile
    ? scheduleBackgroundCheck(db, opened.uncheckedFile, o, notices)
    : { result: Promise.resolve('skipped' as const), stop: () => Promise.resolve() }
  const storage: DeskStorage = {
    kind: dialect,
    location: describeLocation(o.location),
    entities: createSqlEntityRepository(db),
    tokens: createSqlTokenRepository(db),
    credentialMeta: createSqlCredentialMetaStore(db, nowMs),
    syncLog,
    team: createSqlTeamStores(db),
    engineStores: () => ({
      stateStore: createSqlSyncStateStore(db),
      outbox: createSqlOutbox(db, nowMs),
      runs: createSqlRunStore(db),
    }),
    async clear() {
      const entityIds = (await db.selectFrom('entities').select('id').execute()).map((r) => r.id)
      const tokenIds = (await db.selectFrom('request_tokens').select('id').execute()).map((r) => r.id)
      await db.transaction().execute(async (trx) => {
        for (const t of [
          'entities',
          'request_tokens',
          'credential_meta',
          'sync_entities',
          'sync_retry',
          'sync_travellers',
          'poll_stats',
          'outbox_items',
          'sync_log',
          'sync_runs',
          'team_leases',
        ] as const)
          await trx.deleteFrom(t).execute()
        await trx
          .deleteFrom('desk_state')
          .where('key', 'not in', [OWNER_KEY, LEGACY_IMPORT_KEY, SESSION_KEY, CHECK_FAILED_KEY])
          .execute()
      })
      return { entityIds, tokenIds }
    },
    async close() {
      await background.stop()
      // A clean close: the next start trusts the file and checks it after the start, not before.
      if (dialect === 'sqlite')
        await db
          .deleteFrom('desk_state')
          .where('key', '=', SESSION_KEY)
          .execute()
          .catch(() => {})
      // The PostgreSQL lock holds a pooled connection: give it back first, or the pool never ends.
      await lock.release()
      await db.destroy()
    },
  }
  return { storage, notices, db, backgroundCheck: background.result }
}
