import { describe, expect, it } from 'vitest'
import { ConcurError, type ConcurCredential, type SummaryPage } from './concur-client'
import { CLIENT, START_MS, startHarness } from './concur-harness.test-helper'

const HOUR = 3_600_000

async function failure(promise: Promise<unknown>): Promise<ConcurError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ConcurError) return err
    throw err
  }
  throw new Error('Expected a ConcurError, got success')
}

async function allPages(iterable: AsyncIterable<SummaryPage>): Promise<SummaryPage[]> {
  const pages: SummaryPage[] = []
  for await (const page of iterable) pages.push(page)
  return pages
}

describe('request-token exchange', () => {
  it('saves the refresh token and geolocation and returns only metadata', async () => {
    const h = await startHarness()
    const result = await h.connectAcme()
    const saved = h.store.saved.get('110034') as ConcurCredential
    expect(result.geolocation).toBe(h.urls.dataCentres['us2'])
    expect(saved.geolocation).toBe(h.urls.dataCentres['us2'])
    expect(saved.refreshExpiresAtMs).toBe(Math.floor((h.clock.nowMs() + 182 * 24 * HOUR) / 1000) * 1000)
    expect(result.scopes).toContain('TRVPRF')
    expect(result.correlationId).toMatch(/^110034-[0-9a-f-]{36}$/)
    expect(JSON.stringify(result)).not.toContain(saved.refreshToken)
    expect(h.tokenCalls()[0]).toMatchObject({ server: 'glz', status: 200, grantType: 'password' })
  })

  it('rejects an expired request token with code 5 and an actionable message', async () => {
    const h = await startHarness()
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid)
    h.clock.advance(12 * HOUR)
    const err = await failure(
      h.client.exchangeRequestToken({ entityKey: '110034', companyUuid: h.acme.uuid, requestToken }),
    )
    expect(err).toMatchObject({ kind: 'token-rejected', code: 5, status: 400, retryable: false })
    expect(err.message).toBe(
      'Concur rejected the request token: it is wrong, or it expired. Ask the customer for a new one.',
    )
    expect(h.tokenCalls()).toHaveLength(1)
    expect(h.store.saves).toHaveLength(0)
  })

  it.each([
    ['single', 1],
    ['five', 5],
    ['multi', 8],
  ] as const)('honours the %s reuse policy', async (reusePolicy, allowed) => {
    const h = await startHarness({ reusePolicy })
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid)
    const exchange = () =>
      h.client.exchangeRequestToken({ entityKey: '110034', companyUuid: h.acme.uuid, requestToken })
    for (let i = 0; i < allowed; i++) await exchange()
    if (reusePolicy !== 'multi') expect((await failure(exchange())).code).toBe(5)
    else await expect(exchange()).resolves.toBeTruthy()
  })

  it('rejects a request token issued for another client with code 136', async () => {
    const h = await startHarness()
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid, { clientId: 'other-client' })
    const err = await failure(
      h.client.exchangeRequestToken({ entityKey: '110034', companyUuid: h.acme.uuid, requestToken }),
    )
    expect(err).toMatchObject({ kind: 'token-rejected', code: 136 })
    expect(err.message).toContain('another Concur app')
  })

  it('reports a company that has not enabled the app (53, 403)', async () => {
    const h = await startHarness()
    h.sim.admin.updateCompany(h.acme.uuid, { enabledClientIds: ['other-client'] })
    const err = await failure(h.connectAcme())
    expect(err).toMatchObject({ kind: 'company-not-enabled', code: 53, status: 403 })
  })

  it('reports maintenance (134) as retryable later without retrying now', async () => {
    const h = await startHarness()
    h.sim.admin.updateCompany(h.acme.uuid, { maintenance: true })
    const err = await failure(h.connectAcme())
    expect(err).toMatchObject({ kind: 'remote-failed', code: 134, retryable: true })
    expect(h.tokenCalls()).toHaveLength(1)
  })

  it.each([
    [{ clientSecret: 'wrong-secret-value' }, 64],
    [{ clientId: 'unknown-client' }, 61],
  ])('reports wrong app credentials %j as invalid input', async (override, code) => {
    const h = await startHarness({}, override)
    const err = await failure(h.connectAcme())
    expect(err).toMatchObject({ kind: 'invalid-input', code, status: 401 })
  })

  it('validates its input before calling Concur', async () => {
    const h = await startHarness()
    const err = await failure(
      h.client.exchangeRequestToken({ entityKey: 'e', companyUuid: ' ', requestToken: 'x' }),
    )
    expect(err.kind).toBe('invalid-input')
    expect(h.tokenCalls()).toHaveLength(0)
  })
})

