/**
 * Service mode's transport: the same renderer and the same contract over HTTP on 127.0.0.1.
 *
 * Security model (a browser on the same machine is the client, any web page it visits is the
 * attacker): bind loopback only; a random session token per start, carried once in the printed
 * URL and swapped for an HttpOnly SameSite=Strict cookie; every request needs it; the Host header
 * must name our loopback address (DNS rebinding) and a present Origin must be ours (CSRF); JSON
 * only on /rpc; no CORS headers at all, so foreign pages can neither read nor preflight.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { PushMessage } from '../../../shared/contract'
import type { Dispatch, PushBus } from '../../core/ports'
import type { Logger } from '../../logging/logger'

export const SESSION_COOKIE = 'desk_session'
const MAX_BODY_BYTES = 6 * 1024 * 1024
const SSE_HEARTBEAT_MS = 15_000

/** The Content-Security-Policy every page of the desk is served with. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export type ServiceServerOptions = {
  dispatch: Dispatch
  bus: PushBus
  log: Logger
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token for tests; random otherwise. */
  sessionToken?: string
}

/** A running service-mode server. */
export interface ServiceServer {
  readonly port: number
  /** The URL to open once: it carries the session token. */
  readonly launchUrl: string
  readonly sessionToken: string
  close(): Promise<void>
}

/** Starts the HTTP transport on 127.0.0.1. */
export async function startServiceServer(opts: ServiceServerOptions): Promise<ServiceServer> {
  const token = opts.sessionToken ?? randomBytes(32).toString('base64url')
  const tokenBytes = Buffer.from(token)
  const rendererRoot = resolve(opts.rendererDir)
  const log = opts.log.child('service-http')
  const streams = new Set<ServerResponse>()
  let port = 0

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])

  function isTokenValid(candidate: string | undefined | null): boolean {
    if (!candidate) return false
    const b = Buffer.from(candidate)
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes)
  }

  function sessionOf(req: IncomingMessage): string | null {
    const auth = req.headers.authorization
    if (auth?.startsWith('Bearer ')) return auth.slice(7)
    const cookie = req.headers.cookie ?? ''
    for (const part of cookie.split(';')) {
      const [k, ...v] = part.trim().split('=')
      if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='))
    }
    return null
  }

  function securityHeaders(res: ServerResponse): void {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
  }

  function sendText(res: ServerResponse, status: number, text: string): void {
    res.statusCode = status
    res.setHeader('Content-Type', 'text/plain; charset=utf-8')
    res.setHeader('Cache-Control', 'no-store')
    res.end(text)
  }

  function sendJson(res: ServerResponse, status: number, body: unknown): void {
    res.statusCode = status
    res.setHeader('Content-Type', 'application/json; charset=utf-8')
    res.setHeader('Cache-Control', 'no-store')
    res.end(JSON.stringify(body))
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY_BYTES) throw new Error('body too large')
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks).toString('utf8')
  }

  async function serveStatic(res: ServerResponse, urlPath: string): Promise<void> {
    let rel = decodeURIComponent(urlPath)
    if (rel === '/' || rel === '') rel = '/index.html'
    const file = normalize(join(rendererRoot, rel))
    if (file !== rendererRoot && !file.startsWith(rendererRoot + sep)) return sendText(res, 404, 'Not found')
    try {
      const info = await stat(file)
      if (!info.isFile()) return sendText(res, 404, 'Not found')
      const body = await readFile(file)
      res.statusCode = 200
      res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream')
      res.setHeader('Cache-Control', extname(file) === '.html' ? 'no-store' : 'private, max-age=3600')
      res.end(body)
    } catch {
      if (rel === '/index.html') {
        return sendText(
          res,
          503,
          'The desk UI has not been built yet. Run `npm run build` (or `npm start`, which builds it), then reload.',
        )
      }
      sendText(res, 404, 'Not found')
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res)
    const host = req.headers.host ?? ''
    if (!allowedHosts().has(host)) {
      log.warn('request: rejected foreign Host header', { host: host.slice(0, 100) })
      return sendText(res, 421, 'Misdirected request: this desk only answers on its own 127.0.0.1 address.')
    }
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
      log.warn('request: rejected foreign Origin', { origin: origin.slice(0, 100) })
      return sendText(res, 403, 'Forbidden: requests from other web sites are not accepted.')
    }
    const url = new URL(req.url ?? '/', `http://${host}`)

    // The launch URL: swap the one-time query token for a cookie and drop it from the address bar.
    if (req.method === 'GET' && url.searchParams.has('token')) {
      if (!isTokenValid(url.searchParams.get('token'))) {
        return sendText(
          res,
          401,
          'This desk address has an unknown key. Open the address the desk printed at start.',
        )
      }
      res.setHeader(
        'Set-Cookie',
        `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      )
      res.statusCode = 303
      res.setHeader('Location', url.pathname)
      return void res.end()
    }

    if (!isTokenValid(sessionOf(req))) {
      return sendText(
        res,
        401,
        'Not signed in to this desk. Open the address the desk printed when it started (it carries a one-time key).',
      )
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST for /rpc calls.')
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendText(res, 415, 'Send JSON (Content-Type: application/json).')
      }
      let input: unknown
      try {
        const raw = await readBody(req)
        input = raw.length ? JSON.parse(raw) : {}
      } catch {
        return sendJson(res, 400, {
          ok: false,
          problem: { kind: 'invalid-input', message: 'The request body is not valid JSON.' },
        })
      }
      const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length))
      return sendJson(res, 200, await opts.dispatch(channel, input))
    }

    if (url.pathname === '/events') {
      if (req.method !== 'GET') return sendText(res, 405, 'Use GET for /events.')
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      })
      res.write(': connected\n\n')
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.')
    return serveStatic(res, url.pathname)
  }

  const unsubscribe = opts.bus.subscribe((message: PushMessage) => {
    const frame = `data: ${JSON.stringify(message)}\n\n`
    for (const s of streams) s.write(frame)
  })
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': heartbeat\n\n')
  }, SSE_HEARTBEAT_MS)
  heartbeat.unref()

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error('request: unexpected failure', { err })
      if (!res.headersSent) sendText(res, 500, 'The desk service hit an unexpected error; see its log.')
      else res.end()
    })
  })
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen())
  })
  port = (server.address() as AddressInfo).port

  return {
    port,
    sessionToken: token,
    launchUrl: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      clearInterval(heartbeat)
      unsubscribe()
      for (const s of streams) s.end()
      streams.clear()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
