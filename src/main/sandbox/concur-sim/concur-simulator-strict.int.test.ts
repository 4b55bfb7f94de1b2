/**
 * The Concur simulator's strict defaults over real HTTP: rotation on every refresh with the old
 * token dead at once, a lifetime fixed at issue, single-use request tokens that expire, the
 * documented geolocation oddities, E003 for unknown logins, and processing time on the clock.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createFastClock } from '../../../../test/support/concur-harness'
import { createConcurSimulator, type ConcurSimulatorOptions } from './concur-simulator'

const CLIENT = { clientId: 'strict-client', clientSecret: 'strict-secret' }
const DAY = 86_400_000
const running: Array<{ stop(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()))
})

async function start(options: Partial<ConcurSimulatorOptions> = {}) {
  const clock = createFastClock(Date.UTC(2026, 0, 10, 8, 0, 0))
  const sim = createConcurSimulator({ clock, ...options })
  running.push(sim)
  const urls = await sim.start()
  sim.admin.registerClient(CLIENT)
  const company = sim.admin.createCompany({ name: 'Strict Co', outtaskId: '5151', dataCentre: 'eu2' })
  const post = async (base: string, fields: Record<string, string>) => {
    const res = await fetch(`${base}/oauth2/v0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...fields,
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const exchange = (requestToken = sim.admin.issueRequestToken(company.uuid)) =>
    post(urls.glzUrl, {
      grant_type: 'password',
      username: company.uuid,
      password: requestToken,
      credtype: 'authtoken',
    })
  const refresh = (token: string) =>
    post(urls.dataCentres['eu2']!, { grant_type: 'refresh_token', refresh_token: token })
  return { clock, sim, urls, company, exchange, refresh }
}

describe('the strict Concur simulator (defaults)', () => {
  it('rotates on every refresh and kills the replaced token at once', async () => {
    const s = await start()
    const first = String((await s.exchange()).body['refresh_token'])
    const second = await s.refresh(first)
    expect(second.status).toBe(200)
    expect(second.body['refresh_token']).not.toBe(first)
    expect(s.sim.admin.refreshTokenState(first)).toBe('retired')
    expect(await s.refresh(first)).toMatchObject({ status: 400, body: { code: 108, error: 'invalid_grant' } })
    expect(s.sim.admin.refreshTokenState(String(second.body['refresh_token']))).toBe('live')
  })

  it('keeps the refresh-token lifetime fixed six months from the exchange', async () => {
    const s = await start()
    const issued = await s.exchange()
    const expiresSec = Number(issued.body['refresh_expires_in'])
    s.clock.advance(30 * DAY)
    const rotated = await s.refresh(String(issued.body['refresh_token']))
    expect(Number(rotated.body['refresh_expires_in'])).toBe(expiresSec)
    s.clock.advance(153 * DAY)
    expect(await s.refresh(String(rotated.body['refresh_token']))).toMatchObject({ body: { code: 108 } })
  })

  it('lets a request token be used once and only within its lifetime', async () => {
    const s = await start()
    const token = s.sim.admin.issueRequestToken(s.company.uuid)
    expect((await s.exchange(token)).status).toBe(200)
    expect(await s.exchange(token)).toMatchObject({ status: 400, body: { code: 5 } })
    const late = s.sim.admin.issueRequestToken(s.company.uuid)
    s.clock.advance(12 * 3_600_000)
    expect(await s.exchange(late)).toMatchObject({ status: 400, body: { code: 5 } })
  })

  it('names the geolocation with upper-case letters in the host and the token path', async () => {
    const s = await start()
    const port = new URL(s.urls.dataCentres['eu2']!).port
    expect((await s.exchange()).body['geolocation']).toBe(`HTTP://LocalHost:${port}/oauth2/v0/token`)
  })

  it('answers an unknown login with HTTP 200 and a bare E003 message, on GET and on POST', async () => {
    const s = await start()
    const access = String((await s.exchange()).body['access_token'])
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${s.urls.dataCentres['eu2']!}/api/travelprofile/v2.0/${path}`, {
        ...init,
        headers: { authorization: `Bearer ${access}`, 'content-type': 'application/xml' },
      })
    const get = await api('profile?userid_type=login&userid_value=ghost@strict.test')
    expect(get.status).toBe(200)
    const getBody = await get.text()
    expect(getBody).toMatch(/^<\?xml[^>]*>\s*<TravelProfileResponseMessage>\s*<Code>E003<\/Code>/)
    expect(getBody).toContain('ghost@strict.test')
    const post = await api('profile', {
      method: 'POST',
      body: '<ProfileResponse Action="Update" LoginId="ghost@strict.test"><General><JobTitle>X</JobTitle></General></ProfileResponse>',
    })
    expect(post.status).toBe(200)
    expect(await post.text()).toContain('<Code>E003</Code>')
  })

  it('takes Concur-like processing time on the injected clock, never in real time', async () => {
    const s = await start()
    await s.exchange()
    // The fast clock records the wait and returns at once: nothing sleeps in real time.
    expect(s.clock.waits).toEqual([350])
    const none = await start({ latency: 'none' })
    await none.exchange()
    expect(none.clock.waits).toEqual([])
  })
})
