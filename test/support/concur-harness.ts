import { afterEach } from 'vitest'
import { abortError, createManualClock } from '../../src/main/core/clock'
import type { Clock, SecretStore } from '../../src/main/core/ports'
import { createMemoryLogger } from '../../src/main/logging/logger'
import {
  createConcurSimulator,
  type ConcurSimulatorOptions,
  type SimCompany,
} from '../../src/main/sandbox/concur-sim/concur-simulator'
import { createFacesSimulator } from '../../src/main/sandbox/faces-sim/faces-simulator'
import { createFacesClient } from '../../src/main/core/faces/faces-client'
import type { CredentialHistoryEntry } from '../../src/main/core/tokens/credential-history'
import { createInProcessCredentialLock } from '../../src/main/core/tokens/credential-lock'
import { createCredentialOwner, type CredentialOwnerDeps } from '../../src/main/core/tokens/credential-owner'
import {
  createCredentialRepository,
  createMemoryCredentialMetaStore,
  type CredentialRepository,
  type StoredCredential,
} from '../../src/main/core/tokens/credential-repository'
import { createMemorySecrets, createMemorySettings } from './token-desk-fakes'
import {
  ConcurError,
  createConcurClient,
  type ConcurConfig,
  type SummaryPage,
} from '../../src/main/core/concur/concur-client'
import { createConcurOAuth } from '../../src/main/core/concur/concur-oauth'
import { createConcurTransport } from '../../src/main/core/concur/concur-transport'

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

/** A keychain in memory that records each credential it stores (`save:<refresh token>`) in `events`. */
export function createRecordingSecrets(events: string[]): SecretStore & {
  values: Map<string, string>
  failWrites: boolean
} {
  const inner = createMemorySecrets()
  return Object.assign(inner, {
    async write(name: Parameters<SecretStore['write']>[0], value: string) {
      // A real keychain write takes a moment; the owner must wait for it.
      await new Promise((resolve) => setTimeout(resolve, 2))
      if (inner.failWrites) throw new Error('keychain unavailable')
      if (name.startsWith('refresh-token:'))
        events.push(`save:${(JSON.parse(value) as StoredCredential).refreshToken}`)
      inner.values.set(name, value)
    },
  })
}

export const CLIENT = {
  clientId: 'a1b2c3d4-0000-4000-8000-00000000c11e',
  clientSecret: 'harness-client-secret-value',
}
export const START_MS = Date.UTC(2026, 5, 1, 12, 0, 0)
const FACES = { user: 'desk', apiKey: 'harness-faces-key' }

const running: Array<{ stop(): Promise<void> }> = []
afterEach(async () => {
  for (const s of running.splice(0).reverse()) await s.stop()
})

/**
 * Starts a Concur simulator with two companies (us2 with 7 travellers, eu2 with 2), a Faces
 * simulator holding their company profiles, and a credential owner plus Concur client wired to
 * them over real loopback HTTP. The simulator runs its strict defaults unless `simOptions` say
 * otherwise; its processing time is on the fast clock, so nothing waits real time.
 */
