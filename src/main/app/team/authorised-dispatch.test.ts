import { describe, expect, it } from 'vitest'
import { REQUEST_CHANNELS } from '../../../shared/channels'
import { CHANNEL_ROLES, isAppChannel, roleMayCall } from '../../../shared/channel-roles'
import { fail, ok, type Result } from '../../../shared/result'
import { createManualClock } from '../../core/clock'
import { createPresence } from '../../core/team/presence'
import type { AuditActor, AuditFacts, AuditTrail } from '../../core/team/audit-trail'
import type { Principal } from '../../core/team/principal'
import { createPushBus } from '../push-bus'
import { AUDITED_CALLS } from './audit-actions'
import { createAuthorisedDispatch } from './authorised-dispatch'

const ADMIN_ONLY = [
  'settings:update',
  'settings:set-secret',
  'settings:test-connection',
  'updates:check',
  'updates:install',
  'users:list',
  'users:add',
  'users:disable',
  'users:enable',
  'users:reset',
  'users:set-role',
]

const agent: Principal = { id: 'u2', displayName: 'Ben', role: 'agent', via: 'password' }
const admin: Principal = { id: 'u1', displayName: 'Anna', role: 'admin', via: 'password' }

function world(answer: (channel: string) => Promise<Result<unknown>> = async () => Promise.resolve(ok({}))) {
  const records: { actor: AuditActor; action: string; facts: AuditFacts }[] = []
  const audit: AuditTrail = {
    record: async (actor, action, facts) => {
      records.push({ actor, action, facts })
      return Promise.resolve()
    },
    query: () => Promise.reject(new Error('unused')),
    exportCsv: () => Promise.reject(new Error('unused')),
  }
  const bus = createPushBus()
  const pushes: unknown[] = []
  bus.subscribe((m) => pushes.push(m))
  const clock = createManualClock(1_000)
  const presence = createPresence({
    stores: () => null,
    bus,
    clock,
    onError: (e) => {
      throw e
    },
  })
  const calls: string[] = []
  const dispatch = createAuthorisedDispatch({
    inner: async (channel) => {
      calls.push(String(channel))
      return answer(String(channel))
    },
    local: { id: 'local', displayName: 'you', role: 'admin', via: 'local' },
    audit: () => audit,
    presence,
    target: async (input) =>
      Promise.resolve(input.entityId || input.tokenId ? { entityId: 'e1', entityName: 'Acme' } : null),
  })
  return { dispatch, records, calls, presence, pushes }
}

describe('the role table', () => {
  it('has an entry for every channel in channels.ts, and nothing else', () => {
    expect(Object.keys(CHANNEL_ROLES).sort()).toEqual([...REQUEST_CHANNELS].sort())
  })

  it('keeps settings, secrets, updates and users for admins; everything an agent does is open to agents', () => {
    const adminOnly = REQUEST_CHANNELS.filter((c) => !isAppChannel(c) && !roleMayCall('agent', c))
    expect(adminOnly.sort()).toEqual([...ADMIN_ONLY].sort())
    for (const c of [
      'tokens:submit',
      'tokens:exchange',
      'tokens:discard',
      'sync:run-entity',
      'entities:update',
    ] as const)
      expect(roleMayCall('agent', c)).toBe(true)
    for (const c of REQUEST_CHANNELS) expect(roleMayCall('admin', c), c).toBe(!isAppChannel(c))
  })

  it('marks the team-link channels, and only those, as answered by the app itself', () => {
    const appOnly = REQUEST_CHANNELS.filter((c) => isAppChannel(c))
    expect(appOnly.sort()).toEqual([
      'team:confirm-certificate',
      'team:connect',
      'team:disconnect',
      'team:status',
    ])
    for (const c of appOnly) {
      expect(roleMayCall('admin', c)).toBe(false)
      expect(roleMayCall('agent', c)).toBe(false)
    }
  })

  it('audits every channel that changes something', () => {
    for (const c of [
      'tokens:submit',
      'tokens:exchange',
      'tokens:discard',
      'settings:update',
      'settings:set-secret',
      'sync:run-entity',
      'account:create-token',
      'account:revoke-token',
      'users:add',
      'users:disable',
      'users:enable',
      'users:reset',
      'users:set-role',
    ] as const)
      expect(AUDITED_CALLS[c], c).toBeDefined()
  })
})

