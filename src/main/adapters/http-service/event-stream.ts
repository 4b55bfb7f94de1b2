/**
 * `GET /events`: pushes to signed-in browsers as Server-Sent Events (@fastify/sse), one JSON
 * message per `data:` frame, with a heartbeat comment so proxies and browsers keep it open.
 * A client that stops reading is dropped once its backlog passes a cap (its EventSource
 * reconnects), so one stalled tab cannot make the desk buffer pushes without limit.
 *
 * A stream lives no longer than the credential that opened it: one that ends in this process
 * (sign-out, the user disabled or reset, the access token revoked) closes its streams at once, and
 * every `recheckMs` the named users' streams are asked again, all in one question (a session that
 * expired, a change `./desk users` made from another process). The page's reconnect then meets
 * 401: "signed out".
 */
import fastifySse, { type SSEReplyInterface } from '@fastify/sse'
import type { FastifyInstance } from 'fastify'
import type { PushMessage } from '../../../shared/contract'
import type { PushBus } from '../../core/ports'
import type { Principal } from '../../core/team/principal'
import { endsPrincipal, type EndedCredential } from '../../core/team/team-auth-port'
import type { Logger } from '../../logging/logger'

const MAX_BACKLOG_BYTES = 1024 * 1024

type Stream = { sse: SSEReplyInterface; raw: { writableLength: number }; principal: Principal | null }
type NamedStream = Stream & { principal: Principal }

/** Which credentials end, and whether one still holds. */
export type StreamCredentials = {
  onEnded(listener: (ended: EndedCredential) => void): () => void
  /** For each principal, whether it still holds (one answer for all open streams). */
  currentOf(principals: readonly Principal[]): Promise<boolean[]>
  /** How often open streams of named users are checked again. */
  recheckMs: number
}

const named = (s: Stream): s is NamedStream =>
  s.principal?.via === 'password' || s.principal?.via === 'access-token'

/** Registers the event stream route over the push bus. */
export async function registerEventStream(
  app: FastifyInstance,
  deps: {
    bus: PushBus
    log: Logger
    heartbeatMs: number
    credentials?: StreamCredentials
  },
): Promise<void> {
  await app.register(fastifySse, { heartbeatInterval: deps.heartbeatMs })
  const streams = new Set<Stream>()

  const unsubscribe = deps.bus.subscribe((message: PushMessage) => {
    for (const s of streams) {
      if (s.raw.writableLength > MAX_BACKLOG_BYTES) {
        deps.log.warn('events: dropped a client that stopped reading pushes', {
          backlogBytes: s.raw.writableLength,
        })
        streams.delete(s)
        s.sse.close()
        continue
      }
      s.sse.send({ data: message }).catch(() => streams.delete(s))
    }
  })

  const end = (s: Stream): void => {
    streams.delete(s)
    s.sse.close()
  }
  const credentials = deps.credentials
  const stopListening = credentials?.onEnded((ended) => {
    for (const s of streams) if (s.principal && endsPrincipal(ended, s.principal)) end(s)
  })
  let checking = false
  const recheck = async (): Promise<void> => {
    if (!credentials || checking) return
    checking = true
    try {
      const open = [...streams].filter(named)
      if (open.length === 0) return
      // A failed check (the database away for a moment) keeps every stream: asked again next tick.
      const current = await credentials.currentOf(open.map((s) => s.principal)).catch(() => null)
      open.forEach((s, i) => {
        if (current?.[i] === false && streams.has(s)) end(s)
      })
    } finally {
      checking = false
    }
  }
  const timer = credentials ? setInterval(() => void recheck(), credentials.recheckMs) : null
  timer?.unref()

  app.get('/events', { sse: true }, async (request, reply) => {
    // @fastify/sse hands the route to us unchanged when the client did not ask for an event stream.
    const sse = (reply as { sse?: SSEReplyInterface }).sse
    if (!sse) {
      return reply
        .code(406)
        .type('text/plain; charset=utf-8')
        .send('Open /events as an event stream (Accept: text/event-stream).')
    }
    sse.keepAlive()
    reply.header('cache-control', 'no-store')
    sse.sendHeaders()
    reply.raw.write(': connected\n\n')
    const stream: Stream = { sse, raw: reply.raw, principal: request.principal ?? null }
    streams.add(stream)
    sse.onClose(() => streams.delete(stream))
    return undefined
  })

  app.addHook('preClose', async () => {
    unsubscribe()
    stopListening?.()
    if (timer) clearInterval(timer)
    for (const s of streams) s.sse.close()
    streams.clear()
    return Promise.resolve()
  })
}