export async function startHarness(
  simOptions: Partial<ConcurSimulatorOptions> = {},
  config: Partial<ConcurConfig> = {},
  ownerOptions: Partial<Pick<CredentialOwnerDeps, 'checkpoint' | 'hostPolicy'>> = {},
) {
  const clock = createFastClock(START_MS)
  const sim = createConcurSimulator({ clock, latency: 'none', ...simOptions })
  running.push(sim)
  const urls = await sim.start()
  const faces = createFacesSimulator({ clock, credentials: FACES })
  running.push(faces)
  const { url: facesUrl } = await faces.start()
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
  for (const id of ['110034', '110035']) faces.admin.createCompany(`F-${id}`, `Faces ${id}`)
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
  const secrets = createRecordingSecrets(events)
  const settings = createMemorySettings()
  const notifications: string[] = []
  const history: CredentialHistoryEntry[] = []
  const repo: CredentialRepository = createCredentialRepository({
    secrets,
    meta: createMemoryCredentialMetaStore(),
    history: (entry) => void history.push(entry),
  })
  const log = createMemoryLogger()
  const recordingFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers)
    const auth = headers.get('authorization')
    events.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}${auth ? ` ${auth}` : ''}`)
    return fetch(input, init)
  }
  const facesClient = createFacesClient({
    hostPolicy: () => 'sandbox',
    fetch,
    clock,
    log,
    config: () => ({ baseUrl: facesUrl, ...FACES }),
    timeoutMs: 2_000,
  })
  const concurConfig = (overrides: Partial<ConcurConfig>) => (): ConcurConfig => ({
    tokenBaseUrl: urls.glzUrl,
    ...CLIENT,
    hostPolicy: 'sandbox',
    timeoutMs: 2_000,
    retryBaseMs: 1_000,
    ...config,
    ...overrides,
  })
  const makeOAuth = (overrides: Partial<ConcurConfig> = {}) =>
    createConcurOAuth(
      createConcurTransport({
        fetch: recordingFetch,
        clock,
        log,
        config: concurConfig(overrides),
        random: () => 0.5,
      }),
    )
  const makeOwner = (overrides: Partial<ConcurConfig> = {}, deps: Partial<CredentialOwnerDeps> = {}) => {
    const owner = createCredentialOwner({
      oauth: makeOAuth(overrides),
      repo,
      lock: createInProcessCredentialLock(),
      faces: {
        updateConcurLink: async (id, patch, options) =>
          facesClient.updateCompanyConcurLink(id, patch, options),
      },
      entities: {
        get: async (id) => ({ name: `Entity ${id}`, facesCompanyId: `F-${id}`, travelConfigIds: ['100'] }),
      },
      clock,
      log,
      hostPolicy: () => 'sandbox',
      notify: (n) => void notifications.push(n.title),
      // No jitter: the tests count the backoff waits of the write-through retries.
      random: () => 1,
      ...ownerOptions,
      ...deps,
    })
    running.push(owner)
    return owner
  }
  const owner = makeOwner()
  const client = createConcurClient({
    fetch: recordingFetch,
    clock,
    log,
    config: concurConfig({}),
    access: owner,
    random: () => 0.5,
  })
  /** Exchanges a fresh request token for Acme under entity key 110034. */
  const connectAcme = async () => {
    const requestToken = sim.admin.issueRequestToken(acme.uuid, { clientId: CLIENT.clientId })
    return owner.exchange({
      entityId: '110034',
      companyUuid: acme.uuid,
      requestToken,
      tokenId: null,
      activate: true,
    })
  }
  const tokenCalls = () => sim.admin.requestLog().filter((e) => e.route === 'token')
  /** The credential the keychain holds for an entity. */
  const stored = async (entityId = '110034') => {
    const c = await repo.loadSecret(entityId)
    if (!c) throw new Error(`Expected a stored credential for ${entityId}, found none`)
    return c
  }
  return {
    clock,
    sim,
    faces,
    urls,
    facesUrl,
    acme,
    euco,
    logins,
    events,
    secrets,
    settings,
    repo,
    log,
    notifications,
    history,
    owner,
    makeOwner,
    makeOAuth,
    facesClient,
    recordingFetch,
    client,
    connectAcme,
    tokenCalls,
    stored,
  }
}

/** The ConcurError a promise rejects with (fails the test on success or another error). */
export async function failure(promise: Promise<unknown>): Promise<ConcurError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ConcurError) return err
    throw err
  }
  throw new Error('Expected a ConcurError, got success')
}

/** Every page of a summary walk. */
export async function allPages(iterable: AsyncIterable<SummaryPage>): Promise<SummaryPage[]> {
  const pages: SummaryPage[] = []
  for await (const page of iterable) pages.push(page)
  return pages
}
