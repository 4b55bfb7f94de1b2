/**
 * The desk's HTTP app (fastify): one place where every request passes the same gates in order,
 *
 *   security headers (helmet) → Host / Origin (request-guard) → sign-in routes (the
 *   Authenticator's) → authenticate: principal or 401 → rate limit per principal → route
 *
 * and the routes: `POST /rpc/<channel>` (JSON only, the transport-neutral dispatch, a Result
 * back), `GET /events` (SSE) and the static renderer. No CORS headers at all, so foreign pages
 * can neither read answers nor preflight.
 */
import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerFactory,
} from 'fastify'
import type { Dispatch, PushBus } from '../../core/ports'
import type { Logger } from '../../logging/logger'
import type { Authenticator } from './authenticator'
import { registerEventStream, type StreamCredentials } from './event-stream'
import { noticePage } from './notice-page'
import { createRequestGuard, type AllowedHosts } from './request-guard'
import type { RejectionLog } from './rejection-log'
import { createErrorHandler, sendProblem } from './service-errors'
import { helmetOptions } from './security-headers'
import { registerStaticRenderer } from './static-renderer'

/** Everything the app needs; the HTTP server itself comes from `serverFactory`. */
export type ServiceAppDeps = {
  dispatch: Dispatch
  bus: PushBus
  log: Logger
  rendererDir: string
  authenticator: Authenticator
  allowedHosts: () => AllowedHosts
  rejections: RejectionLog
  serverFactory: FastifyServerFactory
  tls: boolean
  maxBodyBytes: number
  requestsPerMinute: number
  sseHeartbeatMs: number
  /** Named users' credentials: their event streams close when they end. */
  streamCredentials?: StreamCredentials
}

const isJson = (contentType: string | undefined): boolean =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json'

/** Builds the app with all plugins, hooks and routes loaded (not yet listening). */
export async function buildServiceApp(deps: ServiceAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    serverFactory: deps.serverFactory,
    logger: false,
    bodyLimit: deps.maxBodyBytes,
    trustProxy: false,
    forceCloseConnections: true,
    return503OnClosing: true,
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      // Node's parser gave up: header timeout (408), headers too large (431), not HTTP (400).
      if (err.code === 'ECONNRESET' || socket.destroyed) return
      deps.rejections.count('client-error')
      const status =
        err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : err.code === 'HPE_HEADER_OVERFLOW'
            ? '431 Request Header Fields Too Large'
            : '400 Bad Request'
      if (socket.writable)
        socket.write(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
      socket.destroy()
    },
    frameworkErrors: (error, _request, rawReply) => {
      // Malformed percent-encoding in the path, before any hook runs: a clean 400, never a 500.
      deps.rejections.count('malformed-url')
      void (rawReply as FastifyReply)
        .code(400)
        .header('connection', 'close')
        .type('text/plain; charset=utf-8')
        .send(
          error.code === 'FST_ERR_BAD_URL'
            ? 'Bad request: the address is not valid (malformed percent-encoding).'
            : 'Bad request.',
        )
    },
  })
  app.decorateRequest('principal', null)
  app.setErrorHandler(
    createErrorHandler({ log: deps.log, rejections: deps.rejections, maxBodyBytes: deps.maxBodyBytes }),
  )

  // JSON is the only body the desk reads; an empty body is an empty input, as the contract expects.
  app.removeAllContentTypeParsers()
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, {})
    void parseJson(request, body as string, done)
  })

  await app.register(fastifyCookie)
  await app.register(fastifyHelmet, helmetOptions(deps.tls))
  app.addHook('onRequest', createRequestGuard(deps.allowedHosts, deps.rejections))
  deps.authenticator.register(app)
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.principal ??= await deps.authenticator.authenticate(request)
    if (request.principal || request.routeOptions.config.public === true) return undefined
    if (await deps.authenticator.isPublic?.(request)) return undefined
    deps.rejections.count('no-session')
    void reply.code(401).header('cache-control', 'no-store').header('connection', 'close')
    if ((request.headers.accept ?? '').includes('text/html')) {
      return reply
        .type('text/html; charset=utf-8')
        .send(noticePage('Not signed in', [deps.authenticator.signInHint]))
    }
    return reply.type('text/plain; charset=utf-8').send(deps.authenticator.signInHint)
  })
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'onRequest',
    max: deps.requestsPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.principal ? `principal:${request.principal.id}` : `ip:${request.ip}`),
    onExceeded: () => deps.rejections.count('rate-limited'),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'rate-limited',
      message: `Too many requests: this desk accepts ${context.max} a minute from one person. Try again in ${context.after}.`,
    }),
  })

  app.post('/rpc/:channel', {
    onRequest: async (request, reply) => {
      if (isJson(request.headers['content-type'])) return undefined
      deps.rejections.count('not-json')
      return sendProblem(reply, 415, 'invalid-input', 'Send JSON (Content-Type: application/json).')
    },
    handler: async (request, reply) => {
      const { channel } = request.params as { channel: string }
      const result = await deps.dispatch(channel, request.body ?? {}, request.principal ?? undefined)
      if (!result.ok && result.problem.kind === 'forbidden') {
        deps.rejections.count('forbidden')
        void reply.code(403)
      }
      return reply.header('cache-control', 'no-store').send(result)
    },
  })
  const methodNotAllowed = (text: string) => async (_request: FastifyRequest, reply: FastifyReply) => {
    deps.rejections.count('method')
    return reply.code(405).type('text/plain; charset=utf-8').send(text)
  }
  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: '/rpc/*',
    handler: methodNotAllowed('Use POST for /rpc calls.'),
  })
  app.route({
    method: ['POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/events',
    handler: methodNotAllowed('Use GET for /events.'),
  })
  app.route({ method: 'OPTIONS', url: '*', handler: methodNotAllowed('Method not allowed.') })
  app.route({
    method: ['POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/*',
    handler: methodNotAllowed('Method not allowed.'),
  })

  await registerEventStream(app, {
    bus: deps.bus,
    log: deps.log,
    heartbeatMs: deps.sseHeartbeatMs,
    ...(deps.streamCredentials ? { credentials: deps.streamCredentials } : {}),
  })
  await registerStaticRenderer(app, deps.rendererDir)
  return app
}
