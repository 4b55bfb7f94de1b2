import { afterEach } from 'vitest'
import { abortError, createManualClock } from '../clock'
import type { Clock } from '../ports'
import { createMemoryLogger } from '../../logging/logger'
import {
  createConcurSimulator,
  type ConcurSimulatorOptions,
  type SimCompany,
} from '../../sandbox/concur-sim/concur-simulator'
import {
  createConcurClient,
  type ConcurConfig,
  type ConcurCredential,
  type ConcurCredentialStore,
} from './concur-client'

/** A clock whose waits return at once but move time forward, and are recorded: retries never sleep. */
export function createFastClock(startMs: number): Clock & { waits: number[]; advance(ms: number): void } {
  const manual = createManualClock(startMs)
  const waits: number[] = []
  return {
    nowMs: () => manual.nowMs(),
    wait: async (ms, signal) => {
      if (signal?.aborted) throw abortError()
      waits.push(ms)
      manual.set(manual.nowMs() + ms)
    },
    waits,
    advance: (ms) => manual.set(manual.nowMs() + ms),
  }
}

/** A credential store in memory that records every save, in order, next to the HTTP events. */
export function createRecordingStore(events: string[]): ConcurCredentialStore & {
  saved: Map<string, ConcurCredential>
  saves: ConcurCredential[]
  failSaves: boolean
} {
  const saved = new Map<string, ConcurCredential>()
  const saves: ConcurCredential[] = []
  const store = {
    saved,
    saves,
    failSaves: false,
    load: async (key: string) => saved.get(key) ?? null,
    save: async (key: string, credential: ConcurCredential) => {
      // A real keychain write takes a moment; the client must wait for it.
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (store.failSaves) throw new Error('keychain unavailable')
      events.push(`save:${credential.refreshToken}`)
      saves.push({ ...credential })
      saved.set(key, { ...credential })
    },
  }
  return store
}

export const CLIENT = {
  clientId: 'a1b2c3d4-0000-4000-8000-00000000c11e',
  clientSecret: 'harness-client-secret-value',
}
export const START_MS = Date.UTC(2026, 5, 1, 12, 0, 0)

const running: Array<{ stop(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

/** Starts a simulator with two companies (us2 with 7 travellers, eu2 with 2) and a client wired to it. */
export async function startHarness(
  simOptions: Partial<ConcurSimulatorOptions> = {},
  config: Partial<ConcurConfig> = {},
) {
  const clock = createFastClock(START_MS)
  const sim = createConcurSimulator({ clock, ...simOptions })
  running.push(sim)
  const urls = await sim.start()
  sim.admin.registerClient(CLIENT)
  sim.admin.registerClient({ clientId: 'other-client', clientSecret: 'other-secret-value' })
  const acme: SimCompany = sim.admin.createCompany({
    name: 'Acme',
    outtaskId: '110034',
    dataCentre: 'us2',
    travelConfigIds: ['100', '200'],
  })
  const euco: SimCompany = sim.admin.createCompany({
    name: 'EuCo',
    outtaskId: '110035',
    dataCentre: 'eu2',
    travelConfigIds: ['300'],
  })
  const logins = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus'].map((n) => `${n}@acme.test`)
  logins.forEach((login, i) => {
    clock.advance(1000)
    sim.admin.upsertTraveller({
      companyUuid: acme.uuid,
      loginId: login,
      firstName: login.slice(0, 3),
      lastName: 'Acme',
      email: login,
      travelConfigId: i % 2 === 0 ? '100' : '200',
      status: i === 6 ? 'Inactive' : 'Active',
    })
  })
  sim.admin.upsertTraveller({
    companyUuid: euco.uuid,
    loginId: 'zoe@euco.test',
    firstName: 'Zoe',
    lastName: 'Eu',
    travelConfigId: '300',
  })
  sim.admin.upsertTraveller({
    companyUuid: euco.uuid,
    loginId: 'yan@euco.test',
    firstName: 'Yan',
    lastName: 'Eu',
    travelConfigId: '300',
  })
  clock.advance(60_000)

  const events: string[] = []
  const store = createRecordingStore(events)
  const log = createMemoryLogger()
  const recordingFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers)
    const auth = headers.get('authorization')
    events.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}${auth ? ` ${auth}` : ''}`)
    return fetch(input, init)
  }
  const makeClient = (overrides: Partial<ConcurConfig> = {}) =>
    createConcurClient({
      fetch: recordingFetch,
      clock,
      log,
      config: () => ({
        tokenBaseUrl: urls.glzUrl,
        ...CLIENT,
        timeoutMs: 2_000,
        retryBaseMs: 1_000,
        ...config,
        ...overrides,
      }),
      credentials: store,
      random: () => 0.5,
    })
  const client = makeClient()
  /** Exchanges a fresh request token for Acme under entity key 110034. */
  const connectAcme = async () => {
    const requestToken = sim.admin.issueRequestToken(acme.uuid, { clientId: CLIENT.clientId })
    return client.exchangeRequestToken({ entityKey: '110034', companyUuid: acme.uuid, requestToken })
  }
  const tokenCalls = () => sim.admin.requestLog().filter((e) => e.route === 'token')
  return {
    clock,
    sim,
    urls,
    acme,
    euco,
    logins,
    events,
    store,
    log,
    client,
    makeClient,
    connectAcme,
    tokenCalls,
  }
}
