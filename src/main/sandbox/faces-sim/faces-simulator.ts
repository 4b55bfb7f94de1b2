/**
 * The Faces simulator: a real HTTP server on 127.0.0.1 that speaks the Faces contract of
 * docs/faces-api.md (travellers per company, idempotent upsert by stable key, a long-poll change
 * feed with a cursor, company Concur links, API-key/basic auth, 429 with X-Rate-Limit-Retry-After)
 * plus fault injection and an admin API (in-process `admin` and HTTP `/_admin`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../../core/ports'
import type { FacesTraveller, FlatContent, FlatPatch } from '../../core/faces/faces-traveller'
import { SimHttpError } from './faces-sim-http-error'
import {
  linkChange,
  patchConcurLink,
  publicLink,
  type SimConcurLink,
  type SimLinkChange,
} from './faces-sim-links'
import { createFacesSimStore, type CompanyState, type SimStats } from './faces-sim-store'

/** A Faces company with its Concur link (the admin view: the refresh token is visible to tests). */
export type SimCompany = { id: string; name: string; concurLink: SimConcurLink | null }

export type { SimChange, SimStats } from './faces-sim-store'
export type { SimConcurLink, SimLinkChange } from './faces-sim-links'

/** A scheduled fault: applies to the next `count` matching requests. */
export type SimFault = {
  kind: 'latency' | '5xx' | '429' | 'timeout' | 'malformed' | 'drop-after-apply'
  /** How many matching requests it affects. @default 1 */
  count?: number
  /** Affects every matching request until removed or cleared (`count` is ignored). */
  untilCleared?: boolean
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
  /** Every change of a company's Concur link, oldest first. */
  linkHistory(companyId: string): SimLinkChange[]
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
  /** Adds a fault; returns its id (for removeFault). */
  injectFault(fault: SimFault): number
  /** Removes one fault (no-op when it already ran out). */
  removeFault(id: number): void
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

const MAX_WAIT_MS = 30_000

/** Creates the Faces simulator (call `start()` to listen on a free loopback port). */
export function createFacesSimulator(options: FacesSimulatorOptions): FacesSimulator {
  const clock = options.clock
  const creds = options.credentials ?? { user: 'desk', apiKey: 'sandbox-faces-key' }
  let latencyMs = options.latencyMs ?? 0
  const store = createFacesSimStore(clock, options.seed ?? 1)
  let faults: Array<SimFault & { left: number; id: number }> = []
  let nextFaultId = 1
  let server: Server | null = null
  const sockets = new Set<import('node:net').Socket>()

  function nextFault(req: IncomingMessage, path: string): (SimFault & { left: number; id: number }) | null {
    const f = faults.find(
      (x) =>
        x.left > 0 &&
        (!x.pathPrefix || path.startsWith(x.pathPrefix)) &&
        (!x.method || x.method === req.method),
    )
    if (!f) return null
    f.left--
    faults = faults.filter((x) => x.left > 0)
    store.stats.faultsFired++
    return f
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    if (chunks.length === 0) return null
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      throw new SimHttpError(400, 'invalid-json', 'The request body is not JSON.')
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
    if (store.feed.length > cursor || waitMs <= 0) return
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        store.feedWaiters.delete(done)
        req.off('close', done)
        resolve()
      }
      const timer = setTimeout(done, Math.min(waitMs, MAX_WAIT_MS))
      store.feedWaiters.add(done)
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
    store.stats.requests++
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
    const body =
      req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH' ? await readBody(req) : null
    let result: { status: number; json: unknown }
    if (parts[0] !== 'api' || parts[1] !== 'v1') throw new SimHttpError(404, 'not-found', 'Unknown path.')
    const [, , a, cid, b, tid] = parts
    if (a === 'status' && req.method === 'GET' && parts.length === 3) {
      result = { status: 200, json: { service: 'faces', user: creds.user } }
    } else if (a === 'changes' && req.method === 'GET' && parts.length === 3) {
      const cursor = Math.max(0, Number(url.searchParams.get('cursor') ?? '0') || 0)
      const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? '100') || 100))
      await waitForFeed(cursor, Number(url.searchParams.get('waitMs') ?? '0') || 0, req)
      const changes = store.feed.slice(cursor, cursor + limit)
      result = {
        status: 200,
        json: { changes, nextCursor: cursor + changes.length, latestCursor: store.feed.length },
      }
    } else if (a === 'companies' && cid && !b && req.method === 'GET') {
      result = { status: 200, json: publicCompany(store.company(cid)) }
    } else if (a === 'companies' && cid && b === 'concur-link' && req.method === 'PATCH') {
      result = { status: 200, json: setLink(cid, body) }
    } else if (a === 'companies' && cid && b === 'concur-link' && req.method === 'PUT') {
      throw new SimHttpError(
        405,
        'method-not-allowed',
        'The Concur link is changed with PATCH (only the fields sent change); PUT is no longer accepted.',
      )
    } else if (a === 'companies' && cid && b === 'travellers' && !tid && req.method === 'PUT') {
      result = store.upsert(cid, body)
    } else if (a === 'companies' && cid && b === 'travellers' && !tid && req.method === 'GET') {
      const login = url.searchParams.get('concurLoginId')?.toLowerCase()
      const list = [...store.company(cid).travellers.values()].filter(
        (t) => !login || t.concurLoginId?.toLowerCase() === login,
      )
      result = { status: 200, json: { travellers: list } }
    } else if (a === 'companies' && cid && b === 'travellers' && tid && req.method === 'GET') {
      const t = store.company(cid).travellers.get(tid)
      if (!t) throw new SimHttpError(404, 'traveller-not-found', `No traveller "${tid}" in company "${cid}".`)
      result = { status: 200, json: t }
    } else throw new SimHttpError(404, 'not-found', 'Unknown path.')
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
    const c = store.company(cid)
    c.concurLink = patchConcurLink(c.concurLink, body, clock.nowMs())
    c.linkHistory.push(linkChange(c.concurLink, body as Record<string, unknown>))
    return publicCompany(c)
  }

  function publicCompany(c: CompanyState): unknown {
    return { id: c.id, name: c.name, concurLink: publicLink(c.concurLink) }
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
        companies: [...store.companies.values()].map((c) => ({
          ...(publicCompany(c) as object),
          travellers: [...c.travellers.values()],
        })),
        stats: store.stats,
        feedLength: store.feed.length,
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
      const c = store.createCompany(id, name)
      return { id: c.id, name: c.name, concurLink: c.concurLink }
    },
    getCompany(id) {
      const c = store.companies.get(id)
      return c ? { id: c.id, name: c.name, concurLink: c.concurLink ? { ...c.concurLink } : null } : null
    },
    linkHistory: (companyId) => [...(store.companies.get(companyId)?.linkHistory ?? [])],
    createTraveller(companyId, keys, content) {
      const t = store.newTraveller(companyId, keys, content)
      store.company(companyId).travellers.set(t.id, t)
      store.emit(t, 'user')
      return structuredClone(t)
    },
    editTraveller(companyId, travellerId, patch) {
      const t = store.company(companyId).travellers.get(travellerId)
      if (!t) throw new SimHttpError(404, 'traveller-not-found', `No traveller "${travellerId}".`)
      if (store.applyEdit(t, patch, {})) store.emit(t, 'user')
      return structuredClone(t)
    },
    listTravellers: (companyId) =>
      [...store.company(companyId).travellers.values()].map((t) => structuredClone(t)),
    getTraveller: (companyId, travellerId) => {
      const t = store.companies.get(companyId)?.travellers.get(travellerId)
      return t ? structuredClone(t) : null
    },
    injectFault(fault) {
      const id = nextFaultId++
      faults.push({ ...fault, id, left: fault.untilCleared ? Number.POSITIVE_INFINITY : (fault.count ?? 1) })
      return id
    },
    removeFault: (id) => void (faults = faults.filter((f) => f.id !== id)),
    clearFaults: () => void (faults = []),
    setLatency: (ms) => void (latencyMs = ms),
    stats: () => ({ ...store.stats }),
    reset() {
      store.reset()
      faults = []
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
          const e =
            err instanceof SimHttpError ? err : new SimHttpError(500, 'internal', 'The simulator failed.')
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
      for (const w of [...store.feedWaiters]) w()
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
      server = null
    },
  }
}
