/**
 * The Faces simulator's data: companies (with their Concur link), travellers, the change feed and
 * the idempotent upsert by stable key (docs/faces-api.md). No HTTP here; faces-simulator.ts serves it.
 */
import type { Clock } from '../../core/ports'
import {
  applyFlatPatch,
  flattenFacesTraveller,
  hashFlat,
  unflattenFacesContent,
  type FacesTraveller,
  type FlatContent,
  type FlatPatch,
} from '../../core/faces/faces-traveller'
import { SimHttpError } from './faces-sim-http-error'
import type { SimConcurLink, SimLinkChange } from './faces-sim-links'

/** One entry of the change feed. */
export type SimChange = {
  seq: number
  companyId: string
  travellerId: string
  concurLoginId: string | null
  version: number
  atMs: number
  origin: 'user' | 'api'
}

/** Counters the fault tests and the benchmark read. */
export type SimStats = {
  requests: number
  upserts: number
  noopUpserts: number
  created: number
  changes: number
  faultsFired: number
}

/** A company with its travellers and the history of its Concur link. */
export type CompanyState = {
  id: string
  name: string
  concurLink: SimConcurLink | null
  linkHistory: SimLinkChange[]
  travellers: Map<string, FacesTraveller>
}

/** The simulator's data and the operations on it. */
export type FacesSimStore = ReturnType<typeof createFacesSimStore>

