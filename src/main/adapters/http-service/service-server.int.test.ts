import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPushBus } from '../../app/push-bus'
import { signIn, startEchoService } from './echo-service.test-helper'
import { raw } from './raw-request.test-helper'
import type { ServiceServer } from './service-server'

describe('service-mode HTTP transport', () => {
  const bus = createPushBus()
  let server: ServiceServer
  let host: string
  let cookie: string

  beforeAll(async () => {
    server = await startEchoService({ bus, limits: { sseHeartbeatMs: 20 } })
    host = `127.0.0.1:${server.port}`
    cookie = await signIn(server)
  })
  afterAll(() => server.close())

  it('binds to 127.0.0.1 and prints a sign-in link carrying a one-time token', () => {
    expect(server.launchUrl).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{43}$`),
    )
    expect(server.newLaunchUrl()).not.toBe(server.launchUrl)
  })

  it('answers 401 without a session, with how to sign in', async () => {
    const r = await raw(server.port, { path: '/', headers: { host } })
    expect(r.status).toBe(401)
    expect(r.body).toContain('Not signed in')
    expect(r.body).toContain('./desk serve --new-link')
  })

  it('answers 401 to a wrong token, in the URL, the cookie or the Authorization header', async () => {
    expect((await raw(server.port, { path: '/?token=nope', headers: { host } })).status).toBe(401)
    const wrongCookie = `${server.cookieName}=nope`
    expect((await raw(server.port, { path: '/', headers: { host, cookie: wrongCookie } })).status).toBe(401)
    const rpc = await raw(server.port, {
      method: 'POST',
      path: '/rpc/app:info',
      headers: { host, authorization: 'Bearer nope', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(rpc.status).toBe(401)
  })

  it('swaps the sign-in token for an HttpOnly SameSite=Strict cookie and strips it from the address', async () => {
    const r = await raw(server.port, { path: `/${new URL(server.newLaunchUrl()).search}`, headers: { host } })
    expect(r.status).toBe(303)
    expect(r.headers.location).toBe('/')
    const setCookie = String(r.headers['set-cookie'])
    expect(setCookie).toContain(`${server.cookieName}=`)
    expect(server.cookieName).toBe(`desk_session_${server.port}`)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).toContain('Path=/')
    expect(setCookie).not.toContain('Secure')
    expect(setCookie).not.toContain(new URL(server.launchUrl).searchParams.get('token'))
  })

  it('serves the renderer with a strict CSP and no HSTS on plain loopback HTTP', async () => {
    const r = await raw(server.port, { path: '/', headers: { host, cookie } })
    expect(r.status).toBe(200)
    expect(r.body).toContain('Faces Concur Desk')
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'")
    expect(r.headers['x-frame-options']).toBe('DENY')
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    expect(r.headers['cache-control']).toBe('no-store')
    expect(r.headers['strict-transport-security']).toBeUndefined()
  })

  it('rejects a foreign Host header even with a valid session (DNS rebinding)', async () => {
    const r = await raw(server.port, { path: '/', headers: { host: `evil.example:${server.port}`, cookie } })
    expect(r.status).toBe(421)
    const otherPort = await raw(server.port, {
      path: '/',
      headers: { host: `127.0.0.1:${server.port + 1}`, cookie },
    })
    expect(otherPort.status).toBe(421)
  })

  it('rejects a foreign Origin even with a valid session (CSRF), and accepts its own', async () => {
    const post = (origin: string) =>
      raw(server.port, {
        method: 'POST',
        path: '/rpc/app:info',
        headers: { host, cookie, origin, 'content-type': 'application/json' },
        body: '{}',
      })
    expect((await post('https://evil.example')).status).toBe(403)
    expect((await post(`http://127.0.0.1:${server.port + 1}`)).status).toBe(403)
    expect((await post(`http://${host}`)).status).toBe(200)
  })

  it('sends no CORS headers and refuses preflights', async () => {
    const r = await raw(server.port, {
      method: 'OPTIONS',
      path: '/rpc/app:info',
      headers: { host, cookie, 'access-control-request-method': 'POST' },
    })
    expect(r.status).toBe(405)
    expect(r.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('accepts JSON only on /rpc, so a cross-site form post cannot reach a handler', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const r = await raw(server.port, {
        method: 'POST',
        path: '/rpc/app:info',
        headers: { host, cookie, 'content-type': type },
        body: 'a=1',
      })
      expect(r.status).toBe(415)
    }
    const get = await raw(server.port, { path: '/rpc/app:info', headers: { host, cookie } })
    expect(get.status).toBe(405)
  })

  it('does not serve files outside the renderer folder', async () => {
    for (const path of [
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/../../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const r = await raw(server.port, { path, headers: { host, cookie } })
      expect(r.status).toBe(404)
      expect(r.body).not.toContain('root:')
    }
  })

  it('validates rpc input with the contract and returns the Result as JSON', async () => {
    const call = (body: string) =>
      raw(server.port, {
        method: 'POST',
        path: '/rpc/entities:get',
        headers: { host, cookie, 'content-type': 'application/json' },
        body,
      })
    const good = await call(JSON.stringify({ entityId: 'e1' }))
    expect(good.headers['cache-control']).toBe('no-store')
    expect(JSON.parse(good.body)).toEqual({
      ok: true,
      value: { echoed: 'entities:get', input: { entityId: 'e1' } },
    })
    const bad = await call(JSON.stringify({ entityId: 7 }))
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, problem: { kind: 'invalid-input' } })
    const broken = await call('{"entityId":')
    expect(broken.status).toBe(400)
    expect(JSON.parse(broken.body)).toMatchObject({
      ok: false,
      problem: { message: 'The request body is not valid JSON.' },
    })
  })

  it('streams pushes to signed-in clients over SSE, with heartbeats', async () => {
    const controller = new AbortController()
    const res = await fetch(`http://${host}/events`, {
      headers: { cookie, accept: 'text/event-stream' },
      signal: controller.signal,
    })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    let text = ''
    const readUntil = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) text += new TextDecoder().decode((await reader.read()).value)
    }
    await readUntil(': connected')
    await readUntil(': heartbeat')
    bus.emit('entity:removed', { entityId: 'gone' })
    await readUntil('gone"}}\n\n')
    controller.abort()
    expect(JSON.parse(text.split('data: ')[1]!.split('\n\n')[0]!)).toEqual({
      channel: 'entity:removed',
      payload: { entityId: 'gone' },
    })
  })

  it('refuses the event stream without a session', async () => {
    const r = await raw(server.port, { path: '/events', headers: { host, accept: 'text/event-stream' } })
    expect(r.status).toBe(401)
  })
})
