/**
 * Findings of an attacker's 30,000 requests against the first, hand-written service server,
 * each pinned by a test that failed on that server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryLogger } from '../../logging/logger'
import { signIn, startEchoService } from './echo-service.test-helper'
import { raw } from './raw-request.test-helper'
import type { ServiceServer } from './service-server'

describe('service-mode HTTP hardening', () => {
  const log = createMemoryLogger()
  let server: ServiceServer
  let host: string
  let cookie: string
  const rpc = (body: string | Buffer, headers: Record<string, string> = {}) =>
    raw(server.port, {
      method: 'POST',
      path: '/rpc/tokens:preview',
      headers: { host, cookie, 'content-type': 'application/json', ...headers },
      body,
    })

  beforeAll(async () => {
    server = await startEchoService({ log })
    host = `127.0.0.1:${server.port}`
    cookie = await signIn(server)
  })
  afterAll(() => server.close())

  it('answers malformed percent-encoding with a clean 400, before and after sign-in', async () => {
    for (const path of ['/%E0%A4%A', '/rpc/%E0%A4%A', '/assets/%ZZ.js', '/%']) {
      for (const headers of [{ host }, { host, cookie }] as Record<string, string>[]) {
        const r = await raw(server.port, { method: path.startsWith('/rpc') ? 'POST' : 'GET', path, headers })
        expect(r.status).toBe(400)
        expect(r.body).toBe('Bad request: the address is not valid (malformed percent-encoding).')
      }
    }
    const badCookie = await raw(server.port, {
      path: '/',
      headers: { host, cookie: `${server.cookieName}=%E0%A4%A` },
    })
    expect(badCookie.status).toBe(401)
    const badToken = await raw(server.port, { path: '/?token=%E0%A4%A', headers: { host } })
    expect(badToken.status).toBe(401)
    expect(badToken.body).toContain('This sign-in link is not valid')
  })

  it('cannot be locked out by a cookie planted from another port: every value under the name is tried', async () => {
    const planted = [
      `${server.cookieName}=planted-by-another-page`,
      `${server.cookieName}=%E0%A4%A`,
      'desk_session=planted',
    ].join('; ')
    const shadowed = await raw(server.port, { path: '/', headers: { host, cookie: `${planted}; ${cookie}` } })
    expect(shadowed.status).toBe(200)
    const call = await rpc('{"text":"x"}', { cookie: `${planted}; ${cookie}` })
    expect(JSON.parse(call.body)).toMatchObject({ ok: true })
    // The cookie of a desk on another port is a different name: it never signs in here.
    const otherPortName = cookie.replace(`_${server.port}=`, `_${server.port + 1}=`)
    expect((await raw(server.port, { path: '/', headers: { host, cookie: otherPortName } })).status).toBe(401)
  })

  it('answers a body over the cap with 413 and a clear message, not "invalid JSON"', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024 + 1, 0x20)
    const declared = await rpc(big)
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body)).toEqual({
      ok: false,
      problem: {
        kind: 'invalid-input',
        message:
          'The request is larger than this desk accepts (6 MB). Send less at once, e.g. paste fewer token blocks or import the CSV in parts.',
      },
    })
    const chunked = await rpc(big, { 'transfer-encoding': 'chunked' })
    expect(chunked.status).toBe(413)
  })

  it('spends a sign-in link on first use; a second use gets a page that says how to get a new one', async () => {
    const link = server.newLaunchUrl()
    const first = await fetch(link, { redirect: 'manual' })
    expect(first.status).toBe(303)
    const again = await fetch(link, { redirect: 'manual' })
    expect(again.status).toBe(401)
    const page = await again.text()
    expect(again.headers.get('content-type')).toContain('text/html')
    expect(page).toContain('This sign-in link has been used up')
    expect(page).toContain('./desk serve --new-link')
    expect(again.headers.get('set-cookie')).toBeNull()
    // The browser that spent it may reopen it: it is signed in already and simply goes on.
    const signedIn = first.headers.get('set-cookie')!.split(';')[0]!
    const reopen = await fetch(link, { redirect: 'manual', headers: { cookie: signedIn } })
    expect(reopen.status).toBe(303)
    expect(reopen.headers.get('set-cookie')).toBeNull()
    // A fresh link signs another browser in.
    expect(await signIn(server)).toMatch(new RegExp(`^${server.cookieName}=`))
  })

  it('counts rejected requests and logs them aggregated, never one line per request', async () => {
    const before = server.rejectionTotals()
    const linesBefore = log.lines.length
    const attacks: Promise<unknown>[] = []
    for (let i = 0; i < 200; i++)
      attacks.push(raw(server.port, { path: '/', headers: { host: 'evil.example' } }))
    for (let i = 0; i < 100; i++) attacks.push(raw(server.port, { path: '/', headers: { host } }))
    await Promise.all(attacks)
    const totals = server.rejectionTotals()
    expect((totals['wrong-host'] ?? 0) - (before['wrong-host'] ?? 0)).toBe(200)
    expect((totals['no-session'] ?? 0) - (before['no-session'] ?? 0)).toBe(100)
    // At most the first of each reason in this window is written at once; the rest wait for the summary.
    const immediate = log.lines.slice(linesBefore).filter((l) => l.includes('requests: rejected'))
    expect(immediate.length).toBeLessThanOrEqual(2)
    await server.close()
    const summary = log.lines.filter((l) => l.includes('rejected in the last'))
    expect(summary).toHaveLength(1)
    const all = Object.values(totals).reduce((a, b) => a + b, 0)
    expect(summary[0]).toContain(`requests: ${all} requests rejected in the last `)
    expect(summary[0]).toContain(`: ${totals['wrong-host']} wrong Host, ${totals['no-session']} no session, `)
    server = await startEchoService({ log })
    host = `127.0.0.1:${server.port}`
    cookie = await signIn(server)
  })
})

describe('service-mode rate limit', () => {
  it('answers 429 with a Result once a principal exceeds its requests per minute', async () => {
    const server = await startEchoService({ limits: { requestsPerMinute: 5 } })
    try {
      const cookie = await signIn(server)
      const statuses: number[] = []
      let last = ''
      for (let i = 0; i < 6; i++) {
        const r = await raw(server.port, {
          method: 'POST',
          path: '/rpc/app:info',
          headers: { host: `127.0.0.1:${server.port}`, cookie, 'content-type': 'application/json' },
          body: '{}',
        })
        statuses.push(r.status)
        last = r.body
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
      expect(JSON.parse(last)).toMatchObject({ ok: false, problem: { kind: 'rate-limited' } })
      expect(JSON.parse(last).problem.message).toContain('this desk accepts 5 a minute')
    } finally {
      await server.close()
    }
  })
})
