/**
 * The credential owner against the strict Concur simulator over real loopback HTTP: exchanges,
 * refreshes with rotation on every call (the old token dead at once), the one-lock rule, the
 * 108 re-check and dead credentials (geolocation and host policy: credential-geolocation.int.test.ts).
 */
import { describe, expect, it } from 'vitest'
import type { ConcurOAuth } from '../concur/concur-oauth'
import { startHarness, failure } from '../../../../test/support/concur-harness'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** The strict simulator names `HTTP://LocalHost:PORT/oauth2/v0/token`; the desk keeps scheme://host:port. */
const normalised = (url: string | undefined) => (url ?? '').replace('127.0.0.1', 'localhost')

describe('request-token exchange', () => {
  it('stores generation 1 with its geolocation, hands it to Faces and returns only metadata', async () => {
    const h = await startHarness()
    const result = await h.connectAcme()
    const saved = await h.stored()
    expect(result.geolocation).toBe(normalised(h.urls.dataCentres['us2']))
    expect(saved).toMatchObject({ generation: 1, geolocation: result.geolocation })
    expect(saved.refreshExpiresAtMs).toBe(Math.floor((h.clock.nowMs() + 182 * DAY) / 1000) * 1000)
    expect(result.scopes).toContain('TRVPRF')
    expect(result.correlationId).toMatch(/^110034-[0-9a-f-]{36}$/)
    expect(JSON.stringify(result)).not.toContain(saved.refreshToken)
    expect(result.handOff).toMatchObject({ state: 'acked', facesGeneration: 1, activated: true })
    expect(h.faces.admin.getCompany('F-110034')?.concurLink).toMatchObject({
      refreshToken: saved.refreshToken,
      refreshTokenGeneration: 1,
      interfaceActive: true,
      pollingActive: true,
    })
    expect(h.tokenCalls()[0]).toMatchObject({ server: 'glz', status: 200, grantType: 'password' })
  })

  it('rejects an expired request token with code 5 and stores nothing', async () => {
    const h = await startHarness()
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid)
    h.clock.advance(12 * HOUR)
    const err = await failure(
      h.owner.exchange({
        entityId: '110034',
        companyUuid: h.acme.uuid,
        requestToken,
        tokenId: null,
        activate: true,
      }),
    )
    expect(err).toMatchObject({ kind: 'token-rejected', code: 5, status: 400, retryable: false })
    expect(err.message).toBe(
      'Concur rejected the request token: it is wrong, or it expired. Ask the customer for a new one.',
    )
    expect(h.tokenCalls()).toHaveLength(1)
    expect(h.events.filter((e) => e.startsWith('save:'))).toHaveLength(0)
  })

  it.each([
    ['single', 1],
    ['five', 5],
    ['multi', 8],
  ] as const)('honours the %s reuse policy', async (reusePolicy, allowed) => {
    const h = await startHarness({ reusePolicy })
    const requestToken = h.sim.admin.issueRequestToken(h.acme.uuid)
    const exchange = () =>
      h.owner.exchange({
        entityId: '110034',
        companyUuid: h.acme.uuid,
        requestToken,
        tokenId: null,
        activate: false,
      })
    for (let i = 0; i < allowed; i++) await exchange()
    if (reusePolicy !== 'multi') expect((await failure(exchange())).code).toBe(5)
    else await expect(exchange()).resolves.toBeTruthy()
    expect((await h.stored()).generation).toBe(allowed + (reusePolicy === 'multi' ? 1 : 0))
  })

  it.each([
    [{ clientSecret: 'wrong-secret-value' }, 64],
    [{ clientId: 'unknown-client' }, 61],
  ])('reports wrong app credentials %j as invalid input', async (override, code) => {
    const h = await startHarness({}, override)
    const err = await failure(h.connectAcme())
    expect(err).toMatchObject({ kind: 'invalid-input', code, status: 401 })
  })

  it('reports 136, 53 and 134 with their own kinds', async () => {
    const h = await startHarness()
    const foreign = h.sim.admin.issueRequestToken(h.acme.uuid, { clientId: 'other-client' })
    const err136 = await failure(
      h.owner.exchange({
        entityId: '110034',
        companyUuid: h.acme.uuid,
        requestToken: foreign,
        tokenId: null,
        activate: true,
      }),
    )
    expect(err136).toMatchObject({ kind: 'token-rejected', code: 136 })
    h.sim.admin.updateCompany(h.acme.uuid, { maintenance: true })
    expect(await failure(h.connectAcme())).toMatchObject({
      kind: 'remote-failed',
      code: 134,
      retryable: true,
    })
    h.sim.admin.updateCompany(h.acme.uuid, { maintenance: false, enabledClientIds: ['other-client'] })
    expect(await failure(h.connectAcme())).toMatchObject({
      kind: 'company-not-enabled',
      code: 53,
      status: 403,
    })
  })

  it('validates its input before calling Concur', async () => {
    const h = await startHarness()
    const err = await failure(
      h.owner.exchange({ entityId: 'e', companyUuid: ' ', requestToken: 'x', tokenId: null, activate: true }),
    )
    expect(err.kind).toBe('invalid-input')
    expect(h.tokenCalls()).toHaveLength(0)
  })
})

