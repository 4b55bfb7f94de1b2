/**
 * Shared test world for the sync engine: both simulators over real loopback HTTP, a Concur client
 * with in-memory credentials, a Faces client, and an engine over a fresh store (SQLite or
 * PostgreSQL). Used by the engine's integration tests, the property-based fault suite (test/fault) and the benchmark.
 */
import { createHttpClient } from '../../src/main/adapters/http/undici-http'
import { openTestStorage, type Backend } from '../../src/main/adapters/storage/test-backends.test-helper'
import type { DeskStorage } from '../../src/main/core/desk-storage'
import type { SourceEntity } from '../../src/main/core/entities/entity-source'
import { silentLogger, type Logger } from '../../src/main/logging/logger'
import {
  createConcurSimulator,
  type ConcurSimulator,
  type ConcurSimulatorOptions,
} from '../../src/main/sandbox/concur-sim/concur-simulator'
import { createFacesSimulator, type FacesSimulator } from '../../src/main/sandbox/faces-sim/faces-simulator'
import { abortError } from '../../src/main/core/clock'
import {
  createConcurClient,
  type ConcurClient,
  type ConcurConfig,
} from '../../src/main/core/concur/concur-client'
import { createConcurOAuth } from '../../src/main/core/concur/concur-oauth'
import { createConcurTransport } from '../../src/main/core/concur/concur-transport'
import { createFacesClient, type FacesClient } from '../../src/main/core/faces/faces-client'
import { createInProcessCredentialLock } from '../../src/main/core/tokens/credential-lock'
import { createCredentialOwner, type CredentialOwner } from '../../src/main/core/tokens/credential-owner'
import {
  createCredentialRepository,
  createMemoryCredentialMetaStore,
  type CredentialMetaStore,
  type CredentialRepository,
} from '../../src/main/core/tokens/credential-repository'
import { createMemorySecrets } from './token-desk-fakes'
import type { Clock, Fetch, SecretStore } from '../../src/main/core/ports'
import type { SharedWork } from '../../src/main/core/team/shared-work'
import type { CredentialLock } from '../../src/main/core/tokens/credential-lock'
import type { CronPort } from '../../src/main/core/scheduler/poll-scheduler'
import { createSyncLog, type SyncLog } from '../../src/main/core/sync-log/sync-log'
import { concurGateHooks, FACES_LANE, facesGateHooks } from '../../src/main/core/sync/gate-hooks'
import { createRateGate, type RateGate } from '../../src/main/core/sync/rate-gate'
import {
  createSyncEngine,
  type SyncEngine,
  type SyncEngineOptions,
} from '../../src/main/core/sync/sync-engine'

/** A clock running `scale` times faster than real time: 1 real ms = `scale` virtual ms. Waits are real but short. */
export function createScaledClock(scale: number, startMs = Date.UTC(2026, 5, 1, 8, 0, 0)): Clock {
  const t0 = performance.now()
  return {
    nowMs: () => Math.floor(startMs + (performance.now() - t0) * scale),
    wait: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortError())
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
          Math.max(0, ms / scale),
        )
        const onAbort = (): void => {
          clearTimeout(timer)
          reject(abortError())
        }
        signal?.addEventListener('abort', onAbort, { once: true })
      }),
  }
}

export const CLIENT = {
  clientId: 'b1b2c3d4-0000-4000-8000-00000000d35c',
  clientSecret: 'sync-harness-client-secret',
}
export const FACES_CREDS = { user: 'desk', apiKey: 'sandbox-faces-key' }

/** Both simulators, started once and reused across tests. */
export type Sims = {
  concur: ConcurSimulator
  faces: FacesSimulator
  glzUrl: string
  facesUrl: string
  clock: Clock
  stop(): Promise<void>
}

/** Starts both simulators on loopback, Concur with its strict defaults (rotation on every refresh, old token dead at once). */
export async function startSims(options: {
  clock: Clock
  /** Real-time latency of every Concur answer (benchmarks). */
  concurLatencyMs?: number
  /** Concur's processing time on the clock. @default 'realistic' (the strict default) */
  concurLatency?: ConcurSimulatorOptions['latency']
  facesLatencyMs?: number
}): Promise<Sims> {
  const concur = createConcurSimulator({
    clock: options.clock,
    latencyMs: options.concurLatencyMs ?? 0,
    ...(options.concurLatency ? { latency: options.concurLatency } : {}),
  })
  const faces = createFacesSimulator({ clock: options.clock, latencyMs: options.facesLatencyMs ?? 0 })
  const { glzUrl } = await concur.start()
  const { url: facesUrl } = await faces.start()
  concur.admin.registerClient(CLIENT)
  return {
    concur,
    faces,
    glzUrl,
    facesUrl,
    clock: options.clock,
    async stop() {
      await Promise.all([concur.stop(), faces.stop()])
    },
  }
}

