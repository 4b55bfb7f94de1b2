/**
 * The renderer's HTTP transport against the real service server on loopback: calls, the session
 * check, and the push stream across a service restart: sessions live in the service's memory, so
 * a restarted service signs the page out (said clearly), and after signing in with a fresh link
 * the stream reconnects, resyncs and receives the new pushes. undici's EventSource
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
import { signIn, startEchoService } from '../../src/main/adapters/http-service/echo-service.test-helper'
import type { ServiceServer } from '../../src/main/adapters/http-service/service-server'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

/** A dispatcher that sends the session cookie on every request, as the browser does after sign-in. */
function cookieDispatcher(cookieOf: () => string): Dispatcher {
  return new Agent().compose((dispatch) => (options, handler) => {
    const cookie = cookieOf()
    const h = options.headers
    const headers = Array.isArray(h)
      ? [...(h as string[]), 'cookie', cookie]
      : { ...((h as Record<string, string> | null | undefined) ?? {}), cookie }
    return dispatch({ ...options, headers }, handler)
  })
}

async function startService(opts: { port?: number; bus?: PushBus } = {}) {
  const bus = opts.bus ?? createPushBus()
  const server = await startEchoService({ bus, ...(opts.port ? { port: opts.port } : {}) })
  return { server, bus }
}

/** A transport as the browser page would have it, signed in with `cookie` (`name=value`). */
function browserTransport(server: ServiceServer, cookie: string) {
  const session = { cookie }
  const dispatcher = cookieDispatcher(() => session.cookie)
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
  /** What opening a new sign-in link does in a browser: the page's cookie carries the new session. */
  const signInWith = (next: string) => void (session.cookie = next)
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
    const { transport } = browserTransport(server, await signIn(server))
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

  it('says signed out after the service restarts (sessions do not survive it), and after a fresh link reconnects, resyncs and receives new pushes', async () => {
    const first = await startService()
    const page = browserTransport(first.server, await signIn(first.server))
    const before = nextNotify(page.transport)
    await page.until('live')
    first.bus.emit('notify', notice('before'))
    expect(await before).toMatchObject({ id: 'before' })

    const port = first.server.port
    await first.server.close()
    const second = await startService({ port })
    cleanups.push(() => second.server.close())
    await page.until('signed-out')
    expect(await page.transport.call('app:info', {})).toMatchObject({
      ok: false,
      problem: { kind: 'signed-out' },
    })
    expect(page.resyncs()).toBe(0)
    page.signInWith(await signIn(second.server))
    await page.until('live')
    expect(page.resyncs()).toBe(1)
    const pushed = nextNotify(page.transport)
    second.bus.emit('notify', notice('welcome back'))
    expect(await pushed).toMatchObject({ id: 'welcome back' })
  })

  it('shows the 413 answer of an oversized call as its clear message, not as "invalid JSON"', async () => {
    const { server } = await startService()
    cleanups.push(() => server.close())
    const { transport } = browserTransport(server, await signIn(server))
    const r = await transport.call('tokens:preview', { text: 'x'.repeat(7 * 1024 * 1024) })
    expect(r).toMatchObject({ ok: false, problem: { kind: 'invalid-input' } })
    if (!r.ok) expect(r.problem.message).toContain('larger than this desk accepts (6 MB)')
  })
})