describe('refresh and rotation', () => {
  it('persists a rotated refresh token before the new access token is used, and the old one dies', async () => {
    const h = await startHarness({ rotation: 'always' })
    await h.connectAcme()
    const first = h.store.saved.get('110034')!.refreshToken
    h.events.length = 0
    await h.client.refreshNow('110034')
    const second = h.store.saved.get('110034')!.refreshToken
    expect(second).not.toBe(first)
    await h.client.getProfile('110034', { login: 'ann@acme.test' })
    const saveIndex = h.events.indexOf(`save:${second}`)
    const useIndex = h.events.findIndex((e) => e.includes('/profile Bearer'))
    expect(saveIndex).toBeGreaterThanOrEqual(0)
    expect(useIndex).toBeGreaterThan(saveIndex)

    h.store.saved.set('110034', { ...h.store.saved.get('110034')!, refreshToken: first })
    const err = await failure(h.client.refreshNow('110034'))
    expect(err).toMatchObject({ kind: 'refresh-token-invalid', code: 108 })
    expect(err.message).toBe(
      'The refresh token is invalid or expired: a new request token is needed. Ask the customer for one.',
    )
  })

  it('never uses an access token whose rotated credential could not be saved', async () => {
    const h = await startHarness({ rotation: 'always' })
    await h.connectAcme()
    h.client.forget('110034')
    h.store.failSaves = true
    await expect(h.client.getProfile('110034', { login: 'ann@acme.test' })).rejects.toThrow(
      'keychain unavailable',
    )
    h.store.failSaves = false
    expect(h.sim.admin.requestLog().filter((e) => e.route === 'profile-get')).toHaveLength(0)
  })

  it('lets a replaced refresh token work until the grace period ends', async () => {
    const h = await startHarness({ rotation: 'always', rotationGraceMs: 10 * 60_000 })
    await h.connectAcme()
    const first = h.store.saved.get('110034')!
    await h.client.refreshNow('110034')
    h.store.saved.set('110034', first)
    await expect(h.client.refreshNow('110034')).resolves.toBeTruthy()
    h.store.saved.set('110034', first)
    h.clock.advance(11 * 60_000)
    expect((await failure(h.client.refreshNow('110034'))).code).toBe(108)
  })

  it('keeps the stored refresh token when a response leaves it out', async () => {
    const h = await startHarness({ omitRefreshToken: true })
    await h.connectAcme()
    const before = h.store.saved.get('110034')!.refreshToken
    await h.client.refreshNow('110034')
    expect(h.store.saves).toHaveLength(2)
    expect(h.store.saved.get('110034')!.refreshToken).toBe(before)
  })

  it('moves refresh_expires_in forward on every refresh and expires after six months', async () => {
    const h = await startHarness()
    const first = await h.connectAcme()
    h.clock.advance(24 * HOUR)
    const second = await h.client.refreshNow('110034')
    expect(second.refreshExpiresAtMs! - first.refreshExpiresAtMs!).toBe(24 * HOUR)
    h.clock.advance(183 * 24 * HOUR)
    expect((await failure(h.client.refreshNow('110034'))).kind).toBe('refresh-token-invalid')
  })

  it('makes calls that start during an exchange wait for its credential', async () => {
    const h = await startHarness({ rotation: 'always' })
    await h.connectAcme()
    h.client.forget('110034')
    const before = h.tokenCalls().length
    const exchange = h.connectAcme()
    const profile = h.client.getProfile('110034', { login: 'ann@acme.test' })
    await Promise.all([exchange, profile])
    expect(
      h
        .tokenCalls()
        .slice(before)
        .map((e) => e.grantType),
    ).toEqual(['password'])
  })

  it('runs one refresh for many concurrent calls of one entity', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.client.forget('110034')
    const before = h.tokenCalls().length
    await Promise.all(h.logins.slice(0, 5).map((login) => h.client.getProfile('110034', { login })))
    expect(h.tokenCalls().length - before).toBe(1)
  })

  it('reuses the access token within its hour and refreshes five minutes early', async () => {
    const h = await startHarness()
    await h.connectAcme()
    await h.client.getProfile('110034', { login: 'ann@acme.test' })
    h.clock.advance(54 * 60_000)
    await h.client.getProfile('110034', { login: 'ann@acme.test' })
    expect(h.tokenCalls()).toHaveLength(1)
    h.clock.advance(2 * 60_000)
    await h.client.getProfile('110034', { login: 'ann@acme.test' })
    expect(h.tokenCalls()).toHaveLength(2)
    expect(h.tokenCalls()[1]).toMatchObject({ grantType: 'refresh_token', server: 'us2' })
  })

  it('refreshes once and retries when Concur answers 403 to a revoked access token', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.revokeAccessTokens(h.acme.uuid)
    const profile = await h.client.getProfile('110034', { login: 'bob@acme.test' })
    expect(profile.loginId).toBe('bob@acme.test')
    expect(h.sim.admin.requestLog().map((e) => `${e.route}:${e.status}`)).toEqual([
      'token:200',
      'profile-get:403',
      'token:200',
      'profile-get:200',
    ])
  })

  it('follows a company that moved to another data centre', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.updateCompany(h.acme.uuid, { dataCentre: 'eu2' })
    await expect(h.client.getProfile('110034', { login: 'ann@acme.test' })).resolves.toMatchObject({
      loginId: 'ann@acme.test',
    })
    expect(h.store.saved.get('110034')!.geolocation).toBe(h.urls.dataCentres['eu2'])
  })

  it('reports a 403 that survives a fresh token as lost access to the company', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'status-403', count: 2 })
    const err = await failure(h.client.getProfile('110034', { login: 'ann@acme.test' }))
    expect(err).toMatchObject({ kind: 'company-not-enabled', status: 403, retryable: false })
    expect(err.message).toContain('(entity 110034, traveller ann@acme.test)')
    expect(h.tokenCalls()).toHaveLength(2)
  })

  it('reports a refresh token issued to another app (105) as invalid', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const other = h.makeClient({ clientId: 'other-client', clientSecret: 'other-secret-value' })
    const err = await failure(other.refreshNow('110034'))
    expect(err).toMatchObject({ kind: 'refresh-token-invalid', code: 105, retryable: false })
  })

  it('says a new request token is needed when nothing is stored', async () => {
    const h = await startHarness()
    const err = await failure(h.client.refreshNow('nobody'))
    expect(err.kind).toBe('refresh-token-invalid')
    expect(err.message).toContain('exchange a request token first')
  })
})

