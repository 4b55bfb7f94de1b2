/**
 * Durable per-entity sync state: the watermark, the retry list, per-traveller sync memory (the
 * last agreed content for three-way merges and echo suppression) and poll history. One file per
 * entity under `<dataDir>/sync/entities/`, written atomically as a run progresses.
 */
import { join } from 'node:path'
import type { PollStat, PollSummary, SyncLogRecord } from '../../../shared/model'
import type { FlatContent } from '../faces/faces-traveller'
import { createDurableSlot, readDurableJson } from './durable-json'

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

/** Loaded states with serialised atomic saves. */
export interface SyncStateStore {
  load(entityId: string): Promise<EntitySyncState>
  /** Cached state (after load), or null. */
  peek(entityId: string): EntitySyncState | null
  save(entityId: string): Promise<void>
  /** Resolves when every save is on disk. */
  flush(): Promise<void>
  /** Kill emulation: no further saves reach disk. */
  freeze(): void
}

/** Creates the state store under `<dataDir>/sync/entities/`. */
export function createSyncStateStore(dataDir: string): SyncStateStore {
  const cache = new Map<string, EntitySyncState>()
  let frozen = false
  const loading = new Map<string, Promise<EntitySyncState>>()
  const slots = new Map<string, ReturnType<typeof createDurableSlot<EntitySyncState>>>()
  const fileOf = (id: string): string => join(dataDir, 'sync', 'entities', `${encodeURIComponent(id)}.json`)
  return {
    load(entityId) {
      const hit = cache.get(entityId)
      if (hit) return Promise.resolve(hit)
      let p = loading.get(entityId)
      if (!p) {
        p = readDurableJson(fileOf(entityId), emptyEntityState()).then((s) => {
          const state = { ...emptyEntityState(), ...s }
          cache.set(entityId, state)
          loading.delete(entityId)
          return state
        })
        loading.set(entityId, p)
      }
      return p
    },
    peek: (entityId) => cache.get(entityId) ?? null,
    save(entityId) {
      const state = cache.get(entityId)
      if (!state) return Promise.resolve()
      if (frozen) return Promise.resolve()
      let slot = slots.get(entityId)
      if (!slot) slots.set(entityId, (slot = createDurableSlot<EntitySyncState>(fileOf(entityId))))
      return slot.save(state)
    },
    freeze() {
      frozen = true
      for (const slot of slots.values()) slot.freeze()
    },
    async flush() {
      await Promise.all([...slots.values()].map((s) => s.idle()))
    },
  }
}
