/**
 * Unit-test wiring for the engine's parts: an EngineContext over in-memory state and outbox stores
 * (the parts' logic; durability is the database stores' and the integration tests'), a manual clock, and small in-memory stand-ins for the two clients at their
 * ports (the simulators over HTTP are for the engine's integration tests and the fault suite).
 */
import { createManualClock } from '../../clock'
import type { ConcurClient, PostResult, SummaryPage, TravelProfile } from '../../concur/concur-client'
import { ConcurError } from '../../concur/concur-error'
import type { SourceEntity } from '../../entities/entity-source'
import type { FacesClient, FacesUpsertResult } from '../../faces/faces-client'
import { FacesError } from '../../faces/faces-error'
import {
  applyFlatPatch,
  flattenFacesTraveller,
  unflattenFacesContent,
  type FacesTraveller,
} from '../../faces/faces-traveller'
import { createMemoryLogger } from '../../../logging/logger'
import type { SyncLog, SyncLogInput } from '../../sync-log/sync-log'
import { createMemoryOutbox, createMemorySyncStateStore } from '../memory-sync-stores'
import { createEntityCache, type EngineContext } from './engine-context'
import { resolveEngineOptions, type SyncEngineOptions } from './engine-options'
import { createKeyedLock } from './keyed-lock'
import { createRunRegistry } from './run-registry'

export const START_MS = Date.UTC(2026, 5, 1, 8, 0, 0)

export const ENTITY: SourceEntity = {
  id: 'e1',
  name: 'Acme',
  outtaskId: '110034',
  companyUuid: '79840cd9-5989-4675-a254-3cdd0deeb178',
  travelConfigIds: [],
  facesCompanyId: 'F1',
  geolocation: 'https://us2.api.concursolutions.com',
  pollingActive: true,
}

/** A Concur profile with the fields the mapping reads. */
export function profile(
  loginId: string,
  first: string,
  last: string,
  extra: Partial<TravelProfile> = {},
): TravelProfile {
  return {
    loginId,
    status: 'Active',
    uuid: null,
    lastModifiedMs: null,
    general: { firstName: first, lastName: last, travelConfigId: '100' },
    unknown: { rootAttributes: {}, sections: [], sectionChildren: {}, sectionAttributes: {} },
    ...extra,
  }
}

/** Concur at its port: profiles by login, summary pages, POSTs recorded. */
export function createFakeConcur() {
  const profiles = new Map<string, TravelProfile>()
  const calls: string[] = []
  const posts: TravelProfile[] = []
  let pages: SummaryPage[] = []
  let failGet: ((login: string) => Error | null) | null = null
  let postResult: (p: TravelProfile) => PostResult = () => ({
    ok: true,
    outcome: 'success',
    messages: [],
    advice: null,
    correlationId: 'e1-post',
  })
  const client: ConcurClient = {
    summaries: () => ({
      async *[Symbol.asyncIterator]() {
        calls.push('summary')
        for (const p of pages) yield p
      },
    }),
    async getProfile(_e, by) {
      const login = 'login' in by ? by.login : ''
      calls.push(`get ${login}`)
      const err = failGet?.(login)
      if (err) throw err
      const p = profiles.get(login.toLowerCase())
      if (!p)
        throw new ConcurError('not-found', `Concur has no user ${login}.`, {
          travellerRejected: true,
          correlationId: 'e1-get',
        })
      return structuredClone(p)
    },
    async postProfile(_e, _action, p) {
      calls.push(`post ${p.loginId}`)
      posts.push(structuredClone(p))
      const r = postResult(p)
      if (r.ok) profiles.set(p.loginId.toLowerCase(), structuredClone(p))
      return r
    },
  }
  return {
    client,
    calls,
    posts,
    put: (p: TravelProfile) => void profiles.set(p.loginId.toLowerCase(), p),
    get: (login: string) => profiles.get(login.toLowerCase()),
    setPages: (p: SummaryPage[]) => void (pages = p),
    failGetWith: (f: ((login: string) => Error | null) | null) => void (failGet = f),
    answerPostWith: (f: (p: TravelProfile) => PostResult) => void (postResult = f),
  }
}