describe('geolocation', () => {
  it('retries an exchange at the data centre named by code 16 and stores it', async () => {
    const h = await startHarness({}, {})
    const client = h.makeClient({ tokenBaseUrl: h.urls.dataCentres['eu2']! })
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid)
    const result = await client.exchangeRequestToken({
      entityKey: '110034',
      companyUuid: h.acme.uuid,
      requestToken,
    })
    expect(result.geolocation).toBe(h.urls.dataCentres['us2'])
    expect(h.tokenCalls().map((e) => `${e.server}:${e.status}:${e.code ?? ''}`)).toEqual([
      'eu2:400:16',
      'us2:200:',
    ])
  })

  it('repairs a stale stored geolocation on refresh and calls the API at the new one', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.store.saved.set('110034', { ...h.store.saved.get('110034')!, geolocation: h.urls.dataCentres['eu2']! })
    h.client.forget('110034')
    await h.client.getProfile('110034', { login: 'ann@acme.test' })
    expect(h.store.saved.get('110034')!.geolocation).toBe(h.urls.dataCentres['us2'])
    expect(
      h.sim.admin
        .requestLog()
        .slice(1)
        .map((e) => `${e.route}:${e.server}:${e.status}`),
    ).toEqual(['token:eu2:400', 'token:us2:200', 'profile-get:us2:200'])
  })

  it.each(['upper', 'with-path'] as const)('normalises a geolocation sent %s', async (geolocation) => {
    const h = await startHarness({ responseVariant: { geolocation } })
    const result = await h.connectAcme()
    expect(result.geolocation).toBe(h.urls.dataCentres['us2'])
    await expect(h.client.getProfile('110034', { login: 'ann@acme.test' })).resolves.toBeTruthy()
  })

  it('accepts numeric expires_in, no id_token, no refresh_expires_in and string error codes', async () => {
    const h = await startHarness({
      responseVariant: { expiresIn: 'number', idToken: false, refreshExpiresIn: false, errorCode: 'string' },
    })
    const result = await h.connectAcme()
    expect(result.refreshExpiresAtMs).toBeNull()
    const bad = await failure(
      h.client.exchangeRequestToken({ entityKey: 'x', companyUuid: h.acme.uuid, requestToken: 'nope-nope' }),
    )
    expect(bad).toMatchObject({ kind: 'token-rejected', code: 5 })
  })
})

