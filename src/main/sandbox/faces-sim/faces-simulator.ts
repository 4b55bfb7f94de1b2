/**
 * The Faces simulator: a real HTTP server on 127.0.0.1 that speaks the Faces contract of
 * docs/faces-api.md (travellers per company, idempotent upsert by stable key, a long-poll change
 * feed with a cursor, company Concur links, API-key/basic auth, 429 with X-Rate-Limit-Retry-After)
 * plus fault injection and an admin API (in-process `admin` and HTTP `/_admin`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
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

/** A Faces company with its Concur link. */
export type SimCompany = {
  id: string
  name: string
  concurLink: {
    refreshToken: string
    travelConfigIds: string[]
    geolocation: string
    interfaceActive: boolean
    pollingActive: boolean
    updatedAtMs: number
  } | null
}

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

/** A scheduled fault: applies to the next `count` matching requests. */
export type SimFault = {
  kind: 'latency' | '5xx' | '429' | 'timeout' | 'malformed' | 'drop-after-apply'
  /** How many matching requests it affects. @default 1 */
  count?: number
  /** Only requests whose path starts with this. */
  pathPrefix?: string
  method?: string
  /** For 429. @default 1 */
  retryAfterS?: number
  /** For latency. */
  latencyMs?: number
  /** For timeout: how long the server holds the request before dropping the connection. @default 60000 */
  hangMs?: number
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

/** Options of the simulator. */
export type FacesSimulatorOptions = {
  clock: Clock
  /** Added to every request (real time). @default 0 */
  latencyMs?: number
  /** Seed of the id generator so demo data is stable. @default 1 */
  seed?: number
  /** Accepted credentials. @default { user: 'desk', apiKey: 'sandbox-faces-key' } */
  credentials?: { user: string; apiKey: string }
}

/** In-process admin API. */
export interface FacesSimAdmin {
  createCompany(id: string, name: string): SimCompany
  getCompany(id: string): SimCompany | null
  /** Creates a traveller as a Faces user would (emits a change). */
  createTraveller(
    companyId: string,
    keys: { concurLoginId?: string | null; concurUuid?: string | null },
    content: FlatContent,
  ): FacesTraveller
  /** Edits a traveller as a Faces user would (emits a change when the content changes). */
  editTraveller(companyId: string, travellerId: string, patch: FlatPatch): FacesTraveller
  listTravellers(companyId: string): FacesTraveller[]
  getTraveller(companyId: string, travellerId: string): FacesTraveller | null
  injectFault(fault: SimFault): void
  clearFaults(): void
  setLatency(ms: number): void
  stats(): SimStats
  /** Forgets everything (companies, travellers, feed, faults, stats); the server keeps running. */
  reset(): void
  seedDemo(companies: Array<{ id: string; name: string; travellers?: number }>): void
}

/** A running simulator. */
export interface FacesSimulator {
  start(): Promise<{ url: string }>
  stop(): Promise<void>
  readonly admin: FacesSimAdmin
}

type CompanyState = SimCompany & { travellers: Map<string, FacesTraveller> }

const MAX_WAIT_MS = 30_000

/** Creates the Faces simulator (call `start()` to listen on a free loopback port). */
export function createFacesSimulator(options: FacesSimulatorOptions): FacesSimulator {
  const clock = options.clock
  const creds = options.credentials ?? { user: 'desk', apiKey: 'sandbox-faces-key' }
  let latencyMs = options.latencyMs ?? 0
  let idCounter = 0
  const idPrefix = `t${(options.seed ?? 1).toString(36)}`
  let companies = new Map<string, CompanyState>()
  let feed: SimChange[] = []
  let faults: Array<SimFault & { left: number }> = []
  let stats: SimStats = zeroStats()
  const feedWaiters = new Set<() => void>()
  let server: Server | null = null
  const sockets = new Set<import('node:net').Socket>()

  function zeroStats(): SimStats {
    return { requests: 0, upserts: 0, noopUpserts: 0, created: 0, changes: 0, faultsFired: 0 }
  }

  function company(id: string): CompanyState {
    const c = companies.get(id)
    if (!c) throw new HttpError(404, 'company-not-found', `No Faces company "${id}".`)
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
      throw new HttpError(400, 'invalid-request', 'An upsert needs key.concurLoginId and a patch object.')
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
      throw new HttpError(409, 'already-exists', `Traveller ${t.id} already exists for this key.`, {
        travellerId: t.id,
        version: t.version,
      })
    }
    const loginChange =
      t.concurLoginId !== null && t.concurLoginId.toLowerCase() !== key.concurLoginId.toLowerCase()
        ? t.concurLoginId
        : null
    if (loginChange !== null && b.onLoginIdChange === 'reject') {
      throw new HttpError(
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

  function nextFault(req: IncomingMessage, path: string): (SimFault & { left: number }) | null {
    const f = faults.find(
      (x) =>
        x.left > 0 &&
        (!x.pathPrefix || path.startsWith(x.pathPrefix)) &&
        (!x.method || x.method === req.method),
    )
    if (!f) return null
    f.left--
    faults = faults.filter((x) => x.left > 0)
    stats.faultsFired++
    return f
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    if (chunks.length === 0) return null
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      throw new HttpError(400, 'invalid-json', 'The request body is not JSON.')
    }
  }

  function isAuthorised(req: IncomingMessage): boolean {
    if (req.headers['x-api-key'] === creds.apiKey) return true
    const auth = req.headers.authorization
    if (auth?.startsWith('Basic ')) {
      const [user, ...rest] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')
      return user === creds.user && rest.join(':') === creds.apiKey
    }
    return false
  }

  async function waitForFeed(cursor: number, waitMs: number, req: IncomingMessage): Promise<void> {
    if (feed.length > cursor || waitMs <= 0) return
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        feedWaiters.delete(done)
        req.off('close', done)
        resolve()
      }
      const timer = setTimeout(done, Math.min(waitMs, MAX_WAIT_MS))
      feedWaiters.add(done)
      req.on('close', done)
    })
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://faces.local')
    const path = url.pathname
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
    const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
      if (res.headersSent || res.destroyed) return
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(json))
    }
    if (parts[0] === '_admin') return adminRoute(req, parts.slice(1), send)
    stats.requests++
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs))
    if (!isAuthorised(req))
      return send(401, { error: { code: 'unauthorised', message: 'Send X-Api-Key or Basic credentials.' } })
    const fault = nextFault(req, path)
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.latencyMs ?? 100))
    if (fault?.kind === '5xx')
      return send(503, { error: { code: 'unavailable', message: 'Faces is temporarily unavailable.' } })
    if (fault?.kind === '429') {
      return send(
        429,
        { error: { code: 'rate-limited', message: 'Too many requests.' } },
        { 'X-Rate-Limit-Retry-After': String(fault.retryAfterS ?? 1) },
      )
    }
    if (fault?.kind === 'timeout') {
      // Hold the request, then drop the connection: the client either times out first or sees a reset.
      setTimeout(() => res.destroy(), fault.hangMs ?? 60_000).unref()
      return
    }
    const body = req.method === 'PUT' || req.method === 'POST' ? await readBody(req) : null
    let result: { status: number; json: unknown }
    if (parts[0] !== 'api' || parts[1] !== 'v1') throw new HttpError(404, 'not-found', 'Unknown path.')
    const [, , a, cid, b, tid] = parts
    if (a === 'changes' && req.method === 'GET' && parts.length === 3) {
      const cursor = Math.max(0, Number(url.searchParams.get('cursor') ?? '0') || 0)
      const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? '100') || 100))
      await waitForFeed(cursor, Number(url.searchParams.get('waitMs') ?? '0') || 0, req)
      const changes = feed.slice(cursor, cursor + limit)
      result = {
        status: 200,
        json: { changes, nextCursor: cursor + changes.length, latestCursor: feed.length },
      }
    } else if (a === 'companies' && cid && !b && req.method === 'GET') {
      result = { status: 200, json: publicCompany(company(cid)) }
    } else if (a === 'companies' && cid && b === 'concur-link' && req.method === 'PUT') {
      result = { status: 200, json: setLink(cid, body) }
    } else if (a === 'companies' && cid && b === 'travellers' && !tid && req.method === 'PUT') {
      result = upsert(cid, body)
    } else if (a === 'companies' && cid && b === 'travellers' && !tid && req.method === 'GET') {
      const login = url.searchParams.get('concurLoginId')?.toLowerCase()
      const list = [...company(cid).travellers.values()].filter(
        (t) => !login || t.concurLoginId?.toLowerCase() === login,
      )
      result = { status: 200, json: { travellers: list } }
    } else if (a === 'companies' && cid && b === 'travellers' && tid && req.method === 'GET') {
      const t = company(cid).travellers.get(tid)
      if (!t) throw new HttpError(404, 'traveller-not-found', `No traveller "${tid}" in company "${cid}".`)
      result = { status: 200, json: t }
    } else throw new HttpError(404, 'not-found', 'Unknown path.')
    if (fault?.kind === 'drop-after-apply') {
      res.destroy()
      return
    }
    if (fault?.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"travellers": [ {"id": ')
      return
    }
    send(
      result.status,
      result.json,
      result.status === 200 && typeof (result.json as FacesTraveller).etag === 'string'
        ? { etag: (result.json as FacesTraveller).etag }
        : {},
    )
  }

  function setLink(cid: string, body: unknown): unknown {
    const c = company(cid)
    const b = body as Partial<NonNullable<SimCompany['concurLink']>>
    if (
      typeof b?.refreshToken !== 'string' ||
      !Array.isArray(b.travelConfigIds) ||
      typeof b.geolocation !== 'string'
    ) {
      throw new HttpError(
        400,
        'invalid-request',
        'A Concur link needs refreshToken, travelConfigIds and geolocation.',
      )
    }
    c.concurLink = {
      refreshToken: b.refreshToken,
      travelConfigIds: b.travelConfigIds.map(String),
      geolocation: b.geolocation,
      interfaceActive: b.interfaceActive ?? false,
      pollingActive: b.pollingActive ?? false,
      updatedAtMs: clock.nowMs(),
    }
    return publicCompany(c)
  }

  function publicCompany(c: CompanyState): unknown {
    const { refreshToken, ...link } = c.concurLink ?? ({} as NonNullable<SimCompany['concurLink']>)
    return {
      id: c.id,
      name: c.name,
      concurLink: c.concurLink ? { ...link, hasRefreshToken: refreshToken.length > 0 } : null,
    }
  }

  async function adminRoute(
    req: IncomingMessage,
    parts: string[],
    send: (s: number, j: unknown) => void,
  ): Promise<void> {
    const body = req.method === 'POST' ? await readBody(req) : null
    const b = (body ?? {}) as Record<string, unknown>
    if (req.method === 'GET' && parts[0] === 'state') {
      return send(200, {
        companies: [...companies.values()].map((c) => ({
          ...(publicCompany(c) as object),
          travellers: [...c.travellers.values()],
        })),
        stats,
        feedLength: feed.length,
      })
    }
    if (req.method === 'POST' && parts[0] === 'reset') return send(200, (admin.reset(), { ok: true }))
    if (req.method === 'POST' && parts[0] === 'faults')
      return send(200, (admin.injectFault(b as SimFault), { ok: true }))
    if (req.method === 'POST' && parts[0] === 'companies' && parts.length === 1)
      return send(201, admin.createCompany(String(b['id']), String(b['name'] ?? b['id'])))
    if (
      req.method === 'POST' &&
      parts[0] === 'companies' &&
      parts[1] &&
      parts[2] === 'travellers' &&
      parts[3]
    ) {
      return send(200, admin.editTraveller(parts[1], parts[3], b as FlatPatch))
    }
    if (req.method === 'POST' && parts[0] === 'companies' && parts[1] && parts[2] === 'travellers') {
      const keys = (b['keys'] ?? {}) as { concurLoginId?: string }
      return send(201, admin.createTraveller(parts[1], keys, (b['content'] ?? {}) as FlatContent))
    }
    send(404, { error: { code: 'not-found', message: 'Unknown admin path.' } })
  }

  const admin: FacesSimAdmin = {
    createCompany(id, name) {
      const c: CompanyState = companies.get(id) ?? { id, name, concurLink: null, travellers: new Map() }
      companies.set(id, c)
      return { id: c.id, name: c.name, concurLink: c.concurLink }
    },
    getCompany(id) {
      const c = companies.get(id)
      return c ? { id: c.id, name: c.name, concurLink: c.concurLink ? { ...c.concurLink } : null } : null
    },
    createTraveller(companyId, keys, content) {
      const t = newTraveller(companyId, keys, content)
      company(companyId).travellers.set(t.id, t)
      emit(t, 'user')
      return structuredClone(t)
    },
    editTraveller(companyId, travellerId, patch) {
      const t = company(companyId).travellers.get(travellerId)
      if (!t) throw new HttpError(404, 'traveller-not-found', `No traveller "${travellerId}".`)
      if (applyEdit(t, patch, {})) emit(t, 'user')
      return structuredClone(t)
    },
    listTravellers: (companyId) => [...company(companyId).travellers.values()].map((t) => structuredClone(t)),
    getTraveller: (companyId, travellerId) => {
      const t = companies.get(companyId)?.travellers.get(travellerId)
      return t ? structuredClone(t) : null
    },
    injectFault: (fault) => void faults.push({ ...fault, left: fault.count ?? 1 }),
    clearFaults: () => void (faults = []),
    setLatency: (ms) => void (latencyMs = ms),
    stats: () => ({ ...stats }),
    reset() {
      companies = new Map()
      feed = []
      faults = []
      stats = zeroStats()
      idCounter = 0
    },
    seedDemo(list) {
      for (const c of list) {
        admin.createCompany(c.id, c.name)
        for (let i = 1; i <= (c.travellers ?? 0); i++) {
          admin.createTraveller(
            c.id,
            { concurLoginId: `faces.user${i}@${c.id.toLowerCase()}.example` },
            {
              'name.first': `Demo${i}`,
              'name.last': c.name.split(' ')[0] ?? 'Traveller',
              [`email.Business`]: `faces.user${i}@${c.id.toLowerCase()}.example`,
            },
          )
        }
      }
    },
  }

  return {
    admin,
    async start() {
      server = createServer((req, res) => {
        route(req, res).catch((err: unknown) => {
          if (res.headersSent || res.destroyed) return
          const e = err instanceof HttpError ? err : new HttpError(500, 'internal', 'The simulator failed.')
          res.writeHead(e.status, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ error: { code: e.code, message: e.message, ...e.extra } }))
        })
      })
      server.keepAliveTimeout = 5_000
      server.on('connection', (s) => {
        sockets.add(s)
        s.on('close', () => sockets.delete(s))
      })
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
    },
    async stop() {
      for (const w of [...feedWaiters]) w()
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
      server = null
    },
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}
