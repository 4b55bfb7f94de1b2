/**
 * Per-entity sync state: the watermark, the retry list, per-traveller sync memory (the last
 * agreed content for three-way merges and echo suppression) and poll history; the store port the
 * engine keeps it through, and the traveller lookups.
 *
 * The store (adapters/storage: sync_entities, sync_retry, sync_travellers and poll_stats rows)
 * writes one traveller at a time: a traveller's write-ahead must be durable before its request
 * goes out, and rewriting the whole entity for each traveller made a run quadratic in the
 * entity's size. Writes are group-committed; a kill can only lose a write whose save never
 * resolved, so its request was never sent.
 */
import type { ChangeNote, Direction, PollStat, PollSummary, SyncLogRecord } from '../../../shared/model'
import type { FlatContent } from '../faces/faces-traveller'

/** The last change carried per direction for one traveller. */
export type ChangeNotes = Partial<Record<Direction, ChangeNote>>

/** What the desk remembers about one traveller of one entity. */
export type TravellerState = {
  loginId: string
  concurUuid: string | null
  employeeId: string | null
  facesId: string | null
  /**
   * Write-ahead of a Concur → Faces write: the content being written, on disk before the request
   * goes out. After a crash it tells whether the write landed (see resolvePending in the engine).
   */
  pending?: FlatContent | null
  /** The pending write was the traveller's first copy into Faces. */
  pendingFirstContact?: boolean
  /** Faces version the desk last wrote or read; a feed entry with this version is the desk's own echo. */
  facesVersion?: number
  /** Newest Concur LastModifiedDate (ms) applied and settled; a summary row not newer needs no GET (engine/applied-changes.ts). */
  appliedModifiedMs?: number
  name: string
  /** The content both sides last agreed on (the source content of the last write). */
  base: FlatContent
  baseHash: string
  /** Hash of what the desk last wrote to Faces / to Concur (echo suppression per direction). */
  c2fHash: string | null
  f2cHash: string | null
  lastConcurToFacesMs: number | null
  lastFacesToConcurMs: number | null
  lastOutcome: SyncLogRecord['outcome'] | null
  /**
   * The last change the desk carried in each direction, set with the write that carried it. The
   * database store keeps the notes in their own columns and drops them from the state it holds in
   * memory once the write is queued: read them with `SyncStateStore.changeNotes`.
   */
  lastChanges?: ChangeNotes
}

/** A profile that keeps failing: retried at the start of every run, never holding back the watermark. */
export type RetryItem = {
  loginId: string
  lastModifiedMs: number
  error: string
  attempts: number
  sinceMs: number
}

/** The persisted state of one entity. */
export type EntitySyncState = {
  version: 1
  /** Profiles modified before this instant reached Faces (or the retry list). Null: never polled. */
  watermarkMs: number | null
  lastSuccessMs: number | null
  lastPoll: PollSummary | null
  consecutiveFailures: number
  loginIdChanges: number
  retry: Record<string, RetryItem>
  travellers: Record<string, TravellerState>
  stats: PollStat[]
}

/** A fresh state. */
export function emptyEntityState(): EntitySyncState {
  return {
    version: 1,
    watermarkMs: null,
    lastSuccessMs: null,
    lastPoll: null,
    consecutiveFailures: 0,
    loginIdChanges: 0,
    retry: {},
    travellers: {},
    stats: [],
  }
}

/** Loaded states with serialised durable saves. */
export interface SyncStateStore {
  load(entityId: string): Promise<EntitySyncState>
  /** Cached state (after load), or null. */
  peek(entityId: string): EntitySyncState | null
  /** Persists the whole state: entity-level fields, retry list, poll stats and every changed traveller. */
  save(entityId: string): Promise<void>
  /** Persists the current state of these travellers (absent ones as removed). */
  saveTravellers(entityId: string, keys: readonly string[]): Promise<void>
  /** Persists the entity-level fields (watermark, retry list, counters). */
  saveProgress(entityId: string): Promise<void>
  /** The last change carried per direction for one traveller (kept in the store, not in memory). */
  changeNotes(entityId: string, key: string): Promise<ChangeNotes>
  /** Resolves when every save is on disk. */
  flush(): Promise<void>
  /**
   * Re-reads the entity's state from the store when other instances share it (a team desk on one
   * PostgreSQL); keeps the cached state while this instance has unsaved changes of it. Optional:
   * a store nobody else writes never needs it.
   */
  refresh?(entityId: string): Promise<void>
  /** Resolves when this entity's queued saves are stored (a claimed poll's end on a shared store). */
  settled?(entityId: string): Promise<void>
  /** Kill emulation: no further saves reach disk. */
  freeze(): void
}

/** Keys of travellers by Concur UUID and by employee id, built on first use per loaded state. */
type IdIndex = { byUuid: Map<string, Set<string>>; byEmployee: Map<string, Set<string>> }
const idIndexes = new WeakMap<EntitySyncState, IdIndex>()

function indexAdd(i: IdIndex, key: string, t: TravellerState): void {
  if (t.concurUuid)
    (i.byUuid.get(t.concurUuid) ?? i.byUuid.set(t.concurUuid, new Set()).get(t.concurUuid)!).add(key)
  if (t.employeeId)
    (i.byEmployee.get(t.employeeId) ?? i.byEmployee.set(t.employeeId, new Set()).get(t.employeeId)!).add(key)
}

function indexDrop(i: IdIndex, key: string, t: TravellerState): void {
  if (t.concurUuid) i.byUuid.get(t.concurUuid)?.delete(key)
  if (t.employeeId) i.byEmployee.get(t.employeeId)?.delete(key)
}

/** Sets a traveller's state; use this (not a plain assignment) so lookups by id stay exact. */
export function putTraveller(st: EntitySyncState, key: string, t: TravellerState): void {
  const i = idIndexes.get(st)
  const old = st.travellers[key]
  if (i && old) indexDrop(i, key, old)
  st.travellers[key] = t
  if (i) indexAdd(i, key, t)
}

/** Forgets a traveller's state (see putTraveller). */
export function removeTraveller(st: EntitySyncState, key: string): void {
  const old = st.travellers[key]
  if (!old) return
  const i = idIndexes.get(st)
  if (i) indexDrop(i, key, old)
  delete st.travellers[key]
}

/**
 * The traveller with this Concur UUID, else with this employee id (a login-id change keeps both).
 * Indexed: a first copy of a 10,000-traveller entity looks up every traveller, and a scan each
 * time made that quadratic.
 */
export function findTravellerByIds(
  st: EntitySyncState,
  concurUuid: string | null,
  employeeId: string | null,
): { key: string; t: TravellerState } | null {
  let i = idIndexes.get(st)
  if (!i) {
    i = { byUuid: new Map(), byEmployee: new Map() }
    for (const [key, t] of Object.entries(st.travellers)) indexAdd(i, key, t)
    idIndexes.set(st, i)
  }
  const lookups: Array<[Map<string, Set<string>>, string | null, 'concurUuid' | 'employeeId']> = [
    [i.byUuid, concurUuid, 'concurUuid'],
    [i.byEmployee, employeeId, 'employeeId'],
  ]
  for (const [map, id, field] of lookups) {
    if (!id) continue
    for (const key of map.get(id) ?? []) {
      const t = st.travellers[key]
      if (t?.[field] === id) return { key, t }
    }
  }
  return null
}
