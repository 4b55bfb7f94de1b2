import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../clock'
import { ConcurError } from '../concur/concur-error'
import type { ConcurOAuth, GrantResult } from '../concur/concur-oauth'
import { createMemoryDocumentStore } from '../entities/document-store'
import { emptyEntitiesDocument } from '../entities/entity-record'
import { createEntityStore } from '../entities/entity-store'
import { createMemoryLogger } from '../../logging/logger'
import type { CredentialOwner } from './credential-owner'
import { createTokenDesk } from './token-desk'
import { emptyTokensDocument } from './token-record'
import {
  createFakeFaces,
  createMemorySecrets,
  createMemorySettings,
  createRecordingBus,
  createTestOwner,
} from './token-desk.test-helper'

const UUID = '79840cd9-5989-4675-a254-3cdd0deeb178'
const TOKEN = 'at-9Zq3kLmN0pQrStUvWxYz1234abcd'
const REFRESH = 'rt-secret-refresh-0123456789abcdef'
const START = Date.parse('2026-11-25T08:00:00Z') // Wednesday 09:00 CET, inside the window
const HOUR = 3_600_000
const EU2 = 'https://eu2.api.concursolutions.com'

const paste = (outtaskId = '110034', uuid = UUID, token = TOKEN): string =>
  `Entity/Outtask ID: ${outtaskId}\nClient_UUID: ${uuid}\nRequest_Token: ${token}\n`

const owners: CredentialOwner[] = []
afterEach(async () => {
  for (const o of owners.splice(0)) await o.stop()
})

/**
 * A token desk over the real credential owner and repository (memory keychain and settings); the
 * Concur token service and the Faces link are fakes at the port, so the clock stays manual.
 */
async function setup(options: { exchange?: ConcurOAuth['exchange']; refresh?: ConcurOAuth['refresh'] } = {}) {
  const clock = createManualClock(START)
  const secrets = createMemorySecrets()
  const settings = createMemorySettings()
  const bus = createRecordingBus()
  const faces = createFakeFaces()
  const log = createMemoryLogger()
  const entities = createEntityStore({ repo: createMemoryDocumentStore(emptyEntitiesDocument()), clock })
  const tokensRepo = createMemoryDocumentStore(emptyTokensDocument())
  const exchangeCalls: string[] = []
  const polling: Array<[string, boolean]> = []
  const grant = (refreshToken: string): GrantResult => ({
    grant: {
      accessToken: 'at-access-1',
      expiresInMs: HOUR,
      refreshToken,
      refreshExpiresAtMs: clock.nowMs() + 180 * 24 * HOUR,
      geolocation: EU2,
      scopes: [],
    },
    geolocation: EU2,
    correlationId: 'c-1',
  })
  const owner = createTestOwner({
    secrets,
    settings,
    entities,
    faces,
    clock,
    log,
    oauth: {
      exchange:
        options.exchange ??
        (async (input) => {
          exchangeCalls.push(input.requestToken)
          return grant(exchangeCalls.length === 1 ? REFRESH : `${REFRESH}-${exchangeCalls.length}`)
        }),
      refresh: options.refresh ?? (async () => grant(`${REFRESH}-rotated`)),
    },
    notify: (n) => bus.emit('notify', n),
  })
  owners.push(owner)
  const desk = createTokenDesk({
    clock,
    log,
    secrets,
    settings,
    environment: 'sandbox',
    entities,
    tokens: tokensRepo,
    owner,
    bus,
    pollControl: { setPollingActive: (id, active) => void polling.push([id, active]) },
    newId: (() => {
      let n = 0
      return () => `t${++n}`
    })(),
  })
  const entity = await entities.create({
    name: 'Umbrella EMEA',
    outtaskId: '110034',
    companyUuid: UUID,
    siteIds: ['S1'],
    vendorSiteIds: ['V1'],
    travelConfigIds: ['TC1', 'TC2'],
    facesCompanyId: 'faces-1',
  })
  const storedToken = (): string | null => {
    const v = secrets.values.get(`refresh-token:${entity.id}`)
    return v ? (JSON.parse(v) as { refreshToken: string }).refreshToken : null
  }
  return {
    clock,
    secrets,
    settings,
    bus,
    faces,
    log,
    entities,
    tokensRepo,
    desk,
    entity,
    exchangeCalls,
    polling,
    owner,
    storedToken,
  }
}

