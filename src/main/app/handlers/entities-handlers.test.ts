import { describe, expect, it } from 'vitest'
import type { EntityView } from '../../../shared/model'
import { createManualClock } from '../../core/clock'
import { createMemoryEntityRepository } from '../../core/entities/entity-repository'
import type { PollStatus } from '../../core/entities/entity-ports'
import { createEntityStore } from '../../core/entities/entity-store'
import { credentialMetaSchema } from '../../core/settings/desk-settings'
import { createTokenDesk } from '../../core/tokens/token-desk'
import { createMemoryTokenRepository } from '../../core/tokens/token-repository'
import {
  createFakeFaces,
  testCredentialsFor,
  testMetaStoreFor,
  createMemorySecrets,
  createMemorySettings,
  createRecordingBus,
  createTestOwner,
} from '../../../../test/support/token-desk-fakes'
import { createMemoryLogger } from '../../logging/logger'
import { createDispatcher, type Handlers } from '../dispatcher'
import { createEntitiesHandlers } from './entities-handlers'
import { createTokensHandlers } from './tokens-handlers'

const UUID = '79840cd9-5989-4675-a254-3cdd0deeb178'
const input = {
  name: 'Umbrella EMEA',
  outtaskId: '110034',
  companyUuid: UUID,
  siteIds: ['S1'],
  vendorSiteIds: ['TMC-EMEA', 'TMC-USA'],
  travelConfigIds: ['TC1'],
  facesCompanyId: 'faces-1',
}

function setup() {
  const clock = createManualClock(Date.parse('2026-11-25T08:00:00Z'))
  const bus = createRecordingBus()
  const log = createMemoryLogger()
  const entities = createEntityStore({ repo: createMemoryEntityRepository(), clock })
  const secrets = createMemorySecrets()
  const faces = createFakeFaces()
  const settings = createMemorySettings()
  const status = new Map<string, PollStatus>()
  const polling: Array<[string, boolean]> = []
  const pollControl = { setPollingActive: (id: string, active: boolean) => void polling.push([id, active]) }
  const pollStatus = { statusOf: (id: string) => status.get(id) ?? null }
  const tokenDesk = createTokenDesk({
    clock,
    log,
    secrets,
    settings,
    environment: 'sandbox',
    entities,
    tokens: createMemoryTokenRepository(),
    credentials: testCredentialsFor(secrets, settings),
    owner: createTestOwner({ secrets, settings, entities, faces, clock, log }),
    bus,
    pollStatus,
    pollControl,
  })
  const handlers = {
    ...createEntitiesHandlers({ entities, tokenDesk, clock, bus, pollStatus, pollControl }),
    ...createTokensHandlers({ tokenDesk }),
  } as Handlers
  const dispatch = createDispatcher(handlers, log)
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await dispatch(channel, payload)
    if (!r.ok) throw Object.assign(new Error(r.problem.message), { problem: r.problem })
    return r.value as T
  }
  return { dispatch, call, bus, status, polling, settings, faces, secrets }
}

