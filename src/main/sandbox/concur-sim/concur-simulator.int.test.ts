/** The simulated Concur token service: request validation and correlation ids, over real HTTP. */
import { describe, expect, it } from 'vitest'
import { CLIENT, start } from './concur-sim.test-helper'

describe('token endpoint validation', () => {
  it('answers a JSON body with code 135', async () => {
    const s = await start()
    const res = await fetch(`${s.urls.glzUrl}/oauth2/v0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(s.exchangeFields()),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: 'unsupported request format',
      code: 135,
    })
  })

  it.each([
    ['grant_type', 65],
    ['client_id', 62],
    ['client_secret', 63],
    ['username', 51],
    ['password', 52],
  ])('answers a missing %s with code %i', async (field, code) => {
    const s = await start()
    const fields: Record<string, string> = s.exchangeFields()
    delete fields[field]
    const res = await s.form(fields)
    expect(((await res.json()) as { code: number }).code).toBe(code)
  })

  it('answers a bad credtype with 120 and a missing refresh token with 106', async () => {
    const s = await start()
    expect(
      ((await (await s.form({ ...s.exchangeFields(), credtype: 'magic' })).json()) as { code: number }).code,
    ).toBe(120)
    const refresh = await fetch(`${s.us2}/oauth2/v0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
      }).toString(),
    })
    expect(((await refresh.json()) as { code: number }).code).toBe(106)
  })

  it('writes the code as a string when that variant is chosen', async () => {
    const s = await start({ responseVariant: { errorCode: 'string' } })
    const res = await s.form({ ...s.exchangeFields(), password: 'bogus' })
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Incorrect Credentials. Please Retry',
      code: '5',
    })
  })

  it('sends code 16 with the geolocation when the exchange reaches the wrong data centre', async () => {
    const s = await start()
    const res = await fetch(`${s.urls.dataCentres['eu2']!}/oauth2/v0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(s.exchangeFields()).toString(),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 16, geolocation: s.us2Geolocation })
  })

  it('returns the documented success shape with refresh_expires_in in epoch seconds', async () => {
    const s = await start({ responseVariant: { expiresIn: 'number' } })
    const body = (await (await s.form(s.exchangeFields())).json()) as Record<string, unknown>
    expect(body).toMatchObject({
      expires_in: 3600,
      token_type: 'Bearer',
      geolocation: s.us2Geolocation,
      refresh_expires_in: Math.floor(s.clock.nowMs() / 1000) + 182 * 86400,
    })
    expect(typeof body['id_token']).toBe('string')
  })

  it('keeps request tokens 12 hours by default', async () => {
    const s = await start()
    const fields = s.exchangeFields()
    await s.clock.advance(12 * 3_600_000 - 1000)
    expect((await s.form(fields)).status).toBe(200)
    await s.clock.advance(1000)
    expect((await s.form(fields)).status).toBe(400)
  })
})

describe('correlation ids', () => {
  it('echoes the caller id and generates one when absent, on errors too', async () => {
    const s = await start()
    const echoed = await fetch(`${s.us2}/api/travelprofile/v2.0/summary`, {
      headers: { 'concur-correlationid': '4242-abc' },
    })
    expect(echoed.status).toBe(401)
    expect(echoed.headers.get('concur-correlationid')).toBe('4242-abc')
    const generated = await fetch(`${s.urls.glzUrl}/oauth2/v0/token`, { method: 'POST' })
    expect(generated.headers.get('concur-correlationid')).toMatch(/^[0-9a-f-]{36}$/)
  })
})
