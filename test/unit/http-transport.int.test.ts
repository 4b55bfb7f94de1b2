/**
 * The renderer's HTTP transport against the real service server on loopback: calls, the session
 * check, and the push stream surviving a service restart (reconnect + resync) or turning into a
 * clear "signed out" when the restarted service has a new session key. undici's EventSource
 * stands in for the browser's (Node 20 has none); a dispatcher adds the session cookie a browser
 * would send.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Agent, EventSource, type Dispatcher } from 'undici'
import {
  createHttpTransport,
  type ConnectionState,
  type HttpTransport,
  type PushStream,
} from '../../src/renderer/src/api/http-transport'
import { createPushBus } from '../../src/main/app/push-bus'
import type { PushBus } from '../../src/main/core/ports'
import { startEchoService } from '../../src/main/adapters/http-service/echo-service.test-helper'
import { SESSION_COOKIE, type ServiceServer } from '../../src/main/adapters/http-service/service-server'

const TOKEN = 'transport-test-session-key'
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

/** A dispatcher that sends the session cookie on every request, as the browser does after sign-in. */
function cookieDispatcher(token: () => string): Dispatcher {
  return new Agent().compose((dispatch) => (options, handler) => {
    const cookie = `${SESSION_COOKIE}=${token()}`
    const h = options.headers
    const headers = Array.isArray(h)
      ? [...(h as string[]), 'cookie', cookie]
      : { ...((h as Record<string, string> | null | undefined) ?? {}), cookie }
    return dispatch({ ...options, headers }, handler)
  })
}

async function startService(opts: { port?: number; token?: string; bus?: PushBus } = {}) {
  const bus = opts.bus ?? createPushBus()
  const server = await startEchoService({
    bus,
    sessionToken: opts.token ?? TOKEN,
    ...(opts.port ? { port: opts.port } : {}),
  })
  return { server, bus }
}

/** A transport as the browser page would have it, signed in with `token`. */
function browserTransport(server: ServiceServer) {
  const session = { token: TOKEN }
  const dispatcher = cookieDispatcher(() => session.token)
  const baseUrl = `http://127.0.0.1:${server.port}`
  const waiters: Array<{ state: ConnectionState; resolve: () => void }> = []
  let resyncs = 0
  const transport: HttpTransport = createHttpTransport({
    baseUrl,
    fetchFn: (url, init) => fetch(url, { ...init, dispatcher } as RequestInit),
    openStream: (url) => new EventSource(url, { dispatcher }) as unknown as PushStream,
    // Short but not zero: a signed-out page keeps probing, and should not spin.
    reconnectDelayMs: () => 10,
    onResync: () => void resyncs++,
    onConnectionChange: (state) => {
      for (const w of waiters.filter((x) => x.state === state)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
    },
  })
  cleanups.push(() => transport.close())
  const until = (state: ConnectionState): Promise<void> =>
    transport.connection() === state
      ? Promise.resolve()
      : new Promise((resolve) => waiters.push({ state, resolve }))
  /** What opening the new launch URL does in a browser: the page's cookie carries the new key. */
  const signInWith = (token: string) => void (session.token = token)
  return { transport, until, signInWith, resyncs: () => resyncs }
}

/** Resolves with the next payload pushed on `channel`. */
function nextNotify(transport: HttpTransport): Promise<unknown> {
  return new Promise((resolve) => {
    const off = transport.subscribe('notify', (n) => {
      off()
      resolve(n)
    })
  })
}

const notice = (id: string) => ({ id, level: 'info' as const, title: id, body: '', entityId: null, atMs: 0 })

describe('the renderer HTTP transport against the real service server', () => {
  it('carries contract calls and reports a page without a session as signed out', async () => {
    const { server } = await startService()
    cleanups.push(() => server.close())
    const { transport } = browserTransport(server)
    expect(await transport.call('tokens:preview', { text: 'Entity/Outtask ID: 110034' })).toEqual({
      ok: true,
      value: { echoed: 'tokens:preview', input: { text: 'Entity/Outtask ID: 110034' } },
    })
    const stranger = createHttpTransport({ baseUrl: `http://127.0.0.1:${server.port}` })
    cleanups.push(() => stranger.close())
    const denied = await stranger.call('app:info', {})
    expect(denied).toMatchObject({ ok: false, problem: { kind: 'signed-out' } })
    expect(stranger.connection()).toBe('signed-out')
  })

  it('reports an unreachable service as offline instead of throwing', async () => {
    const api = createHttpTransport({ baseUrl: 'http://127.0.0.1:1' })
    cleanups.push(() => api.close())
    expect(await api.call('app:info', {})).toMatchObject({ ok: false, problem: { kind: 'offline' } })
  })

  it('reconnects the push stream after the service restarts, resyncs, and receives the new pushes', async () => {
    const first = await startService()
    const { transport, until, resyncs } = browserTransport(first.server)
    const before = nextNotify(transport)
    await until('live')
    first.bus.emit('notify', notice('before'))
    expect(await before).toMatchObject({ id: 'before' })

    const port = first.server.port
    await first.server.close()
    await until('reconnecting')
    const second = await startService({ port })
    cleanups.push(() => second.server.close())
    await until('live')
    expect(resyncs()).toBe(1)
    const after = nextNotify(transport)
    second.bus.emit('notify', notice('after'))
    expect(await after).toMatchObject({ id: 'after' })
  })

  it('says signed out when the restarted service has a new session key, and recovers after signing in', async () => {
    const first = await startService()
    const page = browserTransport(first.server)
    page.transport.subscribe('notify', () => {})
    await page.until('live')
    const port = first.server.port
    await first.server.close()
    const second = await startService({ port, token: 'a-new-session-key' })
    cleanups.push(() => second.server.close())
    await page.until('signed-out')
    expect(await page.transport.call('app:info', {})).toMatchObject({
      ok: false,
      problem: { kind: 'signed-out' },
    })
    expect(page.resyncs()).toBe(0)
    page.signInWith('a-new-session-key')
    await page.until('live')
    expect(page.resyncs()).toBe(1)
    const pushed = nextNotify(page.transport)
    second.bus.emit('notify', notice('welcome back'))
    expect(await pushed).toMatchObject({ id: 'welcome back' })
  })
})