describe('entity handlers', () => {
  it('creates and lists an entity, pushing entity:updated', async () => {
    const { call, bus } = setup()
    const created = await call<EntityView>('entities:create', input)
    expect(created).toMatchObject({
      outtaskId: '110034',
      stage: 'not-started',
      credential: { state: 'none' },
    })
    expect(bus.messages.map((m) => m.channel)).toEqual(['entity:updated'])
    expect((await call<EntityView[]>('entities:list', {})).map((e) => e.id)).toEqual([created.id])
  })

  it('refuses a duplicate Outtask ID as a conflict naming the field', async () => {
    const { call, dispatch } = setup()
    await call('entities:create', input)
    const r = await dispatch('entities:create', { ...input, name: 'Other' })
    expect(r).toMatchObject({
      ok: false,
      problem: { kind: 'conflict', fields: { outtaskId: expect.any(String) } },
    })
  })

  it('marks manual steps only and derives the stage', async () => {
    const { call, dispatch } = setup()
    const e = await call<EntityView>('entities:create', input)
    const marked = await call<EntityView>('entities:mark-step', {
      entityId: e.id,
      step: 'case-opened',
      done: true,
    })
    expect(marked.stage).toBe('case-opened')
    const r = await dispatch('entities:mark-step', { entityId: e.id, step: 'exchanged', done: true })
    expect(r).toMatchObject({ ok: false, problem: { kind: 'invalid-input' } })
  })

  it('composes the case with the subject phrase and every vendor site', async () => {
    const { call } = setup()
    const e = await call<EntityView>('entities:create', input)
    const c = await call<{ subject: string; body: string }>('entities:compose-case', { entityId: e.id })
    expect(c.subject).toContain('API token request')
    expect(c.body).toContain('TMC-EMEA')
    expect(c.body).toContain('TMC-USA')
  })

  it('refuses to switch polling on without a refresh token, and tells the sync engine when it can', async () => {
    const { call, dispatch, polling, settings } = setup()
    const e = await call<EntityView>('entities:create', input)
    expect(await dispatch('entities:set-polling', { entityId: e.id, active: true })).toMatchObject({
      ok: false,
      problem: { kind: 'conflict' },
    })
    // Metadata as an older desk wrote it: the new fields take their defaults.
    await testMetaStoreFor(settings).save(
      e.id,
      credentialMetaSchema.parse({
        geolocation: 'https://x',
        refreshExpiresAtMs: null,
        sinceMs: 0,
        exchangedFromTokenId: null,
        handedToFacesAtMs: null,
      }),
    )
    const on = await call<EntityView>('entities:set-polling', { entityId: e.id, active: true })
    expect(on.polling.active).toBe(true)
    await call('entities:archive', { entityId: e.id, archived: true })
    expect(polling).toEqual([
      [e.id, true],
      [e.id, false],
    ])
  })

  it('shows login-id changes from the sync engine until acknowledged', async () => {
    const { call, status } = setup()
    const e = await call<EntityView>('entities:create', input)
    const poll: PollStatus = {
      lastPoll: null,
      nextPollAtMs: 5,
      consecutiveFailures: 1,
      retryListSize: 2,
      loginIdChanges: 3,
    }
    status.set(e.id, poll)
    expect(await call<EntityView>('entities:get', { entityId: e.id })).toMatchObject({
      loginIdChanges: 3,
      polling: { nextPollAtMs: 5, consecutiveFailures: 1, retryListSize: 2 },
    })
    expect((await call<EntityView>('entities:ack-login-changes', { entityId: e.id })).loginIdChanges).toBe(0)
    status.set(e.id, { ...poll, loginIdChanges: 4 })
    expect((await call<EntityView>('entities:get', { entityId: e.id })).loginIdChanges).toBe(1)
  })

  it('imports CSV with a dry run first', async () => {
    const { call } = setup()
    const csv = `name,outtaskId,companyUuid,facesCompanyId\nA,1,${UUID},f\nB,x,${UUID},f\n`
    const dry = await call<{ created: number; rejected: number }>('entities:import-csv', {
      csv,
      dryRun: true,
    })
    expect(dry).toMatchObject({ created: 1, rejected: 1 })
    expect(await call<EntityView[]>('entities:list', {})).toEqual([])
    await call('entities:import-csv', { csv })
    expect((await call<EntityView[]>('entities:list', {})).map((e) => e.outtaskId)).toEqual(['1'])
  })

  it('hands the link to Faces again when the Travel Config IDs of a connected entity change', async () => {
    const { call, settings, faces, secrets } = setup()
    const e = await call<EntityView>('entities:create', input)
    await call('entities:update', { entityId: e.id, input: { ...input, name: 'Renamed' } })
    expect(faces.calls).toEqual([])
    await testMetaStoreFor(settings).save(
      e.id,
      credentialMetaSchema.parse({
        geolocation: 'https://eu2.api.concursolutions.com',
        refreshExpiresAtMs: null,
        sinceMs: 0,
        exchangedFromTokenId: null,
        handedToFacesAtMs: 1,
      }),
    )
    await secrets.write(`refresh-token:${e.id}`, 'rt-stored-refresh-token-123')
    const updated = await call<EntityView>('entities:update', {
      entityId: e.id,
      input: { ...input, travelConfigIds: ['TC1', 'TC2'] },
    })
    // An older desk kept a bare token in the keychain: it goes to Faces as generation 1 with the new IDs.
    expect(faces.calls.map((c) => c.patch)).toEqual([
      {
        refreshToken: 'rt-stored-refresh-token-123',
        refreshTokenGeneration: 1,
        geolocation: 'https://eu2.api.concursolutions.com',
        travelConfigIds: ['TC1', 'TC2'],
        interfaceActive: true,
        pollingActive: true,
      },
    ])
    expect(updated.travelConfigIds).toEqual(['TC1', 'TC2'])
  })
})