/** Creates an empty store. */
export function createFacesSimStore(clock: Clock, seed: number) {
  let idCounter = 0
  const idPrefix = `t${seed.toString(36)}`
  let companies = new Map<string, CompanyState>()
  let feed: SimChange[] = []
  let stats: SimStats = zeroStats()
  const feedWaiters = new Set<() => void>()

  function zeroStats(): SimStats {
    return { requests: 0, upserts: 0, noopUpserts: 0, created: 0, changes: 0, faultsFired: 0 }
  }

  function company(id: string): CompanyState {
    const c = companies.get(id)
    if (!c) throw new SimHttpError(404, 'company-not-found', `No Faces company "${id}".`)
    return c
  }

  function emit(t: FacesTraveller, origin: SimChange['origin']): void {
    feed.push({
      seq: feed.length + 1,
      companyId: t.companyId,
      travellerId: t.id,
      concurLoginId: t.concurLoginId,
      version: t.version,
      atMs: clock.nowMs(),
      origin,
    })
    stats.changes++
    for (const w of [...feedWaiters]) w()
  }

  function newTraveller(
    companyId: string,
    keys: { concurLoginId?: string | null; concurUuid?: string | null; employeeId?: string | null },
    flat: FlatContent,
  ): FacesTraveller {
    const content = unflattenFacesContent(flat)
    const t: FacesTraveller = {
      id: `${idPrefix}-${(++idCounter).toString().padStart(6, '0')}`,
      companyId,
      concurLoginId: keys.concurLoginId ?? null,
      concurUuid: keys.concurUuid ?? null,
      ...content,
      employeeId: content.employeeId ?? keys.employeeId ?? null,
      version: 1,
      etag: '',
      updatedAtMs: clock.nowMs(),
    }
    t.etag = etagOf(t)
    return t
  }

  function etagOf(t: FacesTraveller): string {
    return `"${hashFlat({ ...flattenFacesTraveller(t), '#login': t.concurLoginId ?? '', '#uuid': t.concurUuid ?? '' }).slice(0, 16)}-${t.version}"`
  }

  /** Applies a content patch and key changes; bumps the version only when something changed. */
  function applyEdit(
    t: FacesTraveller,
    patch: FlatPatch,
    keyChanges: Partial<Pick<FacesTraveller, 'concurLoginId' | 'concurUuid'>>,
  ): boolean {
    const before = flattenFacesTraveller(t)
    const after = applyFlatPatch(before, patch)
    const contentChanged = hashFlat(before) !== hashFlat(after)
    const loginChanged =
      keyChanges.concurLoginId !== undefined && keyChanges.concurLoginId !== t.concurLoginId
    const uuidChanged =
      keyChanges.concurUuid !== undefined &&
      keyChanges.concurUuid !== null &&
      keyChanges.concurUuid !== t.concurUuid
    if (!contentChanged && !loginChanged && !uuidChanged) return false
    Object.assign(t, unflattenFacesContent(after))
    if (loginChanged) t.concurLoginId = keyChanges.concurLoginId ?? null
    if (uuidChanged) t.concurUuid = keyChanges.concurUuid ?? null
    t.version++
    t.updatedAtMs = clock.nowMs()
    t.etag = etagOf(t)
    return true
  }

  function findByKey(
    c: CompanyState,
    key: { concurUuid?: string | null; employeeId?: string | null; concurLoginId: string },
  ): { t: FacesTraveller; by: 'concurUuid' | 'employeeId' | 'concurLoginId' } | null {
    // One pass, first match per key in insertion order; UUID beats employee id beats login.
    const login = key.concurLoginId.toLowerCase()
    let byEmployee: FacesTraveller | null = null
    let byLogin: FacesTraveller | null = null
    for (const x of c.travellers.values()) {
      if (key.concurUuid && x.concurUuid === key.concurUuid) return { t: x, by: 'concurUuid' }
      if (!byEmployee && key.employeeId && x.employeeId === key.employeeId) byEmployee = x
      if (!byLogin && x.concurLoginId?.toLowerCase() === login) byLogin = x
    }
    if (byEmployee) return { t: byEmployee, by: 'employeeId' }
    return byLogin ? { t: byLogin, by: 'concurLoginId' } : null
  }

  function upsert(companyId: string, body: unknown): { status: number; json: unknown } {
    const c = company(companyId)
    const b = body as {
      key?: { concurUuid?: string | null; employeeId?: string | null; concurLoginId?: string }
      patch?: FlatPatch
      onLoginIdChange?: string
      ifAbsent?: boolean
    }
    if (!b?.key?.concurLoginId || typeof b.patch !== 'object' || b.patch === null) {
      throw new SimHttpError(400, 'invalid-request', 'An upsert needs key.concurLoginId and a patch object.')
    }
    const key = {
      concurLoginId: b.key.concurLoginId,
      concurUuid: b.key.concurUuid ?? null,
      employeeId: b.key.employeeId ?? null,
    }
    stats.upserts++
    const found = findByKey(c, key)
    if (!found) {
      const t = newTraveller(companyId, key, applyFlatPatch({}, b.patch))
      c.travellers.set(t.id, t)
      stats.created++
      emit(t, 'api')
      return {
        status: 201,
        json: { traveller: t, created: true, changed: true, matchedBy: null, loginIdChangedFrom: null },
      }
    }
    const { t, by } = found
    if (b.ifAbsent === true) {
      throw new SimHttpError(409, 'already-exists', `Traveller ${t.id} already exists for this key.`, {
        travellerId: t.id,
        version: t.version,
      })
    }
    const loginChange =
      t.concurLoginId !== null && t.concurLoginId.toLowerCase() !== key.concurLoginId.toLowerCase()
        ? t.concurLoginId
        : null
    if (loginChange !== null && b.onLoginIdChange === 'reject') {
      throw new SimHttpError(
        409,
        'login-id-changed',
        `Traveller ${t.id} is linked to Concur login "${loginChange}", not "${key.concurLoginId}".`,
        { travellerId: t.id, previousLoginId: loginChange },
      )
    }
    const changed = applyEdit(t, b.patch, { concurLoginId: key.concurLoginId, concurUuid: key.concurUuid })
    if (changed) emit(t, 'api')
    else stats.noopUpserts++
    return {
      status: 200,
      json: { traveller: t, created: false, changed, matchedBy: by, loginIdChangedFrom: loginChange },
    }
  }

  return {
    get companies() {
      return companies
    },
    get feed() {
      return feed
    },
    get stats() {
      return stats
    },
    feedWaiters,
    company,
    emit,
    newTraveller,
    applyEdit,
    upsert,
    createCompany(id: string, name: string): CompanyState {
      const c = companies.get(id) ?? { id, name, concurLink: null, linkHistory: [], travellers: new Map() }
      companies.set(id, c)
      return c
    },
    reset() {
      companies = new Map()
      feed = []
      stats = zeroStats()
      idCounter = 0
    },
  }
}
