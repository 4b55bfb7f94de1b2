/** The simulator's fault switches and admin API over real HTTP. */
import { describe, expect, it } from 'vitest'
import { CLIENT, start } from './concur-sim.test-helper'

describe('faults and admin', () => {
  it('targets one data centre when a fault names its server', async () => {
    const s = await start()
    const token = await s.accessToken()
    s.sim.admin.injectFault({ route: 'summary', kind: 'status-500', server: 'eu2' })
    const at = (base: string) =>
      fetch(`${base}/api/travelprofile/v2.0/summary?LastModifiedDate=1900-01-01T12:00:00`, {
        headers: { authorization: `Bearer ${token}` },
      })
    expect((await at(s.us2)).status).toBe(200)
    expect((await at(s.urls.dataCentres['eu2']!)).status).toBe(500)
  })

  it('dates every answer by its own clock, as a real service does', async () => {
    const s = await start()
    await s.clock.advance(90_000)
    const res = await s.form(s.exchangeFields())
    expect(Date.parse(res.headers.get('date')!)).toBe(Math.floor(s.clock.nowMs() / 1000) * 1000)
  })

  it('applies counted faults in order and then serves normally', async () => {
    const s = await start()
    s.sim.admin.injectFault({ route: 'token', kind: 'status-429', count: 1, retryAfterSec: 9 })
    s.sim.admin.injectFault({ route: 'token', kind: 'code-134', count: 1 })
    const first = await s.form(s.exchangeFields())
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('9')
    expect(((await (await s.form(s.exchangeFields())).json()) as { code: number }).code).toBe(134)
    expect((await s.form(s.exchangeFields())).status).toBe(200)
    expect(s.sim.admin.requestLog().map((e) => e.fault ?? '-')).toEqual(['status-429', 'code-134', '-'])
  })

  it('repeats probabilistic faults the same way for the same seed', async () => {
    const pattern = async () => {
      const s = await start({ seed: 7 })
      s.sim.admin.injectFault({ route: 'token', kind: 'status-500', probability: 0.5 })
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) statuses.push((await s.form(s.exchangeFields())).status)
      await s.sim.stop()
      return statuses
    }
    const a = await pattern()
    expect(a).toContain(500)
    expect(a).toContain(200)
    expect(await pattern()).toEqual(a)
  })

  it('drops a connection on request', async () => {
    const s = await start()
    s.sim.admin.injectFault({ route: 'token', kind: 'drop', count: 1 })
    await expect(s.form(s.exchangeFields())).rejects.toThrow()
  })

  it('serves the admin API over HTTP, including the demo seed', async () => {
    const s = await start()
    const post = (path: string, body: unknown) =>
      fetch(`${s.urls.glzUrl}/_admin${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const seed = (await (await post('/seed-demo', {})).json()) as {
      companies: Array<{
        outtaskId: string
        companyUuid: string
        travellerCount: number
        requestToken: string
        dataCentre: string
      }>
      client: { clientId: string }
    }
    expect(seed.companies.map((c) => c.outtaskId)).toEqual(['110034', '110035', '110036'])
    expect(seed.companies.map((c) => c.dataCentre)).toEqual(['us2', 'eu2', 'us2'])
    for (const c of seed.companies) expect(c.travellerCount).toBeGreaterThanOrEqual(5)
    const travellers = (await (
      await fetch(`${s.urls.glzUrl}/_admin/travellers?companyUuid=${seed.companies[1]!.companyUuid}`)
    ).json()) as Array<{ email: string; firstName: string }>
    expect(travellers).toHaveLength(seed.companies[1]!.travellerCount)
    expect(travellers[0]!.email).toMatch(/@nordlicht-reisen\.example$/)
    const token = (await (
      await post(`/companies/${s.company.uuid}/request-tokens`, { clientId: CLIENT.clientId })
    ).json()) as { requestToken: string }
    expect(token.requestToken.length).toBeGreaterThan(10)
    expect((await post('/faults', { route: 'summary', kind: 'status-500', count: 1 })).status).toBe(200)
    const state = (await (await fetch(`${s.urls.glzUrl}/_admin/state`)).json()) as {
      faults: unknown[]
      dataCentres: Record<string, string>
    }
    expect(state.faults).toHaveLength(1)
    expect(state.dataCentres['us2']).toBe(s.us2)
    expect((await fetch(`${s.urls.glzUrl}/_admin/faults`, { method: 'DELETE' })).status).toBe(200)
    expect(
      (await post('/travellers', { companyUuid: 'nope', loginId: 'x@y.z', firstName: 'a', lastName: 'b' }))
        .status,
    ).toBe(400)
  })
})