describe('token desk preview', () => {
  it('matches a known entity and never returns the raw token', async () => {
    const { desk, entity } = await setup()
    const [block] = await desk.preview(paste())
    expect(block?.match).toEqual({
      kind: 'known',
      entityId: entity.id,
      entityName: 'Umbrella EMEA',
      uuidMatches: true,
    })
    expect(block?.isValid).toBe(true)
    expect(JSON.stringify(block)).not.toContain(TOKEN)
    expect(block?.tokenPreview).toBe('at-9Z…bcd')
  })

  it('offers an unknown Outtask ID as unknown, and flags a UUID that differs from the entity', async () => {
    const { desk } = await setup()
    const [unknown] = await desk.preview(paste('999999'))
    expect(unknown?.match).toEqual({ kind: 'unknown' })
    const [mismatch] = await desk.preview(paste('110034', '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9'))
    expect(mismatch?.match).toMatchObject({ kind: 'known', uuidMatches: false })
    expect(mismatch?.errors.map((e) => e.field)).toEqual(['companyUuid'])
  })

  it('flags a token already received for the entity as a duplicate', async () => {
    const { desk } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    const [block] = await desk.preview(paste())
    expect(block?.isDuplicate).toBe(true)
    expect(block?.isValid).toBe(false)
  })
})

