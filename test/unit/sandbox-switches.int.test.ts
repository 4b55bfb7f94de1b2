/**
 * Every bad-day switch of the Sandbox through the composed desk (real loopback simulators, real
 * time): switched on, its effect shows where staff look in production (entity state, runs, the
 * credential, the sync log); switched off, the desk recovers (or, for events that really happened,
 * recovers the way it does in production). The switches also reset with the Sandbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EntityView, SyncRunView } from '../../src/shared/model'
import type { SandboxSwitchId } from '../../src/shared/sandbox-switches'
import { eventually, startTestDesk, type TestDesk } from './composed-desk.test-helper'

let t: TestDesk
beforeEach(async () => {
  t = await startTestDesk()
})
afterEach(() => t.stop())

/** Connects a demo entity (reply → paste → exchange) and waits for its first sync to end. */
async function connect(outtaskId = '110035'): Promise<EntityView> {
  const entity = (await t.call('entities:list', {})).find((e) => e.outtaskId === outtaskId)!
  const reply = await t.call('sandbox:issue-token', { entityId: entity.id })
  await t.call('tokens:submit', { text: reply.caseText })
  await eventually('the first sync', () => lastRun(entity.id, (r) => r.state === 'done'))
  return t.call('entities:get', { entityId: entity.id })
}

function runs(entityId: string): SyncRunView[] {
  return t.pushes
    .filter((m) => m.channel === 'sync:run-updated')
    .map((m) => m.payload as SyncRunView)
    .filter((r) => r.entityId === entityId)
}

function lastRun(entityId: string, match: (r: SyncRunView) => boolean): SyncRunView | undefined {
  return runs(entityId).filter(match).at(-1)
}

/** The next run of the entity started after `sinceMs` that ended, in whatever state. */
async function nextFinishedRun(entityId: string, sinceMs: number): Promise<SyncRunView> {
  return eventually(
    'a run to end',
    () => lastRun(entityId, (r) => r.startedAtMs >= sinceMs && r.finishedAtMs !== null),
    45_000,
  )
}

async function set(id: SandboxSwitchId, on: boolean, entityId?: string) {
  return t.call('sandbox:set-switch', { switch: id, on, ...(entityId ? { entityId } : {}) })
}

/** The simulated Concur's request log (its admin API on the token host). */
async function concurRequests(): Promise<
  Array<{ atMs: number; route: string; fault?: string; status: number | null }>
> {
  const { concurTokenUrl } = await t.call('sandbox:status', {})
  return (await (await fetch(`${concurTokenUrl}/_admin/requests`)).json()) as Array<{
    atMs: number
    route: string
    fault?: string
    status: number | null
  }>
}

