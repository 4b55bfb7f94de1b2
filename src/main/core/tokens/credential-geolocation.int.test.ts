/**
 * Where a credential lives, against the strict Concur simulator over real loopback HTTP: code 16,
 * a company that moved, the documented geolocation spellings, response variants, and the
 * production host policy (a token never goes to an address that is not Concur's).
 */
import { describe, expect, it } from 'vitest'
import { CLIENT, startHarness, failure } from '../../../../test/support/concur-harness'

/** The strict simulator names `HTTP://LocalHost:PORT/oauth2/v0/token`; the desk keeps scheme://host:port. */
const normalised = (url: string | undefined) => (url ?? '').replace('127.0.0.1', 'localhost')

describe('geolocation', () => {
  it('retries an exchange at the data centre named by code 16 and stores it', async () => {
    const h = await startHarness()
    const owner = h.makeOwner({ tokenBaseUrl: h.urls.dataCentres['eu2']! })
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid)
    const result = await owner.exchange({
      entityId: '110034',
      companyUuid: h.acme.uuid,
      requestToken,
      tokenId: null,
      activate: true,
    })
    expect(result.geolocation).toBe(normalised(h.urls.dataCentres['us2']))
    expect(h.tokenCalls().map((e) => `${e.server}:${e.status}:${e.code ?? ''}`)).toEqual([
      'eu2:400:16',
      'us2:200:',
    ])
  })

  it('follows a company that moved to another data centre and writes the new geolocation through', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.updateCompany(h.acme.uuid, { dataCentre: 'eu2' })
    h.owner.forget('110034')
    await h.client.getProfile('110034', { login: 'ann@acme.test' })
    const eu2 = normalised(h.urls.dataCentres['eu2'])
    expect((await h.stored()).geolocation).toBe(eu2)
    expect(h.faces.admin.getCompany('F-110034')?.concurLink?.geolocation).toBe(eu2)
  })

  it.each(['strict', 'plain', 'upper', 'with-path'] as const)(
    'normalises a geolocation sent %s',
    async (geolocation) => {
      const h = await startHarness({ responseVariant: { geolocation } })
      const result = await h.connectAcme()
      expect(result.geolocation).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+$/)
      await expect(h.client.getProfile('110034', { login: 'ann@acme.test' })).resolves.toBeTruthy()
    },
  )

  it('accepts numeric expires_in, no id_token, no refresh_expires_in and string error codes', async () => {
    const h = await startHarness({
      responseVariant: { expiresIn: 'number', idToken: false, refreshExpiresIn: false, errorCode: 'string' },
    })
    expect((await h.connectAcme()).refreshExpiresAtMs).toBeNull()
    const bad = await failure(
      h.owner.exchange({
        entityId: 'x',
        companyUuid: h.acme.uuid,
        requestToken: 'nope-nope',
        tokenId: null,
        activate: true,
      }),
    )
    expect(bad).toMatchObject({ kind: 'token-rejected', code: 5 })
  })
})

describe('host policy (production)', () => {
  it('refuses an http token host before the request token or the client secret leaves', async () => {
    const h = await startHarness({}, { hostPolicy: 'production' })
    const err = await failure(h.connectAcme())
    expect(err).toMatchObject({ kind: 'invalid-input', hostRefused: true })
    expect(err.message).toMatch(/it is not https:/)
    expect(h.sim.admin.requestLog()).toEqual([])
    expect(err.message).not.toContain(CLIENT.clientSecret)
  })

  it('refuses to store a geolocation that is not a Concur host, and keeps nothing', async () => {
    const h = await startHarness({}, {}, { hostPolicy: () => 'production' })
    const err = await failure(h.connectAcme())
    expect(err).toMatchObject({ kind: 'invalid-input', hostRefused: true })
    expect(err.message).toMatch(
      /^The desk refused the data centre Concur named for this company \(http:\/\/localhost:\d+\)/,
    )
    expect(await h.repo.loadSecret('110034')).toBeNull()
    expect(h.faces.admin.getCompany('F-110034')?.concurLink).toBeNull()
  })
})
