/**
 * User management in the browser over real HTTP (the composed Sandbox desk, fastify on loopback,
 * SQLite, argon2id): admins add, disable, enable, reset and change roles with the CLI's rules,
 * agents get 403 on every users:* channel, every change is audited, and an event stream ends the
 * moment its credential does (disable, reset, sign-out, a revoked access token, a change the CLI
 * made from outside the desk process).
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { raw } from '../../src/main/adapters/http-service/raw-request.test-helper'
import { usersRequestSchemas } from '../../src/shared/users-contract'
import { filesUnder } from '../support/files-under'
import { cookieOf, startTeamDesk, type TeamDeskWorld } from './team-desk.test-helper'

const ANNA_PASSWORD = 'correct horse battery staple'
const BEN_PASSWORD = 'blue meadow quiet river'

type Stream = { ended: Promise<void>; close: () => void }

describe('users in the browser, and event streams that end with their credential', () => {
  let world: TeamDeskWorld
  let anna = ''
  let ben = ''
  const secretsSeen: string[] = [ANNA_PASSWORD, BEN_PASSWORD]

  /** Opens /events; `ended` resolves when the server closes the stream. */
  async function openStream(auth: { cookie?: string; bearer?: string }): Promise<Stream> {
    const controller = new AbortController()
    const res = await fetch(`http://${world.host}/events`, {
      headers: {
        accept: 'text/event-stream',
        ...(auth.cookie ? { cookie: auth.cookie } : {}),
        ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}),
      },
      signal: controller.signal,
    })
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return
    })().catch(() => {}) // aborted by the test itself
    return { ended, close: () => controller.abort() }
  }

  const call = async (channel: string, input: unknown, cookie: string) => {
    const r = await world.rpc(channel, input, { cookie })
    const answer = JSON.parse(r.body) as { ok: boolean; value?: unknown; problem?: unknown }
    return { status: r.status, headers: r.headers, ...answer }
  }

  async function signInWithOneTime(name: string, oneTime: string, password: string): Promise<string> {
    expect((await world.signIn(name, oneTime)).status).toBe(403)
    const r = await world.signIn(name, oneTime, password)
    expect(r.status).toBe(200)
    return cookieOf(r)
  }

  /** What the HTTP layer asked the desk: the size of each stream recheck, and each hasUsers. */
  const asked = { rechecks: [] as number[], hasUsers: 0 }

  beforeAll(async () => {
    world = await startTeamDesk({
      limits: { streamRecheckMs: 50 },
      watchAuth: (auth) => ({
        ...auth,
        hasUsers: async () => {
          asked.hasUsers++
          return auth.hasUsers()
        },
        currentOf: async (principals) => {
          asked.rechecks.push(principals.length)
          return auth.currentOf(principals)
        },
      }),
    })
    await world.users(['add', 'anna'], { role: 'admin', password: ANNA_PASSWORD })
    anna = cookieOf(await world.signIn('anna', ANNA_PASSWORD))
  })
  afterAll(async () => world?.stop())

  it('rechecks all open streams in one question per tick, and asks whether there are users once per request', async () => {
    const tabs = [
      await openStream({ cookie: anna }),
      await openStream({ cookie: anna }),
      await openStream({ cookie: anna }),
    ]
    const since = asked.rechecks.length
    await expect.poll(() => asked.rechecks.slice(since).includes(3)).toBe(true)
    expect(asked.rechecks.slice(since).every((n) => n <= 3)).toBe(true)
    for (const tab of tabs) tab.close()
    for (const path of ['/auth/state', '/rpc/session:me']) {
      asked.hasUsers = 0
      const r = await raw(world.server.port, {
        method: path.startsWith('/rpc/') ? 'POST' : 'GET',
        path,
        headers: { host: world.host, cookie: anna, 'content-type': 'application/json' },
        ...(path.startsWith('/rpc/') ? { body: '{}' } : {}),
      })
      expect(r.status).toBe(200)
      expect(asked.hasUsers).toBe(1)
    }
  })

  it('lets an admin add an agent: a one-time password shown once, never stored, sign-in replaces it', async () => {
    const added = await call('users:add', { name: ' ben ', role: 'agent' }, anna)
    expect(added.headers['cache-control']).toBe('no-store')
    const value = added.value as { user: { name: string; role: string }; oneTimePassword: string }
    expect(value.user).toMatchObject({ name: 'ben', role: 'agent', mustChangePassword: true })
    expect(value.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{20}$/)
    secretsSeen.push(value.oneTimePassword)
    ben = await signInWithOneTime('ben', value.oneTimePassword, BEN_PASSWORD)
    const list = (await call('users:list', {}, anna)).value as Record<string, unknown>[]
    expect(list).toEqual([
      expect.objectContaining({ name: 'anna', role: 'admin', signedInNow: true, disabled: false }),
      expect.objectContaining({ name: 'ben', role: 'agent', signedInNow: true, mustChangePassword: false }),
    ])
    expect(list[1]!.lastSignInAtMs).toEqual(expect.any(Number))
  })

  it('checks names like the CLI: a clear message for a bad or taken name', async () => {
    const bad = await call('users:add', { name: '-x', role: 'agent' }, anna)
    expect(bad).toMatchObject({ ok: false, problem: { kind: 'invalid-input' } })
    expect(JSON.stringify(bad.problem)).toMatch(/not a usable user name/)
    const taken = await call('users:add', { name: 'BEN', role: 'agent' }, anna)
    expect(JSON.stringify(taken.problem)).toMatch(/exists already/)
    const role = await call('users:add', { name: 'carl', role: 'boss' }, anna)
    expect(JSON.stringify(role.problem)).toMatch(/Choose a role: admin or agent/)
  })

  it('answers 403 to an agent on every users:* channel, and audits the refusal', async () => {
    for (const channel of Object.keys(usersRequestSchemas)) {
      const r = await world.rpc(channel, { name: 'anna', role: 'agent' }, { cookie: ben })
      expect(r.status, channel).toBe(403)
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, problem: { kind: 'forbidden' } })
    }
    const denied = (await call('audit:query', { actor: 'ben', action: 'user.disable' }, anna)).value as {
      records: { outcome: string }[]
    }
    expect(denied.records[0]).toMatchObject({ outcome: 'denied' })
  })

  it('never disables or demotes the last enabled admin, and nobody disables themselves', async () => {
    const self = await call('users:disable', { name: 'anna' }, anna)
    expect(JSON.stringify(self.problem)).toMatch(/cannot disable yourself/)
    const demote = await call('users:set-role', { name: 'anna', role: 'agent' }, anna)
    expect(demote).toMatchObject({ ok: false, problem: { kind: 'conflict' } })
    expect(JSON.stringify(demote.problem)).toMatch(/last enabled admin/)
  })

  it('disabling an agent closes their open event stream at once and ends their sessions and presence', async () => {
    const stream = await openStream({ cookie: ben })
    const list = (await call('users:disable', { name: 'ben' }, anna)).value as Record<string, unknown>[]
    expect(list.find((u) => u.name === 'ben')).toMatchObject({ disabled: true, signedInNow: false })
    await stream.ended
    expect((await world.rpc('session:me', {}, { cookie: ben })).status).toBe(401)
    const presence = (await call('presence:list', {}, anna)).value as { users: { name: string }[] }
    expect(presence.users.map((u) => u.name)).toEqual(['anna'])
    // Enabled again, the old session stays gone: ben signs in anew.
    await call('users:enable', { name: 'ben' }, anna)
    expect((await world.rpc('session:me', {}, { cookie: ben })).status).toBe(401)
    ben = cookieOf(await world.signIn('ben', BEN_PASSWORD))
    expect((await world.rpc('session:me', {}, { cookie: ben })).status).toBe(200)
  })

  it('a reset gives a new one-time password and closes the user’s streams', async () => {
    const stream = await openStream({ cookie: ben })
    const reset = (await call('users:reset', { name: 'ben' }, anna)).value as { oneTimePassword: string }
    secretsSeen.push(reset.oneTimePassword)
    await stream.ended
    expect((await world.signIn('ben', BEN_PASSWORD)).status).toBe(401)
    ben = await signInWithOneTime('ben', reset.oneTimePassword, `${BEN_PASSWORD} again`)
    secretsSeen.push(`${BEN_PASSWORD} again`)
  })

  it('a role change takes effect at the next call; with a second admin the first may become an agent', async () => {
    await call('users:set-role', { name: 'ben', role: 'admin' }, anna)
    expect((await call('users:list', {}, ben)).ok).toBe(true)
    await call('users:set-role', { name: 'anna', role: 'agent' }, ben)
    expect((await world.rpc('users:list', {}, { cookie: anna })).status).toBe(403)
    await call('users:set-role', { name: 'anna', role: 'admin' }, ben)
  })

  it('closes the stream of a signed-out session, and of a revoked access token', async () => {
    const created = (await call('account:create-token', { name: 'script' }, ben)).value as {
      token: string
      view: { id: string }
    }
    secretsSeen.push(created.token)
    const tokenStream = await openStream({ bearer: created.token })
    await call('account:revoke-token', { tokenId: created.view.id }, ben)
    await tokenStream.ended

    const second = cookieOf(await world.signIn('ben', `${BEN_PASSWORD} again`))
    const sessionStream = await openStream({ cookie: second })
    const other = await openStream({ cookie: ben })
    await raw(world.server.port, {
      method: 'POST',
      path: '/auth/sign-out',
      headers: { host: world.host, cookie: second, 'content-type': 'application/json' },
      body: '{}',
    })
    await sessionStream.ended
    // Only that session's stream: ben's other browser stays live.
    expect((await world.rpc('session:me', {}, { cookie: ben })).status).toBe(200)
    other.close()
  })

  it('closes a stream when ./desk users disables the user from outside the desk process', async () => {
    const stream = await openStream({ cookie: ben })
    expect(await world.users(['disable', 'ben'])).toMatch(/Disabled ben/)
    await stream.ended
    expect((await world.rpc('session:me', {}, { cookie: ben })).status).toBe(401)
  })

  it('audits every change by the admin who made it, with the CLI’s action names', async () => {
    const page = (await call('audit:query', {}, anna)).value as {
      records: { actor: string; action: string; outcome: string; detail: string }[]
    }
    const lines = page.records.map((r) => `${r.actor} ${r.action} ${r.outcome} ${r.detail}`)
    expect(lines).toEqual(
      expect.arrayContaining([
        'anna user.add ok ben: added as agent',
        'anna user.disable ok ben: disabled, signed out',
        'anna user.enable ok ben: enabled',
        'anna user.reset ok ben: new one-time password, signed out',
        'anna user.set-role ok ben: now admin',
        'ben user.set-role ok anna: now agent',
        expect.stringMatching(
          /^anna user\.disable failed anna: disabled, signed out: You cannot disable yourself/,
        ),
        expect.stringMatching(/^anna user\.set-role failed anna: now agent: anna is the last enabled admin/),
      ]),
    )
  })

  it('keeps the audit retention in the settings: an admin sets it within 30–3,650 days', async () => {
    expect(
      ((await call('settings:get', {}, anna)).value as { auditRetentionDays: number }).auditRetentionDays,
    ).toBe(400)
    const short = await call('settings:update', { auditRetentionDays: 7 }, anna)
    expect(JSON.stringify(short.problem)).toMatch(/At least 30 days/)
    const saved = await call('settings:update', { auditRetentionDays: 730 }, anna)
    expect(saved.value).toMatchObject({ auditRetentionDays: 730 })
    expect((await call('settings:get', {}, anna)).value).toMatchObject({ auditRetentionDays: 730 })
  })

  it('never writes a one-time password, password or token to the logs or the data folder', async () => {
    const logText = world.log.lines.join('\n')
    for (const secret of secretsSeen) {
      expect(logText).not.toContain(secret)
      for (const f of filesUnder(world.dataDir))
        expect(readFileSync(f).includes(secret), `${secret.slice(0, 4)}… in ${f}`).toBe(false)
    }
  })
})