describe('summaries', () => {
  it('iterates every page with string paging values', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const pages = await allPages(h.client.summaries('110034', { modifiedSinceMs: 0, itemsPerPage: 3 }))
    expect(pages.map((p) => [p.page, p.totalPages, p.totalItems, p.items.length])).toEqual([
      [1, 3, 7, 3],
      [2, 3, 7, 3],
      [3, 3, 7, 1],
    ])
    expect(pages.flatMap((p) => p.items.map((i) => i.loginId))).toEqual(h.logins)
    expect(pages[0]!.items[0]).toMatchObject({ status: 'Active', lastModifiedMs: START_MS + 1000 })
    expect(pages[0]!.items[0]!.xmlProfileSyncId).toMatch(/^XS/)
  })

  it('shows what Concur does when a traveller changes between page fetches', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const seen: string[][] = []
    for await (const page of h.client.summaries('110034', { modifiedSinceMs: 0, itemsPerPage: 3 })) {
      seen.push(page.items.map((i) => i.loginId.slice(0, 3)))
      if (page.page === 1) {
        h.clock.advance(5_000)
        h.sim.admin.modifyTraveller(h.acme.uuid, 'ann@acme.test', { firstName: 'Annie' })
      }
    }
    // ann moved to the end, so dan slid onto page 1 after it was read: he is missed in this pass, ann is seen twice.
    expect(seen).toEqual([['ann', 'bob', 'cat'], ['eve', 'fay', 'gus'], ['ann']])
  })

  it('sends the Active and travelConfigs filters and an inclusive UTC boundary', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const active = await allPages(
      h.client.summaries('110034', {
        modifiedSinceMs: START_MS + 3000,
        active: true,
        travelConfigIds: ['100'],
      }),
    )
    expect(active.flatMap((p) => p.items.map((i) => i.loginId))).toEqual(['cat@acme.test', 'eve@acme.test'])
    const inactive = await allPages(h.client.summaries('110034', { modifiedSinceMs: 0, active: false }))
    expect(inactive.flatMap((p) => p.items.map((i) => i.loginId))).toEqual(['gus@acme.test'])
  })

  it('stops after one empty page when nothing changed', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const pages = await allPages(h.client.summaries('110034', { modifiedSinceMs: h.clock.nowMs() + HOUR }))
    expect(pages).toEqual([{ page: 1, totalPages: 0, totalItems: 0, items: [] }])
  })

  it("sees only its own company's travellers", async () => {
    const h = await startHarness()
    const requestToken = h.sim.admin.issueRequestToken(h.euco.uuid)
    await h.client.exchangeRequestToken({ entityKey: '110035', companyUuid: h.euco.uuid, requestToken })
    const pages = await allPages(h.client.summaries('110035', { modifiedSinceMs: 0 }))
    expect(pages.flatMap((p) => p.items.map((i) => i.loginId)).sort()).toEqual([
      'yan@euco.test',
      'zoe@euco.test',
    ])
    expect((await failure(h.client.getProfile('110035', { login: 'ann@acme.test' }))).kind).toBe('not-found')
  })
})

