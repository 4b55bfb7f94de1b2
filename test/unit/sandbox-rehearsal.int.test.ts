/**
 * The Sandbox rehearses the whole job on any entity, through the composed desk and its contract
 * (real loopback simulators): an entity someone adds is learned by the simulated Concur and Faces
 * and goes case reply → paste → exchange → hand-off → polling → first sync; a customer the desk
 * does not know yet can be added from the paste with a Faces company the Sandbox creates; "exchange
 * later" keeps a token pending; the reply switches move its arrival; polling on/off reaches Faces.
 * The desk runs from a Tuesday 09:00 in Zurich, so the 16:40 reply is Monday's at any real hour.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createShiftedClock } from '../../src/main/core/clock'
import type { EntityView, SyncRunView } from '../../src/shared/model'
import { eventually, startTestDesk, type TestDesk } from './composed-desk.test-helper'

const BERGBLICK = {
  name: 'Bergblick Travel AG',
  outtaskId: '120001',
  companyUuid: '0b7e2f5a-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
  facesCompanyId: 'FC-BERGBLICK',
  siteIds: [],
  vendorSiteIds: [],
  travelConfigIds: [],
}

let t: TestDesk
beforeEach(async () => {
  t = await startTestDesk({ clock: createShiftedClock(Date.parse('2026-03-10T09:00:00+01:00')) })
})
afterEach(() => t.stop())

/** The Faces company as the simulated Faces holds it (its own API, the desk's credentials). */
async function facesCompany(id: string): Promise<{ concurLink: { pollingActive: boolean } | null }> {
  const { facesUrl } = await t.call('sandbox:status', {})
  const res = await fetch(`${facesUrl}/api/v1/companies/${encodeURIComponent(id)}`, {
    headers: { authorization: `Basic ${Buffer.from('desk:sandbox-faces-key').toString('base64')}` },
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { concurLink: { pollingActive: boolean } | null }
}

function finishedRunOf(entityId: string): SyncRunView | undefined {
  return t.pushes
    .filter((m) => m.channel === 'sync:run-updated')
    .map((m) => m.payload as SyncRunView)
    .find((r) => r.entityId === entityId && r.state === 'done')
}

describe('the Sandbox learns the entities people add', () => {
  it('takes a new entity through reply, paste, exchange, hand-off, polling and its first sync', async () => {
    const entity = await t.call('entities:create', BERGBLICK)
    const reply = await t.call('sandbox:issue-token', { entityId: entity.id })
    expect(reply.caseText).toContain('Entity/Outtask ID: 120001')
    expect(reply.caseText).toContain(BERGBLICK.companyUuid)

    const submitted = await t.call('tokens:submit', { text: reply.caseText })
    expect(submitted.accepted.map((x) => x.state)).toEqual(['exchanged'])
    expect(submitted.accepted[0]?.handOff).toMatchObject({ isFailed: false })
    expect(submitted.accepted[0]?.handOff?.doneAtMs).toEqual(expect.any(Number))

    const connected = await eventually('polling on', async () => {
      const e = await t.call('entities:get', { entityId: entity.id })
      return e.credential.state === 'refresh-token' && e.polling.active ? e : null
    })
    expect(connected.credential.state === 'refresh-token' && connected.credential.faces.facesGeneration).toBe(
      1,
    )
    const first = await eventually('the first sync of the new entity', () => finishedRunOf(entity.id))
    expect(first.profilesDone).toBe(8)
    expect(await t.call('travellers:list', { entityId: entity.id })).toHaveLength(8)
    expect((await facesCompany('FC-BERGBLICK')).concurLink?.pollingActive).toBe(true)
  })

  it('adds a customer the desk does not know from the paste, with a Faces company created in the Sandbox', async () => {
    const reply = await t.call('sandbox:new-customer-reply', {})
    const [block] = await t.call('tokens:preview', { text: reply.caseText })
    expect(block).toMatchObject({ outtaskId: reply.outtaskId, match: { kind: 'unknown' }, isValid: true })

    const submitted = await t.call('tokens:submit', { text: reply.caseText, createUnknown: true })
    expect(submitted.createdEntities).toHaveLength(1)
    const created = submitted.createdEntities[0] as EntityView
    expect(created).toMatchObject({ outtaskId: reply.outtaskId, facesCompanyId: `FC-${reply.outtaskId}` })
    expect(submitted.accepted[0]?.state).toBe('exchanged')
    expect(submitted.accepted[0]?.handOff?.doneAtMs).toEqual(expect.any(Number))
    expect((await facesCompany(`FC-${reply.outtaskId}`)).concurLink).not.toBeNull()
  })
})

describe('paste now, exchange later', () => {
  it('keeps a submitted token pending with its lifetime until someone exchanges it', async () => {
    const [entity] = await t.call('entities:list', {})
    const reply = await t.call('sandbox:issue-token', { entityId: entity!.id })
    const { accepted } = await t.call('tokens:submit', { text: reply.caseText, exchange: false })
    expect(accepted.map((x) => x.state)).toEqual(['pending'])
    expect(accepted[0]!.expiresAtMs - accepted[0]!.receivedAtMs).toBe(12 * 3_600_000)
    expect((await t.call('tokens:list', {})).map((x) => x.id)).toContain(accepted[0]!.id)
    const exchanged = await t.call('tokens:exchange', { tokenId: accepted[0]!.id })
    expect(exchanged.state).toBe('exchanged')
    // The audit trail names the token's entity, found from the token id the call gave.
    const { records } = await t.call('audit:query', { action: 'token.exchange' })
    expect(records[0]).toMatchObject({ entityId: entity!.id, entityName: entity!.name, outcome: 'ok' })
  })

  it('remembers the default in settings', async () => {
    expect((await t.call('settings:get', {})).exchangeLaterByDefault).toBe(false)
    const saved = await t.call('settings:update', { exchangeLaterByDefault: true })
    expect(saved.exchangeLaterByDefault).toBe(true)
    expect((await t.call('settings:get', {})).exchangeLaterByDefault).toBe(true)
  })
})

describe('the reply switches move when a token reached the desk', () => {
  it('a token that expires in 5 minutes: desk and Concur agree, and the exchange still works in time', async () => {
    const [entity] = await t.call('entities:list', {})
    await t.call('sandbox:set-switch', { switch: 'token-expires-soon', on: true })
    const before = t.clock.nowMs()
    const reply = await t.call('sandbox:issue-token', { entityId: entity!.id })
    expect(reply.expiresAtMs - before).toBeGreaterThan(4 * 60_000)
    expect(reply.expiresAtMs - before).toBeLessThanOrEqual(5 * 60_000 + 1_000)
    const [block] = await t.call('tokens:preview', { text: reply.caseText })
    expect(block?.receivedAtMs).toBe(reply.receivedAtMs)
    const { accepted } = await t.call('tokens:submit', { text: reply.caseText, exchange: false })
    expect(accepted[0]).toMatchObject({ receivedAtMs: reply.receivedAtMs, expiresAtMs: reply.expiresAtMs })
    expect((await t.call('tokens:exchange', { tokenId: accepted[0]!.id })).state).toBe('exchanged')

    const status = await t.call('sandbox:set-switch', { switch: 'token-expires-soon', on: false })
    expect(status.switches.find((s) => s.id === 'token-expires-soon')?.isOn).toBe(false)
    const fresh = await t.call('sandbox:issue-token', { entityId: entity!.id })
    expect(fresh.expiresAtMs - fresh.receivedAtMs).toBe(12 * 3_600_000)
    expect(t.clock.nowMs() - fresh.receivedAtMs).toBeLessThan(60_000)
  })

  it("a token that arrived at 16:40 Zurich time: the desk counts from then, so on Tuesday 09:00 Monday's reply is expired", async () => {
    const entities = await t.call('entities:list', {})
    const status = await t.call('sandbox:set-switch', { switch: 'token-after-window', on: true })
    expect(status.switches.find((s) => s.id === 'token-after-window')).toMatchObject({ isOn: true })
    const reply = await t.call('sandbox:issue-token', { entityId: entities[1]!.id })
    const zurich = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Zurich',
      hour: '2-digit',
      minute: '2-digit',
    }).format(reply.receivedAtMs)
    expect(zurich).toBe('16:40')
    expect(reply.receivedAtMs).toBe(Date.parse('2026-03-09T16:40:00+01:00'))
    expect(reply.caseText).toContain('reached the desk at 16:40')
    const { accepted } = await t.call('tokens:submit', { text: reply.caseText, exchange: false })
    const token = accepted[0]!
    expect(token.receivedAtMs).toBe(reply.receivedAtMs)
    const listed = (await t.call('tokens:list', { includeFinished: true })).find((x) => x.id === token.id)
    expect(listed?.state).toBe('expired')
    // The two reply timings exclude each other.
    const both = await t.call('sandbox:set-switch', { switch: 'token-expires-soon', on: true })
    expect(both.switches.filter((s) => s.isOn).map((s) => s.id)).toEqual(['token-expires-soon'])
  })
})