describe('the authorised dispatch', () => {
  it('refuses an agent an admin channel without calling it, and audits the refusal', async () => {
    const w = world()
    const r = await w.dispatch(
      'settings:set-secret',
      { name: 'faces-api-key', value: 'secret-value-1' },
      agent,
    )
    expect(r).toMatchObject({ ok: false, problem: { kind: 'forbidden' } })
    expect(w.calls).toEqual([])
    expect(w.records).toHaveLength(1)
    expect(w.records[0]).toMatchObject({
      actor: { name: 'Ben' },
      action: 'secret.set',
      facts: { outcome: 'denied' },
    })
    expect(JSON.stringify(w.records)).not.toContain('secret-value-1')
  })

  it('records a refused call that is not audited on its own as access.denied, naming the channel', async () => {
    const w = world()
    const r = await w.dispatch('users:list', {}, agent)
    expect(r).toMatchObject({ ok: false, problem: { kind: 'forbidden' } })
    expect(w.records).toEqual([
      expect.objectContaining({
        action: 'access.denied',
        facts: expect.objectContaining({
          outcome: 'denied',
          detail: 'the agent role may not call users:list',
        }),
      }),
    ])
  })

  it('lets an admin through and records the secret by name only', async () => {
    const w = world()
    expect(
      (await w.dispatch('settings:set-secret', { name: 'faces-api-key', value: 'secret-value-2' }, admin)).ok,
    ).toBe(true)
    expect(w.records[0]).toMatchObject({
      action: 'secret.set',
      facts: { outcome: 'ok', detail: 'set faces-api-key' },
    })
    expect(JSON.stringify(w.records)).not.toContain('secret-value-2')
  })

  it('records an invalid call without the text its sender chose', async () => {
    const w = world(async () => Promise.resolve(fail({ kind: 'invalid-input', message: 'Invalid name' })))
    const name = '=HYPERLINK("http://evil") chosen-by-the-caller'
    await w.dispatch('settings:set-secret', { name, value: 'secret-value-3', extra: 1 }, admin)
    expect(w.records[0]).toMatchObject({ action: 'secret.set', facts: { outcome: 'failed' } })
    expect(JSON.stringify(w.records)).not.toContain('chosen-by-the-caller')
    expect(JSON.stringify(w.records)).not.toContain('secret-value-3')
  })

  it('never serves the team-link channels to a caller over the network, an admin neither', async () => {
    const w = world()
    const remote: Principal[] = [
      admin,
      agent,
      { ...admin, via: 'access-token' },
      { id: 'solo', displayName: 'you', role: 'admin', via: 'launch-link' },
    ]
    for (const principal of remote)
      for (const channel of ['team:status', 'team:connect', 'team:confirm-certificate', 'team:disconnect']) {
        const r = await w.dispatch(channel, {}, principal)
        expect(r, `${channel} as ${principal.via}`).toMatchObject({
          ok: false,
          problem: { kind: 'forbidden', message: expect.stringContaining('answered by the desktop app') },
        })
      }
    expect(w.calls).toEqual([])
  })

  it('lets the Electron window (principal local) ask its own desk for the team link', async () => {
    const w = world()
    expect((await w.dispatch('team:status', {})).ok).toBe(true)
    expect(w.calls).toEqual(['team:status'])
  })

  it('acts as the local user when the transport names nobody (Electron)', async () => {
    const w = world()
    await w.dispatch('settings:update', { requestTokenLifetimeHours: 12 })
    expect(w.records[0]).toMatchObject({
      actor: { name: 'you' },
      facts: { detail: 'changed requestTokenLifetimeHours' },
    })
  })

  it('shows the activity in presence while the call runs, with the entity', async () => {
    let release: () => void = () => {}
    const w = world(async () => {
      await new Promise<void>((r) => (release = r))
      return ok({ entityId: 'e1' })
    })
    const running = w.dispatch('tokens:exchange', { tokenId: 't1' }, agent)
    await new Promise((r) => setTimeout(r, 0))
    await new Promise((r) => setTimeout(r, 0))
    expect((await w.presence.view()).users).toEqual([
      expect.objectContaining({
        name: 'Ben',
        activities: [expect.objectContaining({ what: 'exchanging the token', entityName: 'Acme' })],
      }),
    ])
    release()
    await running
    expect((await w.presence.view()).users).toEqual([])
    expect(w.pushes.length).toBeGreaterThanOrEqual(2)
    expect(w.records[0]).toMatchObject({
      action: 'token.exchange',
      facts: { entityId: 'e1', entityName: 'Acme', outcome: 'ok' },
    })
  })

  it('records a failed call as failed with its message', async () => {
    const w = world(async () =>
      Promise.resolve({ ok: false, problem: { kind: 'token-rejected', message: 'Concur said no.' } }),
    )
    await w.dispatch('tokens:exchange', { tokenId: 't1' }, admin)
    expect(w.records[0]).toMatchObject({ facts: { outcome: 'failed', detail: 'Concur said no.' } })
  })

  it('records one paste per accepted token, on its entity, and the exchange it did right away', async () => {
    const w = world(async () =>
      Promise.resolve(
        ok({
          accepted: [
            { entityId: 'e1', tokenPreview: 'at-3f…9c', state: 'exchanged' },
            { entityId: 'e2', tokenPreview: 'at-77…01', state: 'pending' },
          ],
          rejected: [],
          createdEntities: [],
        }),
      ),
    )
    await w.dispatch('tokens:submit', { text: 'x' }, agent)
    expect(w.records).toEqual([
      expect.objectContaining({
        action: 'token.paste',
        facts: expect.objectContaining({ entityId: 'e1', detail: 'token at-3f…9c, now exchanged' }),
      }),
      expect.objectContaining({
        action: 'token.exchange',
        facts: expect.objectContaining({ entityId: 'e1', detail: 'token at-3f…9c' }),
      }),
      expect.objectContaining({
        action: 'token.paste',
        facts: expect.objectContaining({ entityId: 'e2', detail: 'token at-77…01, now pending' }),
      }),
    ])
  })

  it('does not audit reads', async () => {
    const w = world()
    await w.dispatch('entities:list', {}, agent)
    expect(w.records).toEqual([])
  })
})
