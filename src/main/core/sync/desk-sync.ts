/**
 * One-call wiring of the sync subsystem for the composition root: rate gate, Faces client, sync
 * log, engine (scheduled through the CronPort it is given). Both clients take a slot of the one
 * gate per HTTP attempt (gate-hooks.ts), so a 429 from Faces or from a Concur data centre slows
 * that whole side down, and a retry backing off holds no slot.
 *
 * Usage in app/session.ts (the `concur` builder: app/session-credentials.ts):
 *   const sync = await createDeskSync({ clock, log, fetch, storage, bus, cron: createNodeCronPort(),
 *     entities: createEntitySource(entityStore),
 *     concur: ({ gate, … }) => createConcurClient({ …, access: credentialOwner, ...concurGateHooks(gate) }),
 *     settings: () => settingsStore.read(), facesConfig: async () => ({ baseUrl, user, apiKey }) })
 *   entities handlers: pollStatus: sync.engine, pollControl: sync.engine
 *   handlers: createSyncHandlers({ engine: sync.engine, syncLog: sync.syncLog })
 *   await sync.engine.start('app-start'); powerMonitor.on('resume', () => sync.engine.onResume()); on quit: await sync.stop()
 */
import type { Logger } from '../../logging/logger'
import type { ConcurClient } from '../concur/concur-client'
import type { HostPolicy } from '../concur/geolocation-policy'
import type { EntitySource } from '../entities/entity-source'
import { createFacesClient, type FacesClient, type FacesConfig } from '../faces/faces-client'
import type { Clock, Fetch, PushBus } from '../ports'
import type { DeskStorage } from '../desk-storage'
import type { CronPort } from '../scheduler/poll-scheduler'
import {
  createSyncLog,
  DEFAULT_SYNC_LOG_RETENTION,
  type SyncLog,
  type SyncLogRetention,
} from '../sync-log/sync-log'
import { FACES_LANE, facesGateHooks } from './gate-hooks'
import { createRateGate, type RateGate } from './rate-gate'
import type { RunStore } from './run-store'
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './sync-engine'
import type { FacesCompanyPort } from '../tokens/faces-company-port'
import type { SharedWork } from '../team/shared-work'

/** Dependencies of the wired sync subsystem. */
export type DeskSyncDeps = Readonly<{
  clock: Clock
  log: Logger
  fetch: Fetch
  /** The environment's store: the sync log's rows and the engine's stores. */
  storage: Pick<DeskStorage, 'syncLog' | 'engineStores'>
  bus: PushBus
  entities: EntitySource
  /**
   * Builds the Concur connector once the Faces client and the sync log exist (the credential owner
   * needs both); give it `concurGateHooks(gate)` so its attempts share the gate with Faces.
   */
  concur: (parts: {
    faces: FacesClient
    syncLog: SyncLog
    facesCompanyPort: FacesCompanyPort
    gate: RateGate
  }) => ConcurClient
  settings: () => {
    loginIdChangePolicy: 'update-existing' | 'flag-only'
    schedule: { cron: string; timeZone: string }
    syncLogRetention?: SyncLogRetention
  }
  /** A team-desk instance on a shared store: its share of the work and its sync-log lane. */
  team?: { work: SharedWork; lane: number; lanes: number }
  /**
   * Current Faces endpoint and credentials. Called before each request batch; the API key is
   * cached for `facesConfigTtlMs` so the keychain is not read per request.
   */
  facesConfig: () => Promise<FacesConfig>
  /** @default 60000 */
  facesConfigTtlMs?: number
  /** Where the Faces API key may be sent: production https only; the Sandbox also loopback http. @default 'production' */
  facesHostPolicy?: () => HostPolicy
  /** Schedules the polls (node-cron in adapters/cron; a fake in tests). */
  cron: CronPort
  options?: SyncEngineOptions & { globalConcurrency?: number; perDataCentreConcurrency?: number }
}>

/** The wired subsystem. */
export type DeskSync = {
  engine: SyncEngine
  syncLog: SyncLog
  /** The engine's run rows (the run list reads them with the live runs). */
  runs: RunStore
  faces: FacesClient
  gate: RateGate
  /** The credential owner's write-through port, implemented by the Faces client. */
  facesCompanyPort: FacesCompanyPort
  stop(): Promise<void>
}

/** Builds and opens the sync subsystem (does not start polling: call `engine.start`). */
export async function createDeskSync(deps: DeskSyncDeps): Promise<DeskSync> {
  const gate = createRateGate({
    clock: deps.clock,
    globalConcurrency: deps.options?.globalConcurrency ?? 32,
    perKeyConcurrency: deps.options?.perDataCentreConcurrency ?? 16,
  })
  let cached: { config: FacesConfig; atMs: number } | null = null
  const ttl = deps.facesConfigTtlMs ?? 60_000
  const refreshConfig = async (): Promise<void> => {
    if (!cached || deps.clock.nowMs() - cached.atMs > ttl)
      cached = { config: await deps.facesConfig(), atMs: deps.clock.nowMs() }
  }
  const faces = createFacesClient({
    fetch: deps.fetch,
    clock: deps.clock,
    log: deps.log,
    config: () => cached?.config ?? { baseUrl: '', user: '', apiKey: '' },
    hostPolicy: deps.facesHostPolicy ?? (() => 'production'),
    beforeRequest: async (signal) => {
      await refreshConfig()
      await gate.waitUntilOpen(FACES_LANE, signal)
    },
    ...facesGateHooks(gate),
  })
  const syncLog = createSyncLog({
    store: deps.storage.syncLog,
    clock: deps.clock,
    onAppended: (records) => deps.bus.emit('log:appended', records),
    ...(deps.team ? { seqLane: { lane: deps.team.lane, lanes: deps.team.lanes } } : {}),
    ...(deps.settings().syncLogRetention
      ? { retention: () => deps.settings().syncLogRetention ?? DEFAULT_SYNC_LOG_RETENTION }
      : {}),
  })
  await syncLog.open()
  const facesCompanyPort: FacesCompanyPort = {
    async updateConcurLink(id, patch, options) {
      const link = await faces.updateCompanyConcurLink(id, patch, options)
      return {
        refreshTokenGeneration: link.refreshTokenGeneration,
        interfaceActive: link.interfaceActive,
        pollingActive: link.pollingActive,
      }
    },
  }
  const stores = deps.storage.engineStores()
  const engine = createSyncEngine({
    entities: deps.entities,
    concur: deps.concur({ faces, syncLog, facesCompanyPort, gate }),
    faces,
    clock: deps.clock,
    log: deps.log,
    ...stores,
    syncLog,
    bus: deps.bus,
    settings: deps.settings,
    cron: deps.cron,
    ...(deps.options ? { options: deps.options } : {}),
    ...(deps.team ? { work: deps.team.work } : {}),
  })
  return {
    engine,
    syncLog,
    runs: stores.runs,
    faces,
    gate,
    facesCompanyPort,
    async stop() {
      await engine.stop('desk-stop')
      await syncLog.close()
    },
  }
}