describe('token desk intake and exchange', () => {
  it('keeps a pending request token in the keychain only, with a 12-hour validity', async () => {
    const { desk, secrets, tokensRepo } = await setup()
    const { accepted } = await desk.submit({ text: paste(), exchange: false })
    expect(accepted).toHaveLength(1)
    expect(accepted[0]).toMatchObject({
      state: 'pending',
      receivedAtMs: START,
      expiresAtMs: START + 12 * HOUR,
    })
    expect(secrets.values.get('request-token:t1')).toBe(TOKEN)
    expect(JSON.stringify(tokensRepo.current)).not.toContain(TOKEN)
  })

  it('exchanges, erases the request token, stores the refresh token in the keychain and hands off to Faces', async () => {
    const { desk, secrets, settings, faces, entities, entity, polling, bus, storedToken } = await setup()
    const { accepted } = await desk.submit({ text: paste() })
    expect(accepted[0]?.state).toBe('exchanged')
    expect(secrets.values.has('request-token:t1')).toBe(false)
    expect(storedToken()).toBe(REFRESH)
    const meta = settings.read().credentialMeta[`sandbox:${entity.id}`]
    expect(meta).toMatchObject({
      exchangedFromTokenId: 't1',
      handedToFacesAtMs: START,
      geolocation: EU2,
      generation: 1,
      faces: { companyId: 'faces-1', generation: 1 },
    })
    expect(JSON.stringify(settings.read())).not.toContain(REFRESH)
    expect(faces.calls).toEqual([
      {
        facesCompanyId: 'faces-1',
        patch: {
          refreshToken: REFRESH,
          refreshTokenGeneration: 1,
          geolocation: EU2,
          travelConfigIds: ['TC1', 'TC2'],
          interfaceActive: true,
          pollingActive: true,
        },
      },
    ])
    const after = await entities.get(entity.id)
    expect(after.checklist).toMatchObject({
      'request-token-received': START,
      exchanged: START,
      'refresh-token-set-in-faces': START,
      'interface-and-polling-active': START,
    })
    expect(after.pollingActive).toBe(true)
    expect(polling).toEqual([[entity.id, true]])
    expect(bus.messages.map((m) => m.channel)).toContain('token:updated')
    expect(bus.messages.map((m) => m.channel)).toContain('entity:updated')
    const view = await desk.entityView(after)
    expect(view.stage).toBe('interface-and-polling-active')
    expect(view.credential).toMatchObject({
      state: 'refresh-token',
      isRenewalDue: false,
      handedToFacesAtMs: START,
    })
  })

  it('sends only the new token and its generation when a renewal token is handed off', async () => {
    const { desk, faces, entities, entity } = await setup()
    await desk.submit({ text: paste() })
    await desk.submit({ text: paste('110034', UUID, 'at-SecondTokenForRenewal12345') })
    expect(faces.calls[1]?.patch).toEqual({ refreshToken: `${REFRESH}-2`, refreshTokenGeneration: 2 })
    const after = await entities.get(entity.id)
    expect(after.pollingActive).toBe(true)
    expect((await desk.entityView(after)).stage).toBe('interface-and-polling-active')
  })

  it('exchanges the same token only once when asked twice at the same time', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    let calls = 0
    const { desk } = await setup({
      exchange: async () => {
        calls++
        await gate
        throw new ConcurError('remote-failed', 'Concur failed (HTTP 500). The desk will try again.', {
          retryable: true,
        })
      },
    })
    await desk.submit({ text: paste(), exchange: false })
    const a = desk.exchange('t1')
    const b = desk.exchange('t1')
    release()
    const [va, vb] = await Promise.all([a, b])
    expect(calls).toBe(1)
    expect(va).toEqual(vb)
    expect(va.state).toBe('failed')
  })

  it('records a rejected token as failed with the mapped reason and lets it be retried while valid', async () => {
    let fail = true
    const { desk, clock } = await setup({
      exchange: async () => {
        if (fail)
          throw new ConcurError(
            'token-rejected',
            'Concur rejected the request token: it is wrong, or it expired.',
            {
              code: 5,
              correlationId: 'corr-9',
            },
          )
        return {
          grant: {
            accessToken: 'at-x',
            expiresInMs: HOUR,
            refreshToken: REFRESH,
            refreshExpiresAtMs: null,
            geolocation: EU2,
            scopes: [],
          },
          geolocation: EU2,
          correlationId: 'c',
        }
      },
    })
    const { accepted } = await desk.submit({ text: paste() })
    expect(accepted[0]).toMatchObject({
      state: 'failed',
      problem: { kind: 'token-rejected', correlationId: 'corr-9' },
    })
    fail = false
    await clock.advance(HOUR)
    expect((await desk.exchange('t1')).state).toBe('exchanged')
  })

  it('expires a pending token by the clock, erases it from the keychain and does not exchange it', async () => {
    const { desk, clock, secrets, exchangeCalls } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    await clock.advance(12 * HOUR)
    const view = await desk.exchange('t1')
    expect(view).toMatchObject({ state: 'expired', problem: { kind: 'token-rejected' } })
    expect(exchangeCalls).toEqual([])
    expect(secrets.values.has('request-token:t1')).toBe(false)
  })

  it('expires tokens in the periodic sweep', async () => {
    const { desk, clock, bus } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    desk.start('test')
    await clock.advance(12 * HOUR + 60_000)
    desk.stop('test')
    const pushed = bus.messages
      .filter((m) => m.channel === 'token:updated')
      .map((m) => (m.payload as { state: string }).state)
    expect(pushed.at(-1)).toBe('expired')
  })

  it('records a failed hand-off without losing the refresh token, and retries it on exchange', async () => {
    const { desk, faces, storedToken, entity, entities } = await setup()
    faces.failNext = 1
    const { accepted } = await desk.submit({ text: paste() })
    expect(accepted[0]).toMatchObject({ state: 'exchanged', problem: { kind: 'rate-limited' } })
    expect(accepted[0]?.problem?.message).toMatch(/The desk keeps retrying; press Exchange to retry now\.$/)
    expect(storedToken()).toBe(REFRESH)
    expect((await entities.get(entity.id)).checklist['refresh-token-set-in-faces']).toBeNull()
    expect((await desk.list()).map((t) => t.id)).toEqual(['t1'])

    const retried = await desk.exchange('t1')
    expect(retried.problem).toBeNull()
    expect(faces.calls).toHaveLength(2)
    // The retry still switches the interface on: the first activation never reached Faces.
    expect(faces.calls[1]?.patch).toMatchObject({ interfaceActive: true, refreshTokenGeneration: 1 })
    const after = await entities.get(entity.id)
    expect(after.checklist['refresh-token-set-in-faces']).not.toBeNull()
    expect(after.checklist['interface-and-polling-active']).not.toBeNull()
    expect(await desk.list()).toEqual([])
  })

  it('retries a failed hand-off by itself, with backoff, until Faces takes it', async () => {
    const { desk, faces, clock, entities, entity } = await setup()
    faces.failNext = 2
    await desk.submit({ text: paste() })
    expect(faces.calls).toHaveLength(1)
    await clock.advance(2_000)
    expect(faces.calls).toHaveLength(2)
    await clock.advance(4_000)
    expect(faces.calls).toHaveLength(3)
    const after = await entities.get(entity.id)
    expect(after.checklist['interface-and-polling-active']).not.toBeNull()
    expect(after.pollingActive).toBe(true)
    expect(await desk.list()).toEqual([])
  })

  it('rejects unknown entities unless asked to create them', async () => {
    const { desk } = await setup()
    const refused = await desk.submit({ text: paste('555555'), exchange: false })
    expect(refused.accepted).toEqual([])
    expect(refused.rejected[0]?.errors.map((e) => e.field)).toEqual(['outtaskId'])
    const created = await desk.submit({ text: paste('555555'), exchange: false, createUnknown: true })
    expect(created.accepted).toHaveLength(1)
    expect(created.createdEntities[0]).toMatchObject({
      outtaskId: '555555',
      companyUuid: UUID,
      stage: 'request-token-received',
    })
  })

  it('rejects invalid blocks and duplicates on submit', async () => {
    const { desk } = await setup()
    const text = `${paste()}\n${paste('110034', '79840cd9-5989-4675c-a254-3cdkkkdddeeebb178', 'at-OtherToken123456789')}\n${paste()}`
    const { accepted, rejected } = await desk.submit({ text, exchange: false })
    expect(accepted).toHaveLength(1)
    expect(rejected.map((b) => [b.index, b.isDuplicate, b.errors.map((e) => e.field)])).toEqual([
      [1, false, ['companyUuid']],
      [2, true, []],
    ])
  })

  it('accepts a paste only once when it is submitted twice at the same time', async () => {
    const { desk } = await setup()
    const [a, b] = await Promise.all([
      desk.submit({ text: paste(), exchange: false }),
      desk.submit({ text: paste(), exchange: false }),
    ])
    expect(a.accepted).toHaveLength(1)
    expect(b.accepted).toHaveLength(0)
    expect(b.rejected[0]?.isDuplicate).toBe(true)
  })

  it('offers a token interrupted mid-exchange by a restart for another try', async () => {
    const { desk, tokensRepo, ...rest } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    const stored = structuredClone(tokensRepo.current)
    const first = stored.tokens[0]
    if (first) first.state = 'exchanging'
    await tokensRepo.save(stored)
    const restarted = createTokenDesk({
      clock: rest.clock,
      log: rest.log,
      secrets: rest.secrets,
      settings: rest.settings,
      environment: 'sandbox',
      entities: rest.entities,
      tokens: tokensRepo,
      owner: rest.owner,
      bus: rest.bus,
    })
    expect(await restarted.list()).toMatchObject([
      { id: 't1', state: 'failed', problem: { kind: 'cancelled' } },
    ])
  })

  it('discards a pending token and erases it from the keychain', async () => {
    const { desk, secrets } = await setup()
    await desk.submit({ text: paste(), exchange: false })
    const view = await desk.discard('t1')
    expect(view).toMatchObject({ state: 'expired', problem: { kind: 'cancelled' } })
    expect(secrets.values.has('request-token:t1')).toBe(false)
    expect(await desk.list({ includeFinished: true })).toEqual([])
  })

  it('shows renewal due 30 days before the refresh token expires', async () => {
    const { desk, clock, entities, entity } = await setup()
    await desk.submit({ text: paste() })
    await clock.advance(149 * 24 * HOUR)
    expect((await desk.entityView(await entities.get(entity.id))).credential).toMatchObject({
      isRenewalDue: false,
    })
    await clock.advance(24 * HOUR)
    expect((await desk.entityView(await entities.get(entity.id))).credential).toMatchObject({
      isRenewalDue: true,
    })
  })

  it('shows a credential Concur declared dead as the stage "credential dead", with a notification', async () => {
    const { desk, entities, entity, owner, bus } = await setup({
      refresh: async () => {
        throw new ConcurError('refresh-token-invalid', 'bad or expired', { code: 108, status: 400 })
      },
    })
    await desk.submit({ text: paste() })
    owner.forget(entity.id)
    await expect(owner.refreshNow(entity.id)).rejects.toMatchObject({ kind: 'refresh-token-invalid' })
    const view = await desk.entityView(await entities.get(entity.id))
    expect(view.stage).toBe('credential-dead')
    expect(view.credential).toMatchObject({
      state: 'refresh-token-invalid',
      reason: 'invalid',
      sinceMs: START,
    })
    expect(
      bus.messages.filter((m) => m.channel === 'notify').map((m) => (m.payload as { title: string }).title),
    ).toEqual(['Umbrella EMEA: credential dead, request a new token'])
    // A new request token shows its progress instead, and its exchange revives the credential.
    await desk.submit({ text: paste('110034', UUID, 'at-SecondTokenForRecovery123') })
    expect((await desk.entityView(await entities.get(entity.id))).credential).toMatchObject({
      state: 'refresh-token',
    })
  })

  it('hands off again to the right Faces company once it is set on an entity created from the paste', async () => {
    const { desk, faces, entities } = await setup()
    const { accepted, createdEntities } = await desk.submit({ text: paste('555555'), createUnknown: true })
    expect(accepted[0]?.problem?.message).toMatch(/has no Faces company yet/)
    expect(faces.calls).toEqual([])
    const created = createdEntities[0]
    if (!created) throw new Error('expected a created entity')
    await entities.patch(created.id, (e) => (e.facesCompanyId = 'faces-9'))
    await desk.handOffAgain(created.id)
    expect(faces.calls.map((c) => c.facesCompanyId)).toEqual(['faces-9'])
    expect(await desk.list()).toEqual([])
  })
})