describe('the polling switch reaches Faces', () => {
  it('sets only pollingActive on the Faces link, and refuses as a whole when Faces does not take it', async () => {
    const entity = (await t.call('entities:list', {})).find((e) => e.outtaskId === '110034')!
    const reply = await t.call('sandbox:issue-token', { entityId: entity.id })
    await t.call('tokens:submit', { text: reply.caseText })
    await eventually(
      'polling on',
      async () => (await t.call('entities:get', { entityId: entity.id })).polling.active,
    )

    const off = await t.call('entities:set-polling', { entityId: entity.id, active: false })
    expect(off.polling.active).toBe(false)
    expect((await facesCompany(entity.facesCompanyId)).concurLink?.pollingActive).toBe(false)

    await t.call('sandbox:set-switch', { switch: 'faces-down', on: true })
    const refused = await t.problem('entities:set-polling', { entityId: entity.id, active: true })
    expect(refused.message).toMatch(
      /^Faces did not take the change .*polling of "Umbrella Demo GmbH" stays off/,
    )
    expect((await t.call('entities:get', { entityId: entity.id })).polling.active).toBe(false)

    await t.call('sandbox:set-switch', { switch: 'faces-down', on: false })
    expect((await t.call('entities:set-polling', { entityId: entity.id, active: true })).polling.active).toBe(
      true,
    )
    expect((await facesCompany(entity.facesCompanyId)).concurLink?.pollingActive).toBe(true)
    const history = await t.call('log:query', { entityId: entity.id, kind: 'credential' })
    expect(history.records.map((r) => r.message)).toEqual(
      expect.arrayContaining([
        'Polling switched off in Faces company FC-110034 (pollingActive only)',
        'Polling switched on in Faces company FC-110034 (pollingActive only)',
      ]),
    )
  })
})
