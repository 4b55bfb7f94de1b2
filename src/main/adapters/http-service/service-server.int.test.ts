import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPushBus } from '../../app/push-bus'
import { startEchoService } from './echo-service.test-helper'
import { SESSION_COOKIE, type ServiceServer } from './service-server'

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A raw HTTP request, so tests can forge Host and Origin headers as an attacker would. */
function raw(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    if (opts.body) req.write(opts.body)
    req.end()
  })
}

describe('service-mode HTTP transport', () => {
  const bus = createPushBus()
  let server: ServiceServer
  let host: string
  let cookie: string

  beforeAll(async () => {
    server = await startEchoService({ bus, sessionToken: 'test-session-token-0123456789abcdef' })
    host = `127.0.0.1:${server.port}`
    cookie = `${SESSION_COOKIE}=${server.sessionToken}`
  })
  afterAll(() => server.close())

  it('binds to 127.0.0.1 and prints a launch URL carrying the session token', () => {
    expect(server.launchUrl).toBe(
      `http://127.0.0.1:${server.port}/?token=test-session-token-0123456789abcdef`,
    )
  })

  it('answers 401 without a session token', async () => {
    const r = await raw(server.port, { path: '/', headers: { host } })
    expect(r.status).toBe(401)
    expect(r.body).toContain('Open the address the desk printed')
  })

  it('answers 401 to a wrong token, in the URL, the cookie or the Authorization header', async () => {
    expect((await raw(server.port, { path: '/?token=nope', headers: { host } })).status).toBe(401)
    expect(
      (await raw(server.port, { path: '/', headers: { host, cookie: `${SESSION_COOKIE}=nope` } })).status,
    ).toBe(401)
    const rpc = await raw(server.port, {
      method: 'POST',
      path: '/rpc/app:info',
      headers: { host, authorization: 'Bearer nope', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(rpc.status).toBe(401)
  })

  it('swaps the one-time URL token for an HttpOnly SameSite=Strict cookie and strips it from the address', async () => {
    const r = await raw(server.port, { path: `/?token=${server.sessionToken}`, headers: { host } })
    expect(r.status).toBe(303)
    expect(r.headers.location).toBe('/')
    const setCookie = String(r.headers['set-cookie'])
    expect(setCookie).toContain(`${SESSION_COOKIE}=`)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
  })

  it('serves the renderer with a strict CSP once signed in', async () => {
    const r = await raw(server.port, { path: '/', headers: { host, cookie } })
    expect(r.status).toBe(200)
    expect(r.body).toContain('Faces Concur Desk')
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(r.headers['x-frame-options']).toBe('DENY')
  })

  it('rejects a foreign Host header even with a valid session (DNS rebinding)', async () => {
    const r = await raw(server.port, { path: '/', headers: { host: `evil.example:${server.port}`, cookie } })
    expect(r.status).toBe(421)
  })

  it('rejects a foreign Origin even with a valid session (CSRF)', async () => {
    const r = await raw(server.port, {
      method: 'POST',
      path: '/rpc/app:info',
      headers: { host, cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(r.status).toBe(403)
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
    const r = await raw(server.port, {
      method: 'POST',
      path: '/rpc/app:info',
      headers: { host, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    })
    expect(r.status).toBe(415)
  })

  it('does not serve files outside the renderer folder', async () => {
    const r = await raw(server.port, { path: '/..%2f..%2f..%2fetc%2fpasswd', headers: { host, cookie } })
    expect(r.status).toBe(404)
    expect(r.body).not.toContain('root:')
  })

  it('validates rpc input with the contract and returns the Result as JSON', async () => {
    const good = await raw(server.port, {
      method: 'POST',
      path: '/rpc/entities:get',
      headers: { host, cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ entityId: 'e1' }),
    })
    expect(JSON.parse(good.body)).toEqual({
      ok: true,
      value: { echoed: 'entities:get', input: { entityId: 'e1' } },
    })
    const bad = await raw(server.port, {
      method: 'POST',
      path: '/rpc/entities:get',
      headers: { host, cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ entityId: 7 }),
    })
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, problem: { kind: 'invalid-input' } })
  })

  it('streams pushes to signed-in clients over SSE', async () => {
    const controller = new AbortController()
    const res = await fetch(`http://${host}/events`, { headers: { cookie }, signal: controller.signal })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    await reader.read() // ": connected"
    bus.emit('entity:removed', { entityId: 'gone' })
    let text = ''
    while (!text.includes('\n\n') || !text.includes('data:')) {
      const { value } = await reader.read()
      text += new TextDecoder().decode(value)
    }
    controller.abort()
    expect(JSON.parse(text.split('data: ')[1]!.split('\n\n')[0]!)).toEqual({
      channel: 'entity:removed',
      payload: { entityId: 'gone' },
    })
  })
})
