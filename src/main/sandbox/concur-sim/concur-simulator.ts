/**
 * A faithful fake of SAP Concur's OAuth2 token service and Travel Profile v2 (docs/concur-api.md §6), served
 * over real HTTP on 127.0.0.1: a GLZ token host plus one port per data centre. Tests, the Sandbox
 * and manual runs (`run-concur-sim.ts`) use it. Time comes from the injected Clock (including the
 * simulated processing time, so a fake clock never waits real time); only latency faults, the
 * `latencyMs` option and timeouts use real time, because they exist to exercise real timers.
 *
 * The defaults are Concur's strictest documented behaviour: the refresh token rotates on every
 * refresh and the old one dies at once, its lifetime is fixed six months from the exchange, request
 * tokens are single-use and expire, geolocations come with the documented oddities, and an unknown
 * login gets E003. Where the docs disagree (§8) the friendlier variants stay available as options.
 * The parts: sim-token-service.ts, sim-profile-service.ts, sim-admin.ts over sim-state.ts.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createSimAdmin } from './sim-admin'
import type { FaultRoute, FaultRule } from './sim-faults'
import { createProfileService } from './sim-profile-service'
import {
  createSimState,
  latencyOf,
  type ConcurSimulator,
  type ConcurSimulatorOptions,
  type Reply,
  type SimRequestLogEntry,
} from './sim-state'
import { createTokenService } from './sim-token-service'

export type { FaultRule, FaultKind, FaultRoute } from './sim-faults'
export type { DemoSeed } from './seed-demo'
export type {
  ConcurSimAdmin,
  ConcurSimulator,
  ConcurSimulatorOptions,
  ResponseVariant,
  SimCompany,
  SimRequestLogEntry,
  SimTraveller,
  TravellerChanges,
} from './sim-state'

/** Creates a Concur simulator: a GLZ token host plus data centres on loopback, with an admin API. */
export function createConcurSimulator(opts: ConcurSimulatorOptions): ConcurSimulator {
  const state = createSimState(opts)
  const { clock, faults, log, urls, dcNames } = state
  const { tokenError, handleToken } = createTokenService(state)
  const { xmlError, messageNode, authorise, summary, profileGet, profilePost, profileXml } =
    createProfileService(state)
  const { admin, handleAdmin } = createSimAdmin(state, (t) => profileXml(t))
  const servers = new Map<string, Server>()
  const sockets = new Set<Socket>()

  function routeOf(
    server: string,
    method: string,
    path: string,
  ): Exclude<FaultRoute, 'any'> | 'admin' | 'unknown' {
    if (path === '/oauth2/v0/token' && method === 'POST') return 'token'
    if (server === 'glz' && path.startsWith('/_admin/')) return 'admin'
    if (path === '/api/travelprofile/v2.0/summary' && method === 'GET') return 'summary'
    if (path === '/api/travelprofile/v2.0/profile' && method === 'GET') return 'profile-get'
    if (path === '/api/travelprofile/v2.0/profile' && method === 'POST') return 'profile-post'
    return 'unknown'
  }

  async function handle(server: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim')
    const method = req.method ?? 'GET'
    const route = routeOf(server, method, url.pathname)
    const headerId = req.headers['concur-correlationid']
    const correlationId = typeof headerId === 'string' && headerId ? headerId : randomUUID()
    const entry: SimRequestLogEntry = {
      atMs: clock.nowMs(),
      server,
      method,
      route,
      path: url.pathname,
      status: null,
      correlationId,
    }
    if (route !== 'admin') log.push(entry)
    const raw = await readBody(req)

    if (route === 'admin') {
      const reply = handleAdmin(method, url, raw)
      return send(res, reply, correlationId)
    }
    if (opts.latencyMs) await realDelay(opts.latencyMs)
    let replyLost = false
    if (route !== 'unknown') {
      for (const rule of faults.take(route, server)) {
        entry.fault = rule.kind
        if (rule.kind === 'latency') {
          await realDelay(rule.latencyMs ?? 1000)
          continue
        }
        if (rule.kind === 'lost-reply') {
          replyLost = true
          continue
        }
        if (rule.kind === 'timeout') return // hang until the client gives up; stop() destroys the socket
        if (rule.kind === 'drop') {
          req.socket.destroy()
          return
        }
        const reply = faultReply(rule, route, correlationId)
        entry.status = reply.status
        return send(res, reply, correlationId)
      }
    }
    // Concur's processing time, on the injected clock: a fake clock moves on without waiting.
    const processingMs = route === 'unknown' ? 0 : latencyOf(opts, route)
    if (processingMs > 0) await clock.wait(processingMs)
    let reply: Reply & { grantType?: string }
    if (route === 'token') reply = handleToken(server, req, raw, url.searchParams)
    else if (route === 'unknown' || server === 'glz')
      reply = xmlError(404, `No such resource: ${url.pathname}`)
    else {
      const auth = authorise(req, server)
      if (!('status' in auth)) entry.companyUuid = auth.companyUuid
      if ('status' in auth) reply = auth
      else if (route === 'summary') reply = summary(auth, url.searchParams, server)
      else if (route === 'profile-get') reply = profileGet(auth, url.searchParams, correlationId)
      else reply = profilePost(auth, raw, correlationId)
    }
    entry.status = reply.status
    if (reply.code !== undefined) entry.code = reply.code
    if (reply.grantType) entry.grantType = reply.grantType
    // Processed, never answered: the client times out not knowing (stop() destroys the socket).
    if (replyLost) return
    send(res, reply, correlationId)
  }

  function faultReply(rule: FaultRule, route: string, correlationId: string): Reply {
    const retryAfter = String(rule.retryAfterSec ?? 1)
    switch (rule.kind) {
      case 'status-429':
        return {
          status: 429,
          contentType: 'application/json',
          headers: { 'retry-after': retryAfter },
          body: JSON.stringify({
            httpStatus: '429 - Too Many Requests',
            error: { id: 'security.rate.limit.reached', message: 'Too many requests' },
          }),
        }
      case 'status-503':
        return { ...xmlError(503, 'Server timed out'), headers: { 'retry-after': retryAfter } }
      case 'status-403':
        return route === 'token'
          ? tokenError(403, 53, 'invalid_client', 'company is not enabled for this client')
          : xmlError(403, 'The access token is expired, revoked or unknown.')
      case 'code-134':
        return tokenError(400, 134, 'invalid_request', 'Company undergoing scheduled maintenance')
      case 'rejection':
        return xmlError(400, [
          messageNode(
            {
              code: rule.messageCode ?? 'E002',
              message: 'Required field missing',
              field: 'General/LastName',
            },
            correlationId,
          ),
        ])
      case 'malformed-xml':
        if (route === 'token')
          return { status: 200, contentType: 'application/json', body: '{"access_token": "trunc' }
        if (route === 'summary')
          return {
            status: 200,
            contentType: 'application/xml',
            body: '<ConnectResponse><Metadata><Paging><TotalPages>1</TotalPages>',
          }
        return {
          status: 200,
          contentType: 'application/xml',
          body: '<?xml version="1.0"?>\n<ProfileResponse Status="Active"LoginId="broken">\n<General>',
        }
      default:
        return xmlError(500, 'Internal Server Error')
    }
  }

  function send(res: ServerResponse, reply: Reply, correlationId: string): void {
    if (res.destroyed) return
    const body = Buffer.from(reply.body, 'utf8')
    res.writeHead(reply.status, {
      'content-type':
        reply.contentType === 'application/json'
          ? 'application/json;charset=UTF-8'
          : 'application/xml; charset=utf-8',
      'content-length': String(body.length),
      'concur-correlationid': correlationId,
      // The HTTP Date by the simulated clock (as the real service's clock): the desk reads it.
      date: new Date(clock.nowMs()).toUTCString(),
      ...(reply.headers ?? {}),
    })
    res.end(body)
  }

  async function listen(name: string): Promise<void> {
    const server = createServer((req, res) => {
      handle(name, req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed)
          send(
            res,
            xmlError(500, `Simulator failure: ${err instanceof Error ? err.message : String(err)}`),
            randomUUID(),
          )
      })
    })
    server.on('connection', (socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    servers.set(name, server)
    urls.set(name, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  }

  return {
    async start() {
      if (servers.size === 0) for (const name of ['glz', ...dcNames]) await listen(name)
      return {
        glzUrl: urls.get('glz')!,
        dataCentres: Object.fromEntries(dcNames.map((d) => [d, urls.get(d)!])),
      }
    },
    async stop() {
      for (const socket of sockets) socket.destroy()
      await Promise.all(
        [...servers.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      )
      servers.clear()
      urls.clear()
    },
    admin,
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > 2_000_000) req.destroy()
      else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Latency is real time on purpose: it exercises the client's real timeout, which the injected clock cannot. */
function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