/** Faces at its port: travellers by id, upserts keyed by Concur login, a change feed. */
export function createFakeFaces() {
  const travellers = new Map<string, FacesTraveller>()
  const upserts: Array<{ patch: Record<string, string | null>; ifAbsent: boolean }> = []
  let nextId = 1
  let conflict: FacesError | null = null
  const byLogin = (login: string) =>
    [...travellers.values()].filter((t) => t.concurLoginId?.toLowerCase() === login.toLowerCase())
  const client = {
    async upsertTraveller(companyId, key, patch, options = {}) {
      upserts.push({ patch, ifAbsent: options.ifAbsent === true })
      if (conflict) {
        const c = conflict
        conflict = null
        throw c
      }
      const existing = byLogin(key.concurLoginId)[0]
      if (existing && options.ifAbsent)
        throw new FacesError('conflict', 'Faces already has this traveller.', {
          status: 409,
          code: 'already-exists',
        })
      const base = existing ? flattenFacesTraveller(existing) : {}
      const t: FacesTraveller = {
        ...unflattenFacesContent(applyFlatPatch(base, patch)),
        id: existing?.id ?? `f-${nextId++}`,
        companyId,
        concurLoginId: key.concurLoginId,
        concurUuid: key.concurUuid ?? null,
        employeeId: key.employeeId ?? null,
        version: (existing?.version ?? 0) + 1,
        etag: 'x',
        updatedAtMs: 0,
      }
      travellers.set(t.id, t)
      const result: FacesUpsertResult = {
        traveller: structuredClone(t),
        created: !existing,
        changed: true,
        matchedBy: existing ? 'concurLoginId' : null,
        loginIdChangedFrom: null,
      }
      return result
    },
    async getTraveller(_c, id) {
      const t = travellers.get(id)
      if (!t) throw new FacesError('not-found', 'Faces does not know this traveller.', { status: 404 })
      return structuredClone(t)
    },
    async findByLogin(_c, login) {
      return byLogin(login).map((t) => structuredClone(t))
    },
  } satisfies Partial<FacesClient> as unknown as FacesClient
  return {
    client,
    travellers,
    upserts,
    /** Edits a traveller as a Faces user would (bumps its version). */
    edit(id: string, changes: Partial<FacesTraveller>) {
      const t = travellers.get(id)!
      travellers.set(id, { ...t, ...changes, version: t.version + 1 })
    },
    failNextUpsertWith: (e: FacesError) => void (conflict = e),
  }
}

/** An engine context for one test. */
export async function createTestContext(
  o: {
    concur?: ConcurClient
    faces?: FacesClient
    options?: SyncEngineOptions
    policy?: 'update-existing' | 'flag-only'
  } = {},
) {
  const clock = createManualClock(START_MS)
  const records: SyncLogInput[] = []
  const pushes: Array<{ channel: string; payload: unknown }> = []
  const bus = { emit: (channel: string, payload: unknown) => void pushes.push({ channel, payload }) }
  const options = resolveEngineOptions(o.options)
  const log = createMemoryLogger()
  const store = createMemorySyncStateStore()
  const outbox = createMemoryOutbox()
  await outbox.load()
  const background = new Set<Promise<unknown>>()
  const lifecycle = new AbortController()
  const ctx: EngineContext = {
    deps: {
      entities: { listActive: async () => [ENTITY], get: async (id) => (id === ENTITY.id ? ENTITY : null) },
      concur: o.concur ?? createFakeConcur().client,
      faces: o.faces ?? createFakeFaces().client,
      clock,
      log,
      stateStore: store,
      outbox,
      syncLog: { append: (input: SyncLogInput) => void records.push(input) } as unknown as SyncLog,
      bus: bus as EngineContext['deps']['bus'],
      settings: () => ({
        loginIdChangePolicy: o.policy ?? 'update-existing',
        schedule: { cron: '5,20,35,50 * * * *', timeZone: 'Europe/Zurich' },
      }),
    },
    log,
    options,
    store,
    outbox,
    runs: createRunRegistry({ clock, bus: bus as EngineContext['deps']['bus'], progressEveryMs: 0 }),
    locks: createKeyedLock(),
    counters: { echoesSuppressed: 0, pushes: 0, facesWrites: 0, concurPosts: 0, profileGetsSkipped: 0 },
    entities: createEntityCache({
      listActive: async () => [ENTITY],
      get: async (id) => (id === ENTITY.id ? ENTITY : null),
    }),
    facesIndex: new Map(),
    loadState: (id) => store.load(id),
    holdState: () => () => {},
    lifecycle: () => lifecycle.signal,
    track(p) {
      background.add(p)
      void p.finally(() => background.delete(p)).catch(() => {})
      return p
    },
    saveLater: (save) => void save.catch(() => {}),
  }
  return {
    ctx,
    clock,
    records,
    pushes,
    lifecycle,
    /** Waits for every tracked background promise. */
    settle: async () => {
      while (background.size > 0) await Promise.allSettled([...background])
    },
  }
}