describe('refresh and rotation (strict: every refresh rotates, the old token dies at once)', () => {
  it('persists the rotated token as the next generation before the new access token is used', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const first = await h.stored()
    h.events.length = 0
    expect(await h.owner.refreshNow('110034')).toEqual({ generation: 2, rotated: true })
    const second = await h.stored()
    expect(second.refreshToken).not.toBe(first.refreshToken)
    await h.client.getProfile('110034', { login: 'ann@acme.test' })
    const saveIndex = h.events.indexOf(`save:${second.refreshToken}`)
    const useIndex = h.events.findIndex((e) => e.includes('/profile Bearer'))
    expect(saveIndex).toBeGreaterThanOrEqual(0)
    expect(useIndex).toBeGreaterThan(saveIndex)
    expect(h.sim.admin.refreshTokenState(first.refreshToken)).toBe('retired')
    expect(h.faces.admin.getCompany('F-110034')?.concurLink).toMatchObject({
      refreshToken: second.refreshToken,
      refreshTokenGeneration: 2,
    })
  })

  it('re-checks a 108 against the store once: a concurrent rotation is not a dead credential', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const other = h.makeOwner()
    const real = h.makeOAuth()
    let raced = false
    // While this owner's grant is on its way, another path rotates the token under its own lock.
    const racing: ConcurOAuth = {
      exchange: (input, signal) => real.exchange(input, signal),
      refresh: async (input, signal) => {
        if (!raced) {
          raced = true
          await other.refreshNow('110034')
        }
        return real.refresh(input, signal)
      },
    }
    const owner = h.makeOwner({}, { oauth: racing })
    expect(await owner.refreshNow('110034')).toEqual({ generation: 3, rotated: true })
    expect(h.tokenCalls().map((e) => e.code ?? e.status)).toEqual([200, 200, 108, 200])
    expect((await h.repo.loadMeta('110034'))?.dead).toBeNull()
    expect(h.notifications).toEqual([])
  })

  it('declares a credential dead after a re-checked 108, says so, and stops calling Concur', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const lost = await h.stored()
    await h.owner.refreshNow('110034')
    // The keychain loses the rotation (restored from an old backup): the stored token is dead at Concur.
    await h.repo.saveSecret('110034', lost)
    const err = await failure(h.owner.refreshNow('110034'))
    expect(err).toMatchObject({ kind: 'refresh-token-invalid', code: 108 })
    expect(err.message).toMatch(
      /code 108, checked twice\). Compose the case and ask the customer for a new request token\.$/,
    )
    expect((await h.repo.loadMeta('110034'))?.dead).toMatchObject({ reason: 'invalid' })
    expect(h.notifications).toEqual(['Entity 110034: credential dead, request a new token'])
    const calls = h.tokenCalls().length
    await failure(h.client.getProfile('110034', { login: 'ann@acme.test' }))
    expect(h.tokenCalls()).toHaveLength(calls)
    // A new request token brings it back, as the next generation.
    await h.connectAcme()
    expect((await h.repo.loadMeta('110034'))?.dead).toBeNull()
    expect((await h.stored()).generation).toBe(3)
  })

  it('never uses an access token whose rotated credential could not be saved', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.owner.forget('110034')
    h.secrets.failWrites = true
    await expect(h.client.getProfile('110034', { login: 'ann@acme.test' })).rejects.toThrow(
      'keychain unavailable',
    )
    h.secrets.failWrites = false
    expect(h.sim.admin.requestLog().filter((e) => e.route === 'profile-get')).toHaveLength(0)
  })

  it('lets a replaced refresh token work until the grace period ends (friendly switch)', async () => {
    const h = await startHarness({ rotationGraceMs: 10 * 60_000 })
    await h.connectAcme()
    const first = await h.stored()
    await h.owner.refreshNow('110034')
    await h.repo.saveSecret('110034', first)
    await expect(h.owner.refreshNow('110034')).resolves.toBeTruthy()
    expect(h.sim.admin.refreshTokenState(first.refreshToken)).toBe('live')
    h.clock.advance(11 * 60_000)
    expect(h.sim.admin.refreshTokenState(first.refreshToken)).toBe('retired')
  })

  it('keeps the stored token and generation when a response leaves it out (no rotation)', async () => {
    const h = await startHarness({ rotation: 'never', omitRefreshToken: true })
    await h.connectAcme()
    const before = await h.stored()
    expect(await h.owner.refreshNow('110034')).toEqual({ generation: 1, rotated: false })
    expect(await h.stored()).toEqual(before)
  })

  it('keeps the six months fixed from the exchange, then declares the credential expired', async () => {
    const h = await startHarness()
    const first = await h.connectAcme()
    h.clock.advance(DAY)
    await h.owner.refreshNow('110034')
    expect((await h.stored()).refreshExpiresAtMs).toBe(first.refreshExpiresAtMs)
    h.clock.advance(182 * DAY)
    expect((await failure(h.owner.refreshNow('110034'))).kind).toBe('refresh-token-invalid')
    expect((await h.repo.loadMeta('110034'))?.dead?.reason).toBe('expired')
  })

  it('moves the expiry forward on every refresh with the friendly lifetime switch', async () => {
    const h = await startHarness({ refreshLifetime: 'extend' })
    const first = await h.connectAcme()
    h.clock.advance(DAY)
    await h.owner.refreshNow('110034')
    expect((await h.stored()).refreshExpiresAtMs! - first.refreshExpiresAtMs!).toBe(DAY)
  })

  it('makes calls that start during an exchange wait for its credential', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.owner.forget('110034')
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

  it('runs one refresh for many concurrent calls of one entity, and no 108', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.owner.forget('110034')
    const before = h.tokenCalls().length
    await Promise.all(h.logins.slice(0, 5).map((login) => h.client.getProfile('110034', { login })))
    expect(h.tokenCalls().length - before).toBe(1)
    expect(h.tokenCalls().some((e) => e.code === 108)).toBe(false)
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

  it('reports a 403 that survives a fresh token as lost access to the company', async () => {
    const h = await startHarness()
    await h.connectAcme()
    h.sim.admin.injectFault({ route: 'profile-get', kind: 'status-403', count: 2 })
    const err = await failure(h.client.getProfile('110034', { login: 'ann@acme.test' }))
    expect(err).toMatchObject({ kind: 'company-not-enabled', status: 403, retryable: false })
    expect(err.message).toContain('(entity 110034, traveller ann@acme.test)')
    expect(h.tokenCalls()).toHaveLength(2)
  })

  it('reports a refresh token issued to another app (105) as invalid without declaring it dead', async () => {
    const h = await startHarness()
    await h.connectAcme()
    const other = h.makeOwner({ clientId: 'other-client', clientSecret: 'other-secret-value' })
    const err = await failure(other.refreshNow('110034'))
    expect(err).toMatchObject({ kind: 'refresh-token-invalid', code: 105, retryable: false })
    expect((await h.repo.loadMeta('110034'))?.dead).toBeNull()
  })

  it('says a new request token is needed when nothing is stored', async () => {
    const h = await startHarness()
    const err = await failure(h.owner.refreshNow('nobody'))
    expect(err.kind).toBe('refresh-token-invalid')
    expect(err.message).toContain('exchange a request token first')
  })
})
