import { describe, expect, it } from 'vitest'
import { createConcurClient } from './concur-client'
import { CLIENT, START_MS, startHarness, failure, allPages } from '../../../../test/support/concur-harness'

const HOUR = 3_600_000

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
    expect(pages).toEqual([
      // servedAtMs: Concur's Date header (whole seconds), what the engine knows of Concur's clock.
      {
        page: 1,
        totalPages: 0,
        totalItems: 0,
        items: [],
        servedAtMs: Math.floor(h.clock.nowMs() / 1000) * 1000,
      },
    ])
  })

  it("sees only its own company's travellers", async () => {
    const h = await startHarness()
    const requestToken = h.sim.admin.issueRequestToken(h.euco.uuid)
    await h.owner.exchange({
      entityId: '110035',
      companyUuid: h.euco.uuid,
      requestToken,
      tokenId: null,
      activate: true,
    })
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

  it('reads a 200 with a bare E003 message as a permanent rejection of that login', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const err = await failure(h.client.getProfile('110034', { login: 'ghost@acme.test' }))
    expect(err).toMatchObject({
      kind: 'not-found',
      status: 200,
      travellerRejected: true,
      messageCode: 'E003',
    })
    expect(err.message).toBe(
      'Concur has no profile with login ghost@acme.test. Create it in Concur, or correct the login in Faces. (entity 110034, traveller ghost@acme.test)',
    )
    expect(err.correlationId).toMatch(/^110034-/)
  })

  it('reads the documented <Error>Invalid User the same way', async () => {
    const h = await startHarness({ unknownUser: 'error-element' })
    await h.connectAcme()
    const err = await failure(h.client.getProfile('110034', { login: 'ghost@acme.test' }))
    expect(err).toMatchObject({ kind: 'not-found', status: 400, travellerRejected: true })
    expect(err.message).toMatch(
      /^Concur has no profile with login ghost@acme\.test \(Invalid User\)\. Create it in Concur/,
    )
  })

  it('reports an update of a login Concur does not know as a rejection with advice, not an unreadable answer', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const p = await h.client.getProfile('110034', { login: 'ann@acme.test' })
    const result = await h.client.postProfile('110034', 'Update', { ...p, loginId: 'ghost@acme.test' })
    expect(result).toMatchObject({
      ok: false,
      outcome: 'rejected',
      messages: [{ code: 'E003', severity: 'error' }],
    })
    expect(result.advice).toBe(
      'Concur has no profile with login ghost@acme.test. Create it in Concur, or correct the login in Faces.',
    )
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
    expect(again).toMatchObject({ ok: false, outcome: 'rejected' })
    expect(again.messages).toEqual([
      { code: 'E111', message: 'Login Id: "new@acme.test" is already in use.', severity: 'error' },
    ])
    expect(again.advice).toMatch(/^Concur could not create the core profile of new@acme\.test/)
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
    expect(result).toMatchObject({ ok: true, outcome: 'warning' })
    expect(result.advice).toMatch(
      /^Concur applied the profile of bob@acme\.test but not everything: W016 Telephones\/Telephone/,
    )
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

describe('logging', () => {
  it('logs every call with method, host, path, status and correlation id, and never a secret', async () => {
    const h = await startHarness()
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid)
    await h.owner.exchange({
      entityId: '110034',
      companyUuid: h.acme.uuid,
      requestToken,
      tokenId: null,
      activate: true,
    })
    const firstRefresh = (await h.stored()).refreshToken
    await h.owner.refreshNow('110034')
    await allPages(h.client.summaries('110034', { modifiedSinceMs: 0 }))
    await failure(h.client.getProfile('110034', { login: 'ghost@acme.test' }))
    h.sim.admin.injectFault({ route: 'token', kind: 'status-429', count: 1 })
    await h.owner.refreshNow('110034')
    const secrets = [
      requestToken,
      firstRefresh,
      ...h.events.filter((e) => e.startsWith('save:')).map((e) => e.slice(5)),
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
      /method="GET" host="localhost:\d+" path="\/api\/travelprofile\/v2\.0\/summary" correlationId="110034-[^"]+" status=200 durationMs=\d+/,
    )
  })
})

describe('host policy', () => {
  it.each([
    ['http: on a Concur host', 'http://us2.api.concursolutions.com'],
    ['a foreign https host', 'https://us2.api.concursolutions.com.evil.example'],
    ['loopback', 'http://127.0.0.1:9'],
  ])(
    'refuses a production geolocation with %s and never sends the bearer token',
    async (_what, geolocation) => {
      let calls = 0
      const client = createConcurClient({
        fetch: async () => {
          calls++
          throw new Error('must not be called')
        },
        clock: { nowMs: () => START_MS, wait: async () => {} },
        log: (await startHarness()).log,
        config: () => ({
          tokenBaseUrl: 'https://glz.api.concursolutions.com',
          ...CLIENT,
          hostPolicy: 'production',
        }),
        access: {
          accessToken: async () => ({
            accessToken: 'at-must-stay-home',
            geolocation,
            expiresAtMs: START_MS + 3_600_000,
          }),
          invalidate: () => {},
        },
      })
      const err = await failure(client.getProfile('110034', { login: 'ann@acme.test' }))
      expect(err).toMatchObject({ kind: 'invalid-input', hostRefused: true, retryable: false })
      expect(err.message).toMatch(/^The desk refused to call Concur at this address \(/)
      expect(err.message).not.toContain('at-must-stay-home')
      expect(calls).toBe(0)
    },
  )
})
