/**
 * The engine's per-entity sync state over rows (SyncStateStore port). A load reads an entity's
 * rows once and keeps the state in memory; each save captures the rows it writes at call time
 * (later changes to the state cannot leak into an earlier write) and queues them for the next
 * group commit. `save` writes the entity-level fields, the retry list, new poll stats and every
 * traveller whose state changed since it was last written (found by comparing with what was
 * written), so the end of a run costs what the run changed, not the entity's size.
 */
import type { Kysely, Transaction } from 'kysely'
import {
  emptyEntityState,
  type EntitySyncState,
  type SyncStateStore,
  type TravellerState,
} from '../../../core/sync/sync-state'
import type { DeskSchema, SyncTravellersTable } from '../db/desk-schema'
import { createWriteQueue, type WriteOp } from '../db/write-queue'
import { fromJson } from './row-codec'
import { retryOf, retryRows, syncEntityRow, travellerOf, travellerRow } from './sync-state-rows'

type Written = { travellers: Map<string, string>; stats: Set<number> }

/** Creates a store over `db` (one per engine: `freeze` is final). */
export function createSqlSyncStateStore(db: Kysely<DeskSchema>): SyncStateStore {
  const queue = createWriteQueue(db)
  const cache = new Map<string, EntitySyncState>()
  const loading = new Map<string, Promise<EntitySyncState>>()
  const written = new Map<string, Written>()

  async function loadRows(entityId: string): Promise<EntitySyncState> {
    const [head, retry, travellers, stats] = await Promise.all([
      db.selectFrom('sync_entities').selectAll().where('entity_id', '=', entityId).executeTakeFirst(),
      db.selectFrom('sync_retry').selectAll().where('entity_id', '=', entityId).execute(),
      db.selectFrom('sync_travellers').selectAll().where('entity_id', '=', entityId).execute(),
      db.selectFrom('poll_stats').selectAll().where('entity_id', '=', entityId).orderBy('at_ms').execute(),
    ])
    const st = emptyEntityState()
    if (head) {
      st.watermarkMs = head.watermark_ms
      st.lastSuccessMs = head.last_success_ms
      st.lastPoll = fromJson(head.last_poll, null)
      st.consecutiveFailures = head.consecutive_failures
      st.loginIdChanges = head.login_id_changes
    }
    for (const r of retry) st.retry[r.login_key] = retryOf(r)
    const w: Written = { travellers: new Map(), stats: new Set() }
    for (const r of travellers) {
      const t = travellerOf(r)
      st.travellers[r.traveller_key] = t
      w.travellers.set(r.traveller_key, JSON.stringify(t))
    }
    for (const s of stats) {
      st.stats.push({ atMs: s.at_ms, synced: s.synced, failed: s.failed })
      w.stats.add(s.at_ms)
    }
    cache.set(entityId, st)
    written.set(entityId, w)
    return st
  }

  /** The op writing the entity-level fields and the retry list as they are now. */
  function progressOp(entityId: string, st: EntitySyncState): WriteOp {
    const head = syncEntityRow(entityId, st)
    const retry = retryRows(entityId, st.retry)
    return async (trx) => {
      await trx
        .insertInto('sync_entities')
        .values(head)
        .onConflict((oc) => oc.column('entity_id').doUpdateSet(head))
        .execute()
      await trx.deleteFrom('sync_retry').where('entity_id', '=', entityId).execute()
      if (retry.length > 0) await trx.insertInto('sync_retry').values(retry).execute()
    }
  }

  /** The op writing these travellers as they are now (absent ones deleted). */
  function travellersOp(entityId: string, st: EntitySyncState, keys: Iterable<string>): WriteOp {
    const w = written.get(entityId)
    const upserts: SyncTravellersTable[] = []
    const deletes: string[] = []
    for (const key of keys) {
      const t: TravellerState | undefined = st.travellers[key]
      if (t) {
        upserts.push(travellerRow(entityId, key, t))
        w?.travellers.set(key, JSON.stringify(t))
      } else {
        deletes.push(key)
        w?.travellers.delete(key)
      }
    }
    return async (trx: Transaction<DeskSchema>) => {
      for (const row of upserts)
        await trx
          .insertInto('sync_travellers')
          .values(row)
          .onConflict((oc) => oc.columns(['entity_id', 'traveller_key']).doUpdateSet(row))
          .execute()
      if (deletes.length > 0)
        await trx
          .deleteFrom('sync_travellers')
          .where('entity_id', '=', entityId)
          .where('traveller_key', 'in', deletes)
          .execute()
    }
  }

  function statsOp(entityId: string, st: EntitySyncState): WriteOp {
    const w = written.get(entityId)!
    const fresh = st.stats.filter((s) => !w.stats.has(s.atMs))
    const oldest = st.stats[0]?.atMs ?? Number.MAX_SAFE_INTEGER
    w.stats = new Set(st.stats.map((s) => s.atMs))
    return async (trx) => {
      await trx
        .deleteFrom('poll_stats')
        .where('entity_id', '=', entityId)
        .where('at_ms', '<', oldest)
        .execute()
      if (fresh.length > 0)
        await trx
          .insertInto('poll_stats')
          .values(
            fresh.map((s) => ({ entity_id: entityId, at_ms: s.atMs, synced: s.synced, failed: s.failed })),
          )
          .execute()
    }
  }

  function changedKeys(entityId: string, st: EntitySyncState): string[] {
    const w = written.get(entityId)!
    const keys: string[] = []
    for (const [key, t] of Object.entries(st.travellers))
      if (w.travellers.get(key) !== JSON.stringify(t)) keys.push(key)
    for (const key of w.travellers.keys()) if (!(key in st.travellers)) keys.push(key)
    return keys
  }

  return {
    load(entityId) {
      const hit = cache.get(entityId)
      if (hit) return Promise.resolve(hit)
      let p = loading.get(entityId)
      if (!p) {
        p = loadRows(entityId).finally(() => loading.delete(entityId))
        loading.set(entityId, p)
      }
      return p
    },
    peek: (entityId) => cache.get(entityId) ?? null,
    save(entityId) {
      const st = cache.get(entityId)
      if (!st || queue.frozen) return Promise.resolve()
      const ops = [
        progressOp(entityId, st),
        statsOp(entityId, st),
        travellersOp(entityId, st, changedKeys(entityId, st)),
      ]
      return queue.run(async (trx) => {
        for (const op of ops) await op(trx)
      })
    },
    saveTravellers(entityId, keys) {
      const st = cache.get(entityId)
      if (!st || queue.frozen) return Promise.resolve()
      return queue.run(travellersOp(entityId, st, keys))
    },
    saveProgress(entityId) {
      const st = cache.get(entityId)
      if (!st || queue.frozen) return Promise.resolve()
      return queue.run(progressOp(entityId, st))
    },
    flush: () => queue.idle(),
    freeze: () => queue.freeze(),
  }
}