/** Connected entities plus clients: one Concur company + one Faces company per entity. */
export type World = {
  entities: SourceEntity[]
  companyUuidOf: Map<string, string>
  concurClient: ConcurClient
  facesClient: FacesClient
  /** The one owner of the world's credentials: every refresh goes through it and is written through to Faces. */
  owner: CredentialOwner
  /** Where the owner keeps the credentials (memory keychain and settings). */
  credentials: CredentialRepository
  gate: RateGate
  /** What a second instance of the desk needs to build its own owner and client over the world. */
  fetch: Fetch
  config: () => ConcurConfig
}

/** Where an owner keeps credentials and how it locks them (default: memory keychain, memory metadata, in-process lock). */
export type CredentialParts = { secrets: SecretStore; meta: CredentialMetaStore; lock: CredentialLock }

/** Options of a world. */
export type WorldOptions = {
  entities: number
  travellersPerEntity: number
  dataCentres?: string[]
  /** Prefix that keeps logins unique across worlds sharing one simulator. */
  tag: string
  globalConcurrency?: number
  perKeyConcurrency?: number
  concurTimeoutMs?: number
  log?: Logger
  credentialParts?: CredentialParts
}

/** The `t`-th traveller a world seeds into an entity's Concur company. */
export const seededTraveller = (companyUuid: string, entityId: string, t: number) => ({
  companyUuid,
  loginId: `u${t}.${entityId}@corp.test`,
  firstName: `First${t}`,
  lastName: `Last${t}`,
  email: `u${t}.${entityId}@corp.test`,
  travelConfigId: '100',
})

/** Creates companies, travellers and exchanged credentials in the simulators. */
export async function createWorld(sims: Sims, o: WorldOptions): Promise<World> {
  const clock = sims.clock
  const log = o.log ?? silentLogger
  const gate = createRateGate({
    clock,
    globalConcurrency: o.globalConcurrency ?? 32,
    perKeyConcurrency: o.perKeyConcurrency ?? 16,
  })
  // The production HTTP client, so fault schedules exercise it too.
  const { fetch } = createHttpClient()
  // Set-up exchanges single-use request tokens: a call that times out after Concur spent the token
  // cannot be retried, so the world is built with a generous timeout and the schedule's own
  // (short) timeout applies from the first sync on. Under CPU load 300 ms real time was too little.
  let timeoutMs = 5_000
  const config = () => ({
    tokenBaseUrl: sims.glzUrl,
    ...CLIENT,
    hostPolicy: 'sandbox' as const,
    timeoutMs,
    retryBaseMs: 200,
    maxAttempts: 4,
  })
  const facesClient = createFacesClient({
    hostPolicy: () => 'sandbox',
    fetch,
    clock,
    log,
    config: () => ({ baseUrl: sims.facesUrl, ...FACES_CREDS }),
    timeoutMs: 5_000,
    retryBaseMs: 200,
    beforeRequest: (s) => gate.waitUntilOpen(FACES_LANE, s),
    ...facesGateHooks(gate),
  })
  const entities: SourceEntity[] = []
  // Token calls keep the set-up's timeout throughout: a refresh the simulator processed (rotating
  // the refresh token, strict mode) whose reply the desk gave up on after 300 ms real time (too
  // little under CPU load) leaves the desk with a dead token: its next refresh gets code 108 and the
  // entity never syncs again (the fault suite's rare lost=3 on a loaded machine). Concur's
  // processing is not cut off by a client timeout, so only the wait for the answer is longer here.
  const tokenConfig = () => ({ ...config(), timeoutMs: Math.max(timeoutMs, 5_000) })
  const { owner, credentials } = createWorldOwner({
    fetch,
    clock,
    log,
    config: tokenConfig,
    facesClient,
    entities,
    ...(o.credentialParts ? { parts: o.credentialParts } : {}),
  })
  const concurClient = createConcurClient({
    fetch,
    clock,
    log,
    config,
    access: owner,
    random: () => 0.5,
    ...concurGateHooks(gate),
  })
  const dcs = o.dataCentres ?? ['us2']
  const companyUuidOf = new Map<string, string>()
  for (let i = 0; i < o.entities; i++) {
    const id = `${o.tag}-e${i}`
    const company = sims.concur.admin.createCompany({
      name: `Co ${id}`,
      outtaskId: String(100000 + i),
      dataCentre: dcs[i % dcs.length]!,
      travelConfigIds: ['100'],
    })
    for (let t = 0; t < o.travellersPerEntity; t++)
      sims.concur.admin.upsertTraveller(seededTraveller(company.uuid, id, t))
    const requestToken = sims.concur.admin.issueRequestToken(company.uuid, { clientId: CLIENT.clientId })
    sims.faces.admin.createCompany(`F-${id}`, `Faces ${id}`)
    companyUuidOf.set(id, company.uuid)
    await connectEntity(owner, entities, { id, index: i, companyUuid: company.uuid, requestToken })
  }
  timeoutMs = o.concurTimeoutMs ?? 5_000
  return { entities, companyUuidOf, concurClient, facesClient, owner, credentials, gate, fetch, config }
}