describe('profiles', () => {
  it('reads a profile by login, uuid and xml sync id', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const ann = h.sim.admin.listTravellers(h.acme.uuid).find((t) => t.loginId === 'ann@acme.test')!
    const byLogin = await h.client.getProfile('110034', { login: ann.loginId })
    const byUuid = await h.client.getProfile('110034', { uuid: ann.uuid })
    const bySync = await h.client.getProfile('110034', { xmlSyncId: ann.xmlSyncId })
    expect(byLogin.uuid).toBe(ann.uuid)
    expect(byUuid).toEqual(byLogin)
    expect(bySync).toEqual(byLogin)
    expect(byLogin.general.readOnly?.['CompanyName']).toBe('Acme')
  })

  it('reports an unknown traveller as not-found naming the entity and the login', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const err = await failure(h.client.getProfile('110034', { login: 'ghost@acme.test' }))
    expect(err).toMatchObject({ kind: 'not-found', status: 400 })
    expect(err.message).toBe(
      'Concur does not know the traveller "ghost@acme.test" (Invalid User). (entity 110034, traveller ghost@acme.test)',
    )
    expect(err.correlationId).toMatch(/^110034-/)
  })

  it('round-trips unknown elements through GET, change and POST, and bumps the modified time', async () => {
    const h = await startHarness()
    h.sim.admin.upsertTraveller({
      companyUuid: h.acme.uuid,
      loginId: 'kim@acme.test',
      firstName: 'Kim',
      lastName: 'Ng',
      profileXml: `<ProfileResponse><General><SecretSauce flavour="hot">yes</SecretSauce></General><Visas><Visa><VisaNumber>V9</VisaNumber><VisaNationality>US</VisaNationality></Visa></Visas>
        <FutureSection><Nested a="1">x</Nested></FutureSection><Air><AirMemberships><AirMembership><VendorCode>LH</VendorCode><AccountNo>1</AccountNo><SegmentTotal>40</SegmentTotal></AirMembership></AirMemberships><HomeAirport>FRA</HomeAirport></Air></ProfileResponse>`,
    })
    await h.connectAcme()
    const profile = await h.client.getProfile('110034', { login: 'kim@acme.test' })
    expect(profile.loyalty?.air?.[0]?.statistics).toEqual({ SegmentTotal: '40' })
    profile.general.jobTitle = 'Navigator'
    h.clock.advance(7_500)
    const result = await h.client.postProfile('110034', 'Update', profile)
    expect(result).toMatchObject({ ok: true, messages: [{ code: 'S001', severity: 'success' }] })
    const stored = h.sim.admin.travellerXml(h.acme.uuid, 'kim@acme.test')
    expect(stored).toContain('<JobTitle>Navigator</JobTitle>')
    expect(stored).toContain('<SecretSauce flavour="hot">yes</SecretSauce>')
    expect(stored).toContain('<VisaNumber>V9</VisaNumber>')
    expect(stored).toContain('<Nested a="1">x</Nested>')
    expect(stored).toContain('<HomeAirport>FRA</HomeAirport>')
    const kim = h.sim.admin.listTravellers(h.acme.uuid).find((t) => t.loginId === 'kim@acme.test')!
    expect(kim.lastModifiedMs).toBe(Math.floor(h.clock.nowMs() / 1000) * 1000)
  })

  it('creates a traveller, then reports a duplicate login as an error', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const base = await h.client.getProfile('110034', { login: 'ann@acme.test' })
    const created = {
      ...base,
      loginId: 'new@acme.test',
      general: { firstName: 'New', lastName: 'Person', travelConfigId: '200' },
      emailAddresses: [{ type: 'Business', address: 'new@acme.test' }],
    }
    expect((await h.client.postProfile('110034', 'Create', created)).ok).toBe(true)
    expect(h.sim.admin.listTravellers(h.acme.uuid).some((t) => t.loginId === 'new@acme.test')).toBe(true)
    const again = await h.client.postProfile('110034', 'Create', created)
    expect(again.ok).toBe(false)
    expect(again.messages).toEqual([
      { code: 'E111', message: 'Login Id: "new@acme.test" is already in use.', severity: 'error' },
    ])
  })

  it('returns warnings with their field and still applies the rest', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const p = await h.client.getProfile('110034', { login: 'bob@acme.test' })
    p.telephones = [
      { type: 'Work', countryCode: 'US', phoneNumber: '111' },
      { type: 'Work', countryCode: 'US', phoneNumber: '222' },
    ]
    const result = await h.client.postProfile('110034', 'Update', p)
    expect(result.ok).toBe(true)
    expect(result.messages).toEqual([
      expect.objectContaining({ code: 'W016', severity: 'warning', field: 'Telephones/Telephone' }),
    ])
    expect(h.sim.admin.travellerXml(h.acme.uuid, 'bob@acme.test')).toContain('<PhoneNumber>222</PhoneNumber>')
  })

  it('deactivates a traveller with Status="Inactive"', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const p = await h.client.getProfile('110034', { login: 'cat@acme.test' })
    await h.client.postProfile('110034', 'Update', { ...p, status: 'Inactive' })
    expect(h.sim.admin.listTravellers(h.acme.uuid).find((t) => t.loginId === 'cat@acme.test')!.status).toBe(
      'Inactive',
    )
  })
})

