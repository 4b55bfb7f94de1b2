/**
 * The engine's per-entity sync state over rows (SyncStateStore port). The first load reads every
 * entity's rows at once (four queries, not four per entity: a desk with 5,000 entities starts in
 * a blink) and keeps the states in memory, except each traveller's change notes (the traveller
 * view's "what changed last time", read on demand: they took two fifths of a state); each save captures the rows it writes at call time
 * (later changes to the state cannot leak into an earlier write) and queues them for the next
 * group commit. `save` writes the entity-level fields, the retry list, new poll stats and every
 * traveller whose state changed since it was last written (found by comparing with what was
 * written), so the end of a run costs what the run changed, not the entity's size.
 */
import { createHash } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import {
  emptyEntityState,
  putTraveller,
  type EntitySyncState,
  type SyncStateStore,
  type TravellerState,
} from '../../../core/sync/sync-state'
import type { DeskSchema, SyncTravellersTable } from '../db/desk-schema'
import { createWriteQueue, type WriteOp } from '../db/write-queue'
import { fromJson } from './row-codec'
import {
  changeNotesOf,
  retryOf,
  retryRows,
  syncEntityRow,
  TRAVELLER_STATE_COLUMNS,
  travellerOf,
  travellerRow,
} from './sync-state-rows'

type Written = { travellers: Map<string, string>; stats: Set<number> }

/** A short fingerprint of what was written (the JSON itself would keep every traveller twice in memory). */
const fingerprint = (t: TravellerState): string =>
  createHash('sha1').update(JSON.stringify(t)).digest('base64')