/**
 * Adds the world's entity for a seeded company (Faces company `F-<id>`) and exchanges its request
 * token through the owner, which records the geolocation Concur named.
 */
export async function connectEntity(
  owner: CredentialOwner,
  entities: SourceEntity[],
  c: { id: string; index: number; companyUuid: string; requestToken: string },
): Promise<SourceEntity> {
  const entity: SourceEntity = {
    id: c.id,
    name: `Entity ${c.id}`,
    outtaskId: String(100000 + c.index),
    companyUuid: c.companyUuid,
    travelConfigIds: [],
    facesCompanyId: `F-${c.id}`,
    geolocation: null,
    pollingActive: true,
  }
  entities.push(entity)
  const grant = await owner.exchange({
    entityId: c.id,
    companyUuid: c.companyUuid,
    requestToken: c.requestToken,
    tokenId: null,
    activate: true,
  })
  entity.geolocation = grant.geolocation
  return entity
}

/**
 * The credential owner of a test world: the real owner over a memory keychain and settings, its
 * grants over real HTTP, every rotation written through to the Faces simulator.
 */
export function createWorldOwner(deps: {
  fetch: Fetch
  clock: Clock
  log: Logger
  config: () => ConcurConfig
  facesClient: FacesClient
  entities: readonly SourceEntity[]
  parts?: CredentialParts
}): { owner: CredentialOwner; credentials: CredentialRepository } {
  const { fetch, clock, log, config, facesClient, entities } = deps
  const credentials = createCredentialRepository({
    secrets: deps.parts?.secrets ?? createMemorySecrets(),
    meta: deps.parts?.meta ?? createMemoryCredentialMetaStore(),
    history: () => {},
  })
  const owner = createCredentialOwner({
    oauth: createConcurOAuth(createConcurTransport({ fetch, clock, log, config, random: () => 0.5 })),
    repo: credentials,
    lock: deps.parts?.lock ?? createInProcessCredentialLock(),
    faces: {
      updateConcurLink: (id, patch, options) => facesClient.updateCompanyConcurLink(id, patch, options),
    },
    entities: { get: async (id) => entities.find((e) => e.id === id) ?? null },
    clock,
    log,
    hostPolicy: () => 'sandbox',
    notify: () => {},
    retryBaseMs: 200,
  })
  return { owner, credentials }
}

/** Builds an engine (and its sync log) over `storage` for a world; each call gets fresh engine stores. */
export async function buildEngine(
  sims: Sims,
  world: World,
  storage: DeskStorage,
  options: SyncEngineOptions & {
    policy?: 'update-existing' | 'flag-only'
    log?: Logger
    /** A team-desk instance: its share of the work and its sync-log lane. */
    team?: { work: SharedWork; lane: number }
  } = {},
  cron?: CronPort,
): Promise<{ engine: SyncEngine; syncLog: SyncLog; pushes: Array<{ channel: string; payload: unknown }> }> {
  const { policy, log, team, ...rest } = options
  const syncLog = createSyncLog({
    store: storage.syncLog,
    clock: sims.clock,
    ...(team ? { seqLane: { lane: team.lane, lanes: 64 } } : {}),
  })
  await syncLog.open()
  const pushes: Array<{ channel: string; payload: unknown }> = []
  const engine = createSyncEngine({
    entities: {
      listActive: async () => world.entities.map((e) => ({ ...e })),
      get: async (id) => world.entities.find((e) => e.id === id) ?? null,
    },
    concur: world.concurClient,
    faces: world.facesClient,
    clock: sims.clock,
    log: log ?? silentLogger,
    ...storage.engineStores(),
    syncLog,
    bus: { emit: (channel, payload) => void pushes.push({ channel, payload }) },
    settings: () => ({
      loginIdChangePolicy: policy ?? 'update-existing',
      schedule: { cron: '5,20,35,50 * * * *', timeZone: 'Europe/Zurich' },
    }),
    ...(cron ? { cron } : {}),
    ...(team ? { work: team.work } : {}),
    options: { feedWaitMs: 200, pushBackoffMs: 100, ...rest },
  })
  return { engine, syncLog, pushes }
}

let harnessBackend: Backend = 'sqlite'
const openStores: DeskStorage[] = []

/** Which backend `tempStore` opens (describe.each over BACKENDS sets it in a beforeAll). */
export function useHarnessBackend(backend: Backend): void {
  harnessBackend = backend
}

/** A fresh store of the current harness backend (closed by closeTempStores). */
export async function tempStore(backend: Backend = harnessBackend): Promise<DeskStorage> {
  const { storage } = await openTestStorage(backend)
  openStores.push(storage)
  return storage
}

/** Closes every store tempStore opened (afterAll). */
export async function closeTempStores(): Promise<void> {
  await Promise.all(openStores.splice(0).map((s) => s.close().catch(() => {})))
}

/** Resolves once `condition()` holds; fails after `timeoutMs` of real time (polls every 5 ms). */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 5))
  }
}
