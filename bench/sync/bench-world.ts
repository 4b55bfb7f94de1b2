/**
 * A benchmark world in the simulators' process: Concur companies with seeded travellers across
 * data centres, exchanged credentials, Faces companies, and the desk's clients over one measured
 * rate gate. `slots: 'per-call'` rebuilds the old wiring for comparison: the whole call, retries
 * and their backoff included, held its data centre's slot (the engine wrapped each call in the gate).
 */
import { performance } from 'node:perf_hooks'
import pLimit from 'p-limit'
import { systemClock } from '../../src/main/core/clock'
import { createConcurClient, type ConcurClient } from '../../src/main/core/concur/concur-client'
import { createFacesClient, type FacesClient } from '../../src/main/core/faces/faces-client'
import type { Fetch } from '../../src/main/core/ports'
import { concurGateHooks, FACES_LANE, facesGateHooks } from '../../src/main/core/sync/gate-hooks'
import { createRateGate, type RateGate } from '../../src/main/core/sync/rate-gate'
import { silentLogger } from '../../src/main/logging/logger'
import { createHttpClient } from '../../src/main/adapters/http/undici-http'
import {
  CLIENT,
  connectEntity,
  createWorldOwner,
  FACES_CREDS,
  seededTraveller,
  type World,
} from '../../test/support/sync-harness'
import { ARGS } from './bench-args'
import { measuredGate, recordExchange } from './slot-stats'
import type { Rpc } from './worker-sims'

/** What a world is made of. */
export type BenchWorldOptions = {
  tag: string
  entities: number
  profiles: number
  /** The data centre of entity `i`. @default us2 for even, eu2 for odd entities */
  dataCentreOf?: (i: number) => string
  /** How the clients take rate-gate slots. @default 'per-attempt' (the desk's wiring) */
  slots?: 'per-attempt' | 'per-call'
  /** Concur client attempts per call. @default 4 */
  maxAttempts?: number
}

/** Creates the world. */
export async function createBenchWorld(
  rpc: Rpc,
  urls: { glzUrl: string; facesUrl: string },
  o: BenchWorldOptions,
): Promise<World> {
  const clock = systemClock
  const gate = measuredGate(
    createRateGate({ clock, globalConcurrency: ARGS.global, perKeyConcurrency: ARGS.perDc }),
  )
  await rpc('concur', 'registerClient', CLIENT)
  const http = createHttpClient()
  const fetch: Fetch = async (url, init) => {
    const t = performance.now()
    try {
      return await http.fetch(url, init)
    } finally {
      recordExchange(url.startsWith(urls.facesUrl) ? 'faces' : 'concur', performance.now() - t)
    }
  }
  const config = () => ({
    tokenBaseUrl: urls.glzUrl,
    ...CLIENT,
    hostPolicy: 'sandbox' as const,
    timeoutMs: 60_000,
    retryBaseMs: 500,
    maxAttempts: o.maxAttempts ?? 4,
  })
  const perAttempt = (o.slots ?? 'per-attempt') === 'per-attempt'
  const facesClient = createFacesClient({
    hostPolicy: () => 'sandbox',
    fetch,
    clock,
    log: silentLogger,
    config: () => ({ baseUrl: urls.facesUrl, ...FACES_CREDS }),
    beforeRequest: (s) => gate.waitUntilOpen(FACES_LANE, s),
    ...(perAttempt ? facesGateHooks(gate) : { onRateLimited: facesGateHooks(gate).onRateLimited }),
  })
  const entities: World['entities'] = []
  const { owner, credentials } = createWorldOwner({
    fetch,
    clock,
    log: silentLogger,
    config,
    facesClient,
    entities,
  })
  const hooks = concurGateHooks(gate)
  const concurClient = createConcurClient({
    fetch,
    clock,
    log: silentLogger,
    config,
    access: owner,
    ...(perAttempt ? hooks : { onRateLimited: hooks.onRateLimited }),
  })
  const dataCentreOf = o.dataCentreOf ?? ((i: number) => (i % 2 ? 'eu2' : 'us2'))
  const companyUuidOf = new Map<string, string>()
  const limit = pLimit(16)
  await Promise.all(
    [...Array(o.entities)].map((_, i) =>
      limit(async () => {
        const id = `${o.tag}-e${i}`
        const company = (await rpc('concur', 'createCompany', {
          name: `Co ${id}`,
          outtaskId: String(100000 + i),
          dataCentre: dataCentreOf(i),
          travelConfigIds: ['100'],
        })) as { uuid: string }
        await rpc(
          'concur',
          '__many',
          'upsertTraveller',
          [...Array(o.profiles)].map((_, t) => [seededTraveller(company.uuid, id, t)]),
        )
        const requestToken = (await rpc('concur', 'issueRequestToken', company.uuid, {
          clientId: CLIENT.clientId,
        })) as string
        await rpc('faces', 'createCompany', `F-${id}`, `Faces ${id}`)
        companyUuidOf.set(id, company.uuid)
        await connectEntity(owner, entities, { id, index: i, companyUuid: company.uuid, requestToken })
      }),
    ),
  )
  entities.sort((a, b) => a.id.localeCompare(b.id))
  const world = {
    entities,
    companyUuidOf,
    concurClient,
    facesClient,
    owner,
    credentials,
    gate,
    fetch,
    config,
  }
  if (perAttempt) return world
  const dcOf = (entityKey: string): string =>
    entities.find((e) => e.id === entityKey)?.geolocation ?? 'concur'
  return {
    ...world,
    concurClient: holdConcurSlotPerCall(concurClient, gate, dcOf),
    facesClient: holdFacesSlotPerCall(facesClient, gate),
  }
}

/** The old wiring: each Concur call (all its attempts and backoff waits) inside one slot. */
function holdConcurSlotPerCall(c: ConcurClient, gate: RateGate, dcOf: (e: string) => string): ConcurClient {
  return {
    summaries: (entityKey, query, signal) => ({
      [Symbol.asyncIterator]() {
        const it = c.summaries(entityKey, query, signal)[Symbol.asyncIterator]()
        return { next: () => gate.run(dcOf(entityKey), () => it.next(), signal) }
      },
    }),
    getProfile: (e, by, s) => gate.run(dcOf(e), () => c.getProfile(e, by, s), s),
    postProfile: (e, a, p, s) => gate.run(dcOf(e), () => c.postProfile(e, a, p, s), s),
  }
}

/** The old wiring for Faces' traveller calls. */
function holdFacesSlotPerCall(f: FacesClient, gate: RateGate): FacesClient {
  return {
    ...f,
    upsertTraveller: (c, k, p, o) => gate.run(FACES_LANE, () => f.upsertTraveller(c, k, p, o), o?.signal),
    getTraveller: (c, id, s) => gate.run(FACES_LANE, () => f.getTraveller(c, id, s), s),
    findByLogin: (c, l, s) => gate.run(FACES_LANE, () => f.findByLogin(c, l, s), s),
  }
}
