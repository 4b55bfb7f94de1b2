/**
 * What the sync engine's parts share: the injected dependencies, the resolved options, the
 * durable stores and the live state of one engine (run registry, traveller lock, counters, the
 * Faces-id index, the entity cache, the background work `stop` waits for). Built once by
 * createSyncEngine; each part takes it instead of closing over one big function.
 */
import type { Logger } from '../../../logging/logger'
import type { ConcurClient } from '../../concur/concur-client'
import type { EntitySource, SourceEntity } from '../../entities/entity-source'
import type { FacesClient } from '../../faces/faces-client'
import type { Clock, PushBus } from '../../ports'
import type { CronPort } from '../../scheduler/poll-scheduler'
import type { SyncLog } from '../../sync-log/sync-log'
import type { SharedWork } from '../../team/shared-work'
import type { Outbox } from '../outbox'
import type { RunStore } from '../run-store'
import type { EntitySyncState, SyncStateStore } from '../sync-state'
import type { ResolvedEngineOptions, SyncEngineOptions } from './engine-options'
import type { KeyedLock } from './keyed-lock'
import type { RunRegistry } from './run-registry'

/** Dependencies of the sync engine. */
export type SyncEngineDeps = Readonly<{
  entities: EntitySource
  concur: ConcurClient
  faces: FacesClient
  clock: Clock
  log: Logger
  syncLog: SyncLog
  bus: Pick<PushBus, 'emit'>
  settings: () => {
    loginIdChangePolicy: 'update-existing' | 'flag-only'
    schedule: { cron: string; timeZone: string }
  }
  cron?: CronPort
  options?: SyncEngineOptions
  /** The per-entity sync state (adapters/storage; one per engine: a killed engine's stays frozen). */
  stateStore: SyncStateStore
  /** The Faces → Concur outbox and feed cursor (adapters/storage). */
  outbox: Outbox
  /** Stored runs: every state change of a run is written, so the history survives restarts. */
  runs?: RunStore
  /**
   * A team desk's instances on one PostgreSQL share the work through leases (core/team/shared-work.ts):
   * scheduled and catch-up polls are claimed per entity and slot, the Faces feed has one consumer.
   * Absent on a solo desk: everything runs here.
   */
  work?: SharedWork
}>

export type { StepOutcome, StepResult } from './step-result'

/** Counters for tests and the benchmark. */
export type EngineCounters = {
  echoesSuppressed: number
  pushes: number
  facesWrites: number
  concurPosts: number
  /** Summary rows whose profile GET was skipped: the desk had already applied that change. */
  profileGetsSkipped: number
}

/** The entities the engine polls, cached between refreshes. */
export interface EntityCache {
  list(): SourceEntity[]
  refresh(): Promise<SourceEntity[]>
  /** The entity of a Faces company (refreshing once when the cache has none). */
  forCompany(companyId: string): Promise<SourceEntity | null>
}

/** The engine's shared context. */
export type EngineContext = {
  deps: SyncEngineDeps
  log: Logger
  options: ResolvedEngineOptions
  store: SyncStateStore
  outbox: Outbox
  runs: RunRegistry
  locks: KeyedLock
  counters: EngineCounters
  entities: EntityCache
  /** facesTravellerId → where its state lives, for version-based echo drops on the feed. */
  facesIndex: Map<string, { entityId: string; key: string }>
  /**
   * Loads (or returns the cached) state of an entity and indexes its Faces ids; `fresh`: on a
   * shared store, re-read first what another instance may have written, unless someone else here
   * holds the state (engine/state-holds.ts).
   */
  loadState(entityId: string, fresh?: boolean): Promise<EntitySyncState>
  /** A poll, push or traveller run works on the entity's state until the returned release. */
  holdState(entityId: string): () => void
  /** The signal of the current start…stop span: aborted by `stop`, so every run and loop ends. */
  lifecycle(): AbortSignal
  /** Keeps a background promise for `stop` to wait on. */
  track<T>(p: Promise<T>): Promise<T>
  /** Persists in the background; a failure is logged (the next save carries the same state). */
  saveLater(save: Promise<void>, entityId: string): void
}

/** The state key of a traveller: Concur logins are case-insensitive. */
export function travellerKey(loginId: string): string {
  return loginId.toLowerCase()
}

/** Creates the entity cache over the source. */
export function createEntityCache(source: EntitySource): EntityCache {
  let cache: SourceEntity[] = []
  const refresh = async (): Promise<SourceEntity[]> => (cache = await source.listActive())
  return {
    list: () => cache,
    refresh,
    async forCompany(companyId) {
      const hit = cache.find((e) => e.facesCompanyId === companyId)
      if (hit) return hit
      return (await refresh()).find((e) => e.facesCompanyId === companyId) ?? null
    },
  }
}
