/**
 * The one-time import of a data folder written by a desk before the database (entities.json,
 * tokens.json, sync/entities/*.json + journals, sync/outbox.json, sync-log/*.jsonl, and the
 * credential metadata that lived in settings): read with legacy-files.ts, written in one
 * transaction, then the old files are moved into `legacy-<time>/` beside the database (kept,
 * never deleted) and desk_state remembers the import, so it runs once.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { DeskNotice, SyncLogRecord } from '../../../../shared/model'
import { entityRecordSchema, type EntityRecord } from '../../../core/entities/entity-record'
import type { OutboxItem } from '../../../core/sync/outbox'
import type { CredentialMeta } from '../../../core/settings/desk-settings'
import { tokenRecordSchema, type TokenRecord } from '../../../core/tokens/token-record'
import type { DeskSchema } from '../db/desk-schema'
import { entityRow } from '../stores/sql-entity-repository'
import { syncLogRow } from '../stores/sync-log-rows'
import { legacyRunRows } from './legacy-runs'
import { FEED_CURSOR_KEY, outboxRowOf } from '../stores/sql-outbox'
import { retryRows, syncEntityRow, travellerRow } from '../stores/sync-state-rows'
import { tokenRow } from '../stores/sql-token-repository'
import { readLegacyJson, readLegacySyncLog, readLegacySyncStates, type LegacyProblem } from './legacy-files'

/** The desk_state key that records the import. */
export const LEGACY_IMPORT_KEY = 'legacy-import'

/** Where the old data lives. */
export type LegacySource = {
  /** `<data>/<environment>`: the folder of entities.json and the rest. */
  environmentDir: string
  /** Credential metadata of this environment from settings, by entity id. */
  credentialMeta: Record<string, CredentialMeta>
  /** Called after the import committed, to empty settings' credentialMeta of this environment. */
  onImported?: () => void
}

/** What the import brought over. */
export type LegacyCounts = {
  entities: number
  tokens: number
  credentials: number
  syncStates: number
  travellers: number
  outboxItems: number
  logRecords: number
}

const LEGACY_PATHS = ['entities.json', 'tokens.json', 'sync', 'sync-log'] as const
const CHUNK = 500

async function insertChunks<T extends keyof DeskSchema>(
  trx: Kysely<DeskSchema>,
  table: T,
  rows: ReadonlyArray<DeskSchema[T]>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await (trx as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as Array<Record<string, unknown>>)
      .onConflict((oc) => oc.doNothing())
      .execute()
}

/** Imports the folder when it holds old data and the store has not imported yet; null when nothing was to do. */
export async function importLegacyFolder(
  db: Kysely<DeskSchema>,
  source: LegacySource,
  nowMs: number,
): Promise<{ counts: LegacyCounts; keptAs: string | null; notice: DeskNotice } | null> {
  const done = await db
    .selectFrom('desk_state')
    .select('value')
    .where('key', '=', LEGACY_IMPORT_KEY)
    .executeTakeFirst()
  if (done) return null
  const dir = source.environmentDir
  const present = LEGACY_PATHS.filter((p) => existsSync(join(dir, p)))
  const metaIds = Object.keys(source.credentialMeta)
  if (present.length === 0 && metaIds.length === 0) return null

  const problems: LegacyProblem[] = []
  const entities = (
    readLegacyJson<{ entities?: unknown[] }>(join(dir, 'entities.json'), problems)?.entities ?? []
  )
    .map((e) => entityRecordSchema.safeParse(e))
    .filter((r) => r.success)
    .map((r) => r.data as EntityRecord)
  const tokens = (readLegacyJson<{ tokens?: unknown[] }>(join(dir, 'tokens.json'), problems)?.tokens ?? [])
    .map((t) => tokenRecordSchema.safeParse(t))
    .filter((r) => r.success)
    .map((r) => r.data as TokenRecord)
  const outbox = readLegacyJson<{ cursor?: number; items?: Record<string, OutboxItem> }>(
    join(dir, 'sync', 'outbox.json'),
    problems,
  )
  const states = readLegacySyncStates(dir, problems)
  const log: SyncLogRecord[] = readLegacySyncLog(dir)

  const counts: LegacyCounts = {
    entities: entities.length,
    tokens: tokens.length,
    credentials: metaIds.length,
    syncStates: states.size,
    travellers: 0,
    outboxItems: Object.keys(outbox?.items ?? {}).length,
    logRecords: log.length,
  }
  await db.transaction().execute(async (trx) => {
    await insertChunks(trx, 'entities', entities.map(entityRow))
    await insertChunks(trx, 'request_tokens', tokens.map(tokenRow))
    await insertChunks(
      trx,
      'credential_meta',
      metaIds.map((id) => ({
        entity_id: id,
        generation: source.credentialMeta[id]!.generation,
        meta: JSON.stringify(source.credentialMeta[id]),
        updated_at_ms: nowMs,
      })),
    )
    for (const [id, st] of states) {
      await insertChunks(trx, 'sync_entities', [syncEntityRow(id, st)])
      await insertChunks(trx, 'sync_retry', retryRows(id, st.retry))
      const travellers = Object.entries(st.travellers).map(([k, t]) => travellerRow(id, k, t))
      counts.travellers += travellers.length
      await insertChunks(trx, 'sync_travellers', travellers)
      await insertChunks(
        trx,
        'poll_stats',
        st.stats.map((s) => ({ entity_id: id, at_ms: s.atMs, synced: s.synced, failed: s.failed })),
      )
    }
    await insertChunks(trx, 'outbox_items', Object.values(outbox?.items ?? {}).map(outboxRowOf))
    if (outbox?.cursor)
      await insertChunks(trx, 'desk_state', [
        { key: FEED_CURSOR_KEY, value: String(outbox.cursor), updated_at_ms: nowMs },
      ])
    await insertChunks(trx, 'sync_log', log.map(syncLogRow))
    await insertChunks(trx, 'sync_runs', legacyRunRows(log))
    await insertChunks(trx, 'desk_state', [
      {
        key: LEGACY_IMPORT_KEY,
        value: JSON.stringify({ atMs: nowMs, counts, problems }),
        updated_at_ms: nowMs,
      },
    ])
  })
  source.onImported?.()

  let keptAs: string | null = null
  if (present.length > 0) {
    keptAs = join(dir, `legacy-${new Date(nowMs).toISOString().replace(/[-:.]/g, '').slice(0, 15)}`)
    mkdirSync(keptAs, { recursive: true, mode: 0o700 })
    for (const p of present) renameSync(join(dir, p), join(keptAs, p))
  }
  const unread = problems.length
    ? ` These could not be read and were kept as they are: ${problems.map((p) => `${p.file} (${p.reason})`).join('; ')}.`
    : ''
  return {
    counts,
    keptAs,
    notice: {
      id: `legacy-import-${nowMs}`,
      level: problems.length ? 'warning' : 'info',
      title: 'The desk moved its data into its database',
      body:
        `Imported ${counts.entities} entities, ${counts.tokens} request tokens, ${counts.credentials} credentials, ` +
        `the sync memory of ${counts.syncStates} entities (${counts.travellers} travellers), ${counts.outboxItems} waiting Faces changes and ${counts.logRecords} sync-log records.` +
        (keptAs ? ` The old files were kept in ${keptAs}.` : '') +
        unread,
      file: keptAs,
      atMs: nowMs,
    },
  }
}