describe('the Sandbox bad-day switches', () => {
  it('Concur down: polls fail and the entity is in error, an exchange fails with the token still valid; off: both recover', async () => {
    const entity = await connect()
    const other = (await t.call('entities:list', {})).find((e) => e.outtaskId === '110036')!
    const onAt = Date.now()
    const on = await set('concur-down', true)
    expect(on.switches.find((s) => s.id === 'concur-down')).toMatchObject({
      isOn: true,
      note: expect.stringContaining('polls 1'),
    })
    expect((await nextFinishedRun(entity.id, onAt)).state).toBe('failed')
    const failing = await t.call('entities:get', { entityId: entity.id })
    expect(failing.polling.lastPoll?.outcome).toBe('failed')

    const reply = await t.call('sandbox:issue-token', { entityId: other.id })
    const { accepted } = await t.call('tokens:submit', { text: reply.caseText })
    expect(accepted[0]).toMatchObject({ state: 'failed' })
    expect(accepted[0]!.problem?.kind).not.toBe('token-rejected')

    const offAt = Date.now()
    await set('concur-down', false)
    expect((await nextFinishedRun(entity.id, offAt)).state).toBe('done')
    expect((await t.call('entities:get', { entityId: entity.id })).polling.lastPoll?.outcome).toBe('success')
    expect((await t.call('tokens:exchange', { tokenId: accepted[0]!.id })).state).toBe('exchanged')
  })

  it('Concur slow and the 429 storm: the calls carry the fault while on, and none after', async () => {
    const entity = await connect()
    await set('concur-slow', true)
    const slowAt = Date.now()
    await t.call('sync:run-entity', { entityId: entity.id })
    expect((await nextFinishedRun(entity.id, slowAt)).state).toBe('done')
    expect((await concurRequests()).filter((r) => r.fault === 'latency').length).toBeGreaterThan(0)
    await set('concur-slow', false)

    const stormAt = Date.now()
    await set('concur-rate-limited', true)
    await nextFinishedRun(entity.id, stormAt)
    expect((await concurRequests()).filter((r) => r.status === 429).length).toBeGreaterThan(0)
    const offAt = Date.now()
    await set('concur-rate-limited', false)
    expect((await nextFinishedRun(entity.id, offAt)).state).toBe('done')
    // Every call after the switch went off is clean (there may be few: unchanged travellers are not fetched).
    const after = (await concurRequests()).filter((r) => r.status !== null && r.atMs >= offAt)
    expect(after.length).toBeGreaterThan(0)
    expect(after.filter((r) => r.fault !== undefined)).toEqual([])
  })

  it('Faces down: the poll cannot write travellers; off: the next poll succeeds', async () => {
    const entity = await connect()
    const onAt = Date.now()
    await set('faces-down', true)
    const failed = await nextFinishedRun(entity.id, onAt)
    expect(failed.state === 'failed' || failed.failed > 0).toBe(true)
    const offAt = Date.now()
    await set('faces-down', false)
    expect((await nextFinishedRun(entity.id, offAt)).state).toBe('done')
  })

  it('a dead refresh token (108): the credential is declared dead; a new token brings the entity back', async () => {
    const entity = await connect()
    const needs = await t.problem('sandbox:set-switch', { switch: 'refresh-token-dead', on: true })
    expect(needs.message).toContain('Choose the entity')
    await set('refresh-token-dead', true, entity.id)
    const dead = await eventually('the credential to be declared dead', async () => {
      const e = await t.call('entities:get', { entityId: entity.id })
      return e.credential.state === 'refresh-token-invalid' ? e : null
    })
    expect(dead.stage).toBe('credential-dead')
    const status = await set('refresh-token-dead', false)
    expect(status.switches.find((s) => s.id === 'refresh-token-dead')?.isOn).toBe(false)
    const reply = await t.call('sandbox:issue-token', { entityId: entity.id })
    expect((await t.call('tokens:submit', { text: reply.caseText })).accepted[0]?.state).toBe('exchanged')
    expect((await t.call('entities:get', { entityId: entity.id })).credential.state).toBe('refresh-token')
  })

  it('a rotation Faces does not take: Faces stays a generation behind; off: it acknowledges the new one', async () => {
    const entity = await connect()
    await set('rotation-not-taken', true, entity.id)
    const behind = await t.call('entities:get', { entityId: entity.id })
    expect(behind.credential.state).toBe('refresh-token')
    if (behind.credential.state !== 'refresh-token') return
    expect(behind.credential.faces.generation).toBe(2)
    expect(behind.credential.faces.facesGeneration).toBe(1)
    expect(behind.credential.faces.pendingSinceMs).toEqual(expect.any(Number))
    await set('rotation-not-taken', false)
    const caught = await eventually('Faces to acknowledge generation 2', async () => {
      const e = await t.call('entities:get', { entityId: entity.id })
      return e.credential.state === 'refresh-token' && e.credential.faces.facesGeneration === 2 ? e : null
    })
    expect(caught.credential.state === 'refresh-token' && caught.credential.faces.pendingSinceMs).toBeNull()
  })

  it('a login-ID change: the entity shows one change to review; reviewing it clears it', async () => {
    const entity = await connect()
    const on = await set('login-id-change', true, entity.id)
    expect(on.switches.find((s) => s.id === 'login-id-change')?.note).toMatch(/@new\./)
    await eventually(
      'the login change to be counted',
      async () => (await t.call('entities:get', { entityId: entity.id })).loginIdChanges === 1,
    )
    await set('login-id-change', false)
    expect((await t.call('entities:ack-login-changes', { entityId: entity.id })).loginIdChanges).toBe(0)
  })

  it('a large entity: 5,000 travellers to sync once connected; off archives it and stops its sync', async () => {
    await set('large-entity', true)
    const large = (await t.call('entities:list', {})).find((e) => e.outtaskId === '119500')
    expect(large?.name).toBe('Grossfirma Holding AG')
    const reply = await t.call('sandbox:issue-token', { entityId: large!.id })
    await t.call('tokens:submit', { text: reply.caseText })
    const running = await eventually('its first sync to count 5,000 profiles', () =>
      lastRun(large!.id, (r) => r.profilesTotal === 5_000 && r.profilesDone > 0),
    )
    expect(running.state).toBe('running')
    await set('large-entity', false)
    const archived = await t.call('entities:get', { entityId: large!.id })
    expect(archived).toMatchObject({ archived: true, polling: { active: false } })
    await eventually('the sync to stop', () => lastRun(large!.id, (r) => r.finishedAtMs !== null))
  })

  it('resets with the Sandbox: after sandbox:reset no switch is on and the entities are the demo ones', async () => {
    await set('concur-slow', true)
    await set('large-entity', true)
    const fresh = await t.call('sandbox:reset', {})
    expect(fresh.switches.filter((s) => s.isOn)).toEqual([])
    expect((await t.call('entities:list', {})).map((e) => e.outtaskId).sort()).toEqual([
      '110034',
      '110035',
      '110036',
    ])
    expect(t.pushes.some((m) => m.channel === 'sandbox:changed')).toBe(true)
  })
})
