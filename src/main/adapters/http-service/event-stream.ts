/**
 * `GET /events`: pushes to signed-in browsers as Server-Sent Events (@fastify/sse), one JSON
 * message per `data:` frame, with a heartbeat comment so proxies and browsers keep it open.
 * A client that stops reading is dropped once its backlog passes a cap (its EventSource
 * reconnects), so one stalled tab cannot make the desk buffer pushes without limit.
 */
import fastifySse, { type SSEReplyInterface } from '@fastify/sse'
import type { FastifyInstance } from 'fastify'
import type { PushMessage } from '../../../shared/contract'
import type { PushBus } from '../../core/ports'
import type { Logger } from '../../logging/logger'

const MAX_BACKLOG_BYTES = 1024 * 1024

type Stream = { sse: SSEReplyInterface; raw: { writableLength: number }; sessionKey: string | null }

/** Registers the event stream route over the push bus. */
export async function registerEventStream(
  app: FastifyInstance,
  deps: {
    bus: PushBus
    log: Logger
    heartbeatMs: number
    /** Registers a listener for signed-out sessions: their streams close at once. */
    onSessionEnded?: (listener: (sessionKey: string) => void) => void
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

  deps.onSessionEnded?.((sessionKey) => {
    for (const s of streams) {
      if (s.sessionKey !== sessionKey) continue
      streams.delete(s)
      s.sse.close()
    }
  })

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
    const stream: Stream = { sse, raw: reply.raw, sessionKey: request.principal?.sessionKey ?? null }
    streams.add(stream)
    sse.onClose(() => streams.delete(stream))
    return undefined
  })

  app.addHook('preClose', async () => {
    unsubscribe()
    for (const s of streams) s.sse.close()
    streams.clear()
    return Promise.resolve()
  })
}