describe('faults', () => {
  it('retries 503s with backoff on the injected clock, without sleeping', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'summary', kind: 'status-500', count: 1 })
    h.sim.admin.injectFault({ route: 'summary', kind: 'status-503', count: 1, retryAfterSec: 0 })
    const pages = await allPages(h.client.summaries('110034', { modifiedSinceMs: 0 }))
    expect(pages[0]!.totalItems).toBe(7)
    expect(h.clock.waits).toEqual([750, 1500])
  })

  it('does not resend a Create after a 500, but does after a 503', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const base = await h.client.getProfile('110034', { login: 'ann@acme.test' })
    const created = {
      ...base,
      loginId: 'once@acme.test',
      general: { firstName: 'Once', lastName: 'Only', travelConfigId: '100' },
    }
    h.sim.admin.injectFault({ route: 'profile-post', kind: 'status-500', count: 1 })
    expect((await failure(h.client.postProfile('110034', 'Create', created))).status).toBe(500)
    h.sim.admin.injectFault({ route: 'profile-post', kind: 'status-503', count: 1 })
    expect((await h.client.postProfile('110034', 'Create', created)).ok).toBe(true)
    expect(
      h.sim.admin
        .requestLog()
        .filter((e) => e.route === 'profile-post')
        .map((e) => e.status),
    ).toEqual([500, 503, 200])
  })

  it('honours Retry-After on 429', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'status-429', count: 1, retryAfterSec: 7 })
    await h.client.getProfile('110034', { login: 'ann@acme.test' })
    expect(h.clock.waits).toEqual([7000])
  })

  it('gives up after maxAttempts with a retryable error carrying the correlation id', async () => {
    const h = await startHarness({}, { maxAttempts: 3 })
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'status-500' })
    const err = await failure(h.client.getProfile('110034', { login: 'ann@acme.test' }))
    expect(err).toMatchObject({ kind: 'remote-failed', status: 500, retryable: true })
    expect(err.correlationId).toMatch(/^110034-/)
    expect(h.sim.admin.requestLog().filter((e) => e.route === 'profile-get')).toHaveLength(3)
  })

  it('times out a hanging call and retries it', async () => {
    const h = await startHarness({}, { timeoutMs: 400 })
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'timeout', count: 1 })
    await expect(h.client.getProfile('110034', { login: 'ann@acme.test' })).resolves.toBeTruthy()
    expect(h.log.lines.some((l) => l.includes('timed out'))).toBe(true)
  })

  it('reports a timeout when every attempt hangs', async () => {
    const h = await startHarness({}, { timeoutMs: 100, maxAttempts: 2 })
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'timeout' })
    const err = await failure(h.client.getProfile('110034', { login: 'ann@acme.test' }))
    expect(err).toMatchObject({ kind: 'timeout', retryable: true })
  })

  it('retries a dropped connection', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'summary', kind: 'drop', count: 1 })
    const pages = await allPages(h.client.summaries('110034', { modifiedSinceMs: 0 }))
    expect(pages[0]!.totalItems).toBe(7)
    expect(h.clock.waits).toHaveLength(1)
  })

  it('fails one malformed profile with a clear error and serves the next one', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'malformed-xml', count: 1 })
    const err = await failure(h.client.getProfile('110034', { login: 'ann@acme.test' }))
    expect(err.kind).toBe('remote-failed')
    expect(err.message).toBe(
      "Concur sent a travel profile that is not well-formed XML (line 2, column 33: Attribute 'LoginId' has no space in starting.) (entity 110034, traveller ann@acme.test)",
    )
    await expect(h.client.getProfile('110034', { login: 'bob@acme.test' })).resolves.toMatchObject({
      loginId: 'bob@acme.test',
    })
  })

  it('fails a malformed summary page naming the entity and page', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'summary', kind: 'malformed-xml', count: 1 })
    const err = await failure(allPages(h.client.summaries('110034', { modifiedSinceMs: 0 })))
    expect(err.message).toMatch(
      /^Concur sent a summary page that is not well-formed XML .* \(entity 110034, traveller summary page 1\)$/,
    )
  })

  it('never retries a rejected grant', async () => {
    const h = await startHarness()
    await failure(
      h.client.exchangeRequestToken({
        entityKey: '110034',
        companyUuid: h.acme.uuid,
        requestToken: 'wrong-token',
      }),
    )
    expect(h.tokenCalls()).toHaveLength(1)
    expect(h.clock.waits).toEqual([])
  })

  it('retries a token call that hit a 503 (a retried exchange is safe)', async () => {
    const h = await startHarness({ reusePolicy: 'multi' })
    h.sim.admin.injectFault({ route: 'token', kind: 'status-503', count: 2, retryAfterSec: 3 })
    await h.connectAcme()
    expect(h.clock.waits).toEqual([3000, 3000])
  })

  it('stops waiting when the caller aborts', async () => {
    const h = await startHarness({}, { timeoutMs: 5_000 })
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'timeout' })
    const controller = new AbortController()
    const pending = failure(h.client.getProfile('110034', { login: 'ann@acme.test' }, controller.signal))
    setTimeout(() => controller.abort(), 50)
    expect((await pending).kind).toBe('cancelled')
  })
})