/** Creates a store over `db` (one per engine: `freeze` is final). */
export function createSqlSyncStateStore(db: Kysely<DeskSchema>): SyncStateStore {
  const queue = createWriteQueue(db)
  const cache = new Map<string, EntitySyncState>()
  const loading = new Map<string, Promise<EntitySyncState>>()
  const written = new Map<string, Written>()

  /** The sync rows of every entity (or of one): four queries, not four per entity. */
  async function readRows(entityId?: string) {
    const of = <Q extends { where: (c: 'entity_id', op: '=', v: string) => Q }>(q: Q): Q =>
      entityId === undefined ? q : q.where('entity_id', '=', entityId)
    const [heads, retry, travellers, stats] = await Promise.all([
      of(db.selectFrom('sync_entities').selectAll()).execute(),
      of(db.selectFrom('sync_retry').selectAll()).execute(),
      of(db.selectFrom('sync_travellers').select(TRAVELLER_STATE_COLUMNS)).execute(),
      of(db.selectFrom('poll_stats').selectAll()).orderBy('at_ms').execute(),
    ])
    return { heads, retry, travellers, stats }
  }

  /** Fills states from rows; `slot` gives the state and the written record of an entity. */
  function applyRows(
    rows: Awaited<ReturnType<typeof readRows>>,
    slot: (entityId: string) => { st: EntitySyncState; w: Written },
  ): void {
    for (const head of rows.heads) {
      const { st } = slot(head.entity_id)
      st.watermarkMs = head.watermark_ms
      st.lastSuccessMs = head.last_success_ms
      st.lastPoll = fromJson(head.last_poll, null)
      st.consecutiveFailures = head.consecutive_failures
      st.loginIdChanges = head.login_id_changes
    }
    for (const r of rows.retry) slot(r.entity_id).st.retry[r.login_key] = retryOf(r)
    for (const r of rows.travellers) {
      const t = travellerOf(r)
      const { st, w } = slot(r.entity_id)
      st.travellers[r.traveller_key] = t
      w.travellers.set(r.traveller_key, fingerprint(t))
    }
    for (const x of rows.stats) {
      const { st, w } = slot(x.entity_id)
      st.stats.push({ atMs: x.at_ms, synced: x.synced, failed: x.failed })
      w.stats.add(x.at_ms)
    }
  }

  /** Every entity's rows at once: the engine loads each active entity's state at start. */
  async function prefetchAll(): Promise<void> {
    applyRows(await readRows(), (entityId) => {
      let st = cache.get(entityId)
      if (!st) {
        st = emptyEntityState()
        cache.set(entityId, st)
        written.set(entityId, { travellers: new Map(), stats: new Set() })
      }
      return { st, w: written.get(entityId)! }
    })
  }

  let prefetched: Promise<void> | null = null
  /** Per entity: its writes queued and not yet committed, and the last of them. */
  const inFlight = new Map<string, { n: number; last: Promise<void> }>()

  /** Queues an entity's write and keeps count of it until it is committed (or failed). */
  function track(entityId: string, op: WriteOp): Promise<void> {
    const p = queue.run(op)
    const f = inFlight.get(entityId) ?? { n: 0, last: p }
    f.n++
    f.last = p
    inFlight.set(entityId, f)
    const settle = (): void => {
      if (--f.n === 0 && inFlight.get(entityId) === f) inFlight.delete(entityId)
    }
    p.then(settle, settle)
    return p
  }

  /** One entity's rows, read now (another instance sharing the store may have written them). */
  async function readOne(entityId: string): Promise<{ st: EntitySyncState; w: Written }> {
    const one = { st: emptyEntityState(), w: { travellers: new Map(), stats: new Set() } as Written }
    applyRows(await readRows(entityId), () => one)
    return one
  }

  async function loadRows(entityId: string): Promise<EntitySyncState> {
    prefetched ??= prefetchAll()
    await prefetched
    const hit = cache.get(entityId)
    if (hit) return hit
    const st = emptyEntityState()
    cache.set(entityId, st)
    written.set(entityId, { travellers: new Map(), stats: new Set() })
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
      let t: TravellerState | undefined = st.travellers[key]
      if (t) {
        upserts.push(travellerRow(entityId, key, t))
        if (t.lastChanges) {
          // The notes are in the row now; memory keeps the state without them (changeNotes reads them).
          const { lastChanges: _written, ...rest } = t
          t = rest
          putTraveller(st, key, t)
        }
        w?.travellers.set(key, fingerprint(t))
      } else {
        deletes.push(key)
        w?.travellers.delete(key)
      }
    }
    return async (trx: Transaction<DeskSchema>) => {
      for (const row of upserts) {
        // A direction without a new note keeps the note the row has.
        const { c2f_change, f2c_change, ...rest } = row
        const update = {
          ...rest,
          ...(c2f_change !== null ? { c2f_change } : {}),
          ...(f2c_change !== null ? { f2c_change } : {}),
        }
        await trx
          .insertInto('sync_travellers')
          .values(row)
          .onConflict((oc) => oc.columns(['entity_id', 'traveller_key']).doUpdateSet(update))
          .execute()
      }
      // A traveller moved to a new key (its login ID changed) keeps the notes its old row had.
      for (const row of deletes.length > 0 ? upserts : [])
        for (const from of deletes)
          await sql`UPDATE sync_travellers SET c2f_change = COALESCE(c2f_change, (SELECT o.c2f_change FROM sync_travellers o WHERE o.entity_id = ${entityId} AND o.traveller_key = ${from})), f2c_change = COALESCE(f2c_change, (SELECT o.f2c_change FROM sync_travellers o WHERE o.entity_id = ${entityId} AND o.traveller_key = ${from})) WHERE entity_id = ${entityId} AND traveller_key = ${row.traveller_key}`.execute(
            trx,
          )
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
      if (w.travellers.get(key) !== fingerprint(t)) keys.push(key)
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
    async changeNotes(entityId, key) {
      // A note queued for the next group commit is not in the row yet: wait for it.
      await inFlight.get(entityId)?.last.catch(() => {})
      const row = await db
        .selectFrom('sync_travellers')
        .select(['c2f_change', 'f2c_change'])
        .where('entity_id', '=', entityId)
        .where('traveller_key', '=', key)
        .executeTakeFirst()
      // Notes set since the last write (the write is still to be asked for) are newer than the row's.
      return { ...(row ? changeNotesOf(row) : {}), ...cache.get(entityId)?.travellers[key]?.lastChanges }
    },
    save(entityId) {
      const st = cache.get(entityId)
      if (!st || queue.frozen) return Promise.resolve()
      const ops = [
        progressOp(entityId, st),
        statsOp(entityId, st),
        travellersOp(entityId, st, changedKeys(entityId, st)),
      ]
      return track(entityId, async (trx) => {
        for (const op of ops) await op(trx)
      })
    },
    saveTravellers(entityId, keys) {
      const st = cache.get(entityId)
      if (!st || queue.frozen) return Promise.resolve()
      return track(entityId, travellersOp(entityId, st, keys))
    },
    saveProgress(entityId) {
      const st = cache.get(entityId)
      if (!st || queue.frozen) return Promise.resolve()
      return track(entityId, progressOp(entityId, st))
    },
    async refresh(entityId) {
      prefetched ??= prefetchAll()
      await prefetched
      // What this instance changed or is still writing is newer than the rows: keep it (checked
      // again after the read, which a save of this instance may have overtaken).
      const mine = (): boolean => {
        const cached = cache.get(entityId)
        return (
          queue.frozen || inFlight.has(entityId) || (!!cached && changedKeys(entityId, cached).length > 0)
        )
      }
      if (mine()) return
      const { st, w } = await readOne(entityId)
      if (mine()) return
      // In place: whoever took the cached object sees the rows too.
      const cached = cache.get(entityId)
      if (cached) Object.assign(cached, st)
      else cache.set(entityId, st)
      written.set(entityId, w)
    },
    flush: () => queue.idle(),
    async settled(entityId) {
      await inFlight.get(entityId)?.last.catch(() => {})
    },
    freeze: () => queue.freeze(),
  }
}
