import { describe, expect, it } from 'vitest'
import type { PushMessage } from '../../../shared/contract'
import type { ParsedTokenBlock, TokenView } from '../../../shared/model'
import { createManualClock } from '../../core/clock'
import { createMemoryEntityRepository } from '../../core/entities/entity-repository'
import { createEntityStore } from '../../core/entities/entity-store'
import { createTokenDesk } from '../../core/tokens/token-desk'
import { createMemoryTokenRepository } from '../../core/tokens/token-repository'
import {
  createFakeFaces,
  testCredentialsFor,
  createMemorySecrets,
  createMemorySettings,
  createTestOwner,
} from '../../../../test/support/token-desk-fakes'
import { createMemoryLogger } from '../../logging/logger'
import { createDispatcher, type Handlers } from '../dispatcher'
import { createPushBus } from '../push-bus'
import { createTokensHandlers } from './tokens-handlers'

const UUID = '79840cd9-5989-4675-a254-3cdd0deeb178'
const TOKEN = 'at-9Zq3kLmN0pQrStUvWxYz1234abcd'
const paste = `Entity ID: 110034\nClient_UUID: ${UUID}\nRequest_Token: ${TOKEN}`

async function setup() {
  const clock = createManualClock(Date.parse('2026-11-25T08:00:00Z'))
  const log = createMemoryLogger()
  const bus = createPushBus()
  const pushes: PushMessage[] = []
  bus.subscribe((m) => pushes.push(m))
  const entities = createEntityStore({ repo: createMemoryEntityRepository(), clock })
  await entities.create({
    name: 'Umbrella EMEA',
    outtaskId: '110034',
    companyUuid: UUID,
    siteIds: [],
    vendorSiteIds: [],
    travelConfigIds: ['TC1'],
    facesCompanyId: 'faces-1',
  })
  const secrets = createMemorySecrets()
  const settings = createMemorySettings()
  const tokenDesk = createTokenDesk({
    clock,
    log,
    secrets,
    settings,
    environment: 'sandbox',
    entities,
    tokens: createMemoryTokenRepository(),
    credentials: testCredentialsFor(secrets, settings),
    owner: createTestOwner({
      secrets,
      settings,
      entities,
      faces: createFakeFaces(),
      clock,
      log,
      oauth: { exchange: () => Promise.reject(new Error('socket hang up')) },
    }),
    bus,
  })
  const dispatch = createDispatcher(createTokensHandlers({ tokenDesk }) as Handlers, log)
  return { dispatch, pushes, log }
}

describe('token handlers', () => {
  it('previews a paste through the contract without the raw token', async () => {
    const { dispatch } = await setup()
    const r = await dispatch('tokens:preview', { text: paste })
    expect(r).toMatchObject({ ok: true, value: [{ isValid: true, match: { kind: 'known' } }] })
    expect(JSON.stringify(r)).not.toContain(TOKEN)
  })

  it('submits, lists and discards a token, pushing token:updated on the desk bus', async () => {
    const { dispatch, pushes } = await setup()
    const submitted = await dispatch('tokens:submit', { text: paste, exchange: false })
    if (!submitted.ok) throw new Error(submitted.problem.message)
    const { accepted } = submitted.value as { accepted: TokenView[]; rejected: ParsedTokenBlock[] }
    const id = accepted[0]?.id ?? ''
    expect(await dispatch('tokens:list', {})).toMatchObject({ ok: true, value: [{ id, state: 'pending' }] })
    expect(await dispatch('tokens:discard', { tokenId: id })).toMatchObject({
      ok: true,
      value: { state: 'expired' },
    })
    expect(await dispatch('tokens:list', {})).toEqual({ ok: true, value: [] })
    expect(pushes.filter((m) => m.channel === 'token:updated')).toHaveLength(2)
    expect(JSON.stringify(pushes)).not.toContain(TOKEN)
  })

  it('turns an unexpected exchange failure into a failed token with a bug problem, not a thrown error', async () => {
    const { dispatch } = await setup()
    const r = await dispatch('tokens:submit', { text: paste })
    expect(r).toMatchObject({
      ok: true,
      value: { accepted: [{ state: 'failed', problem: { kind: 'bug' } }] },
    })
  })

  it('says not-found for an unknown token id', async () => {
    const { dispatch } = await setup()
    expect(await dispatch('tokens:exchange', { tokenId: 'nope' })).toMatchObject({
      ok: false,
      problem: { kind: 'not-found' },
    })
  })
})