describe('logging', () => {
  it('logs every call with method, host, path, status and correlation id, and never a secret', async () => {
    const h = await startHarness({ rotation: 'always' })
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid)
    await h.client.exchangeRequestToken({ entityKey: '110034', companyUuid: h.acme.uuid, requestToken })
    const firstRefresh = h.store.saved.get('110034')!.refreshToken
    await h.client.refreshNow('110034')
    await allPages(h.client.summaries('110034', { modifiedSinceMs: 0 }))
    await failure(h.client.getProfile('110034', { login: 'ghost@acme.test' }))
    h.sim.admin.injectFault({ route: 'token', kind: 'status-429', count: 1 })
    await h.client.refreshNow('110034')
    const secrets = [
      requestToken,
      firstRefresh,
      ...h.store.saves.map((s) => s.refreshToken),
      CLIENT.clientSecret,
      ...h.events.filter((e) => e.includes('Bearer ')).map((e) => e.split('Bearer ')[1]!),
    ]
    expect(secrets.length).toBeGreaterThan(5)
    const text = h.log.lines.join('\n')
    for (const secret of secrets) expect(text).not.toContain(secret)
    expect(text).not.toContain('LastModifiedDate')
    const ids = h.sim.admin.requestLog().map((e) => e.correlationId)
    expect(ids.every((id) => id.startsWith('110034-'))).toBe(true)
    for (const id of ids) expect(text).toContain(id)
    expect(h.log.lines.find((l) => l.includes('summary: GET'))).toMatch(
      /method="GET" host="127\.0\.0\.1:\d+" path="\/api\/travelprofile\/v2\.0\/summary" correlationId="110034-[^"]+" status=200 durationMs=\d+/,
    )
  })
})
