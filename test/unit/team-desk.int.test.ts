/**
 * The team desk over real HTTP (fastify on loopback, the composed Sandbox desk, argon2id, SQLite):
 * users added with the CLI while it runs, sign-in with one-time passwords, roles enforced by the
 * server, personal access tokens, sign-out, sessions across a restart, the brute-force limit, and
 * no password or token in any log, audit record or answer.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { raw } from '../../src/main/adapters/http-service/raw-request.test-helper'
import { filesUnder } from './team-desk-app.test-helper'
import { cookieOf, startTeamDesk, type TeamDeskWorld } from './team-desk.test-helper'

const ANNA_PASSWORD = 'correct horse battery staple'
const BEN_PASSWORD = 'blue meadow quiet river'

describe('the team desk over HTTP', () => {
  let world: TeamDeskWorld
  let anna = ''
  let ben = ''
  let benOneTime = ''
  const secretsSeen: string[] = [ANNA_PASSWORD, BEN_PASSWORD]

  beforeAll(async () => {
    world = await startTeamDesk({ signInLimits: { perUser: 4, perAddress: 50, windowMs: 60_000 } })
  })
  afterAll(async () => world?.stop())

  it('is a solo desk until the first user exists: launch links sign in', async () => {
    const link = new URL(world.server.newLaunchUrl())
    const r = await raw(world.server.port, { path: `/${link.search}`, headers: { host: world.host } })
    expect(r.status).toBe(303)
    const me = await world.rpc('session:me', {}, { cookie: cookieOf(r) })
    expect(JSON.parse(me.body)).toMatchObject({
      ok: true,
      value: { mode: 'solo', role: 'admin', via: 'launch-link' },
    })
  })

  it('adds users with the CLI while the desk runs; clear errors for a duplicate, a bad role, a weak password', async () => {
    expect(await world.users(['add', 'anna'], { role: 'admin', password: ANNA_PASSWORD })).toContain(
      'Added anna (admin)',
    )
    const out = await world.users(['add', 'ben'], { role: 'agent' })
    benOneTime = /One-time password: (\S+)/.exec(out)![1]!
    secretsSeen.push(benOneTime)
    await expect(world.users(['add', 'Anna'], { role: 'agent' })).rejects.toThrow(
      /exists already.*users reset/,
    )
    await expect(world.users(['add', 'carl'], { role: 'boss' })).rejects.toThrow(
      /--role admin .* --role agent/,
    )
    await expect(world.users(['add', 'carl'], { role: 'agent', password: 'short' })).rejects.toThrow(
      /at least 12 characters/,
    )
    await expect(world.users(['disable', 'nobody'])).rejects.toThrow(/no user "nobody".*anna, ben/)
    expect(await world.users(['list'])).toMatch(
      /anna\s+admin\s+active[\s\S]*ben\s+agent\s+must set a password/,
    )
  })

  it('then needs a named user: no session is 401, old launch links lead to the sign-in page', async () => {
    const r = await world.rpc('entities:list', {})
    expect(r.status).toBe(401)
    const link = new URL(world.server.newLaunchUrl())
    const viaLink = await raw(world.server.port, { path: `/${link.search}`, headers: { host: world.host } })
    expect(viaLink.status).toBe(303)
    expect(viaLink.headers['set-cookie']).toBeUndefined()
    const page = await raw(world.server.port, {
      path: '/',
      headers: { host: world.host, accept: 'text/html' },
    })
    expect(page.status).toBe(200)
    expect(page.body).toContain('the desk UI')
    const state = await raw(world.server.port, { path: '/auth/state', headers: { host: world.host } })
    expect(JSON.parse(state.body)).toEqual({ mode: 'team', signedIn: false, name: null })
  })

  it('signs in with a password: HttpOnly, SameSite=Strict, with an expiry; a one-time password must be replaced', async () => {
    const r = await world.signIn('anna', ANNA_PASSWORD)
    expect(r.status).toBe(200)
    const set = String(r.headers['set-cookie'])
    expect(set).toMatch(/HttpOnly/)
    expect(set).toMatch(/SameSite=Strict/)
    expect(set).toMatch(/Max-Age=\d+/)
    anna = cookieOf(r)
    const first = await world.signIn('ben', benOneTime)
    expect(first.status).toBe(403)
    expect(JSON.parse(first.body)).toMatchObject({ newPasswordNeeded: true })
    const second = await world.signIn('ben', benOneTime, BEN_PASSWORD)
    expect(second.status).toBe(200)
    ben = cookieOf(second)
    expect(JSON.parse((await world.rpc('session:me', {}, { cookie: ben })).body).value).toMatchObject({
      name: 'ben',
      role: 'agent',
      mode: 'team',
    })
  })

  it('answers an unknown user and a wrong password alike', async () => {
    const unknown = await world.signIn('nobody', ANNA_PASSWORD)
    const wrong = await world.signIn('anna', 'not the password at all')
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    expect(unknown.body).toBe(wrong.body)
  })

  it('lets an agent work but answers 403 when an agent changes settings or secrets; an admin may', async () => {
    expect(JSON.parse((await world.rpc('entities:list', {}, { cookie: ben })).body).ok).toBe(true)
    const settings = await world.rpc('settings:update', { requestTokenLifetimeHours: 12 }, { cookie: ben })
    expect(settings.status).toBe(403)
    expect(JSON.parse(settings.body)).toMatchObject({
      ok: false,
      problem: { kind: 'forbidden', message: expect.stringMatching(/Only an admin/) },
    })
    const secret = await world.rpc(
      'settings:set-secret',
      { name: 'faces-api-key', value: 'agent-sets-this-key' },
      { cookie: ben },
    )
    expect(secret.status).toBe(403)
    const admin = await world.rpc('settings:update', { requestTokenLifetimeHours: 12 }, { cookie: anna })
    expect(JSON.parse(admin.body)).toMatchObject({ ok: true })
  })

  it('takes personal access tokens as Bearer, shown once, revoked by their user', async () => {
    const created = JSON.parse(
      (await world.rpc('account:create-token', { name: 'report script' }, { cookie: ben })).body,
    )
    const token = created.value.token as string
    secretsSeen.push(token)
    expect(token).toMatch(/^fcd_/)
    const list = JSON.parse((await world.rpc('account:tokens', {}, { cookie: ben })).body)
    expect(JSON.stringify(list)).not.toContain(token)
    expect(JSON.parse((await world.rpc('session:me', {}, { bearer: token })).body).value).toMatchObject({
      name: 'ben',
      via: 'access-token',
    })
    expect(
      (await world.rpc('settings:update', { requestTokenLifetimeHours: 11 }, { bearer: token })).status,
    ).toBe(403)
    // Anna cannot revoke Ben's token; Ben can.
    const byAnna = JSON.parse(
      (await world.rpc('account:revoke-token', { tokenId: created.value.view.id }, { cookie: anna })).body,
    )
    expect(byAnna.ok).toBe(false)
    await world.rpc('account:revoke-token', { tokenId: created.value.view.id }, { cookie: ben })
    expect((await world.rpc('session:me', {}, { bearer: token })).status).toBe(401)
  })

  it('rate-limits failed sign-ins per user: the right password is refused until the window passes (429)', async () => {
    await world.users(['add', 'dora'], { role: 'agent', password: 'seven orange lanterns' })
    secretsSeen.push('seven orange lanterns')
    for (let i = 0; i < 4; i++) expect((await world.signIn('dora', `wrong guess ${i}`)).status).toBe(401)
    const limited = await world.signIn('dora', 'seven orange lanterns')
    expect(limited.status).toBe(429)
    expect(limited.headers['retry-after']).toBe('60')
    expect(JSON.parse(limited.body).problem.message).toMatch(/Too many failed sign-ins/)
  })

  it('records the audit trail: sign-ins, a refused settings change, token creation, by user', async () => {
    const page = JSON.parse((await world.rpc('audit:query', {}, { cookie: anna })).body).value
    const lines = (page.records as { actor: string; action: string; outcome: string }[]).map(
      (r) => `${r.actor} ${r.action} ${r.outcome}`,
    )
    expect(lines).toEqual(
      expect.arrayContaining([
        'anna sign-in ok',
        'ben sign-in ok',
        'ben settings.change denied',
        'anna settings.change ok',
        'ben access-token.create ok',
        'dora sign-in denied',
        expect.stringMatching(/^\S+ \(command line\) user\.add ok$/),
      ]),
    )
    const onlyBen = JSON.parse(
      (await world.rpc('audit:query', { actor: 'BEN' }, { cookie: anna })).body,
    ).value
    expect(new Set(onlyBen.records.map((r: { actor: string }) => r.actor))).toEqual(new Set(['ben']))
    const csv = JSON.parse(
      (await world.rpc('audit:export-csv', { actor: 'ben' }, { cookie: anna })).body,
    ).value
    expect(csv.csv.split('\r\n')[0]).toBe('time,user,action,entityId,entityName,outcome,detail')
    expect(csv.rows).toBe(onlyBen.total)
  })

  it('signs out: the session is deleted and the cookie no longer works', async () => {
    const r = await raw(world.server.port, {
      method: 'POST',
      path: '/auth/sign-out',
      headers: { host: world.host, cookie: anna, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(r.status).toBe(200)
    expect((await world.rpc('session:me', {}, { cookie: anna })).status).toBe(401)
  })

  it('keeps sessions across a restart of the desk', async () => {
    const dataDir = world.dataDir
    await world.stop()
    world = await startTeamDesk({ dataDir })
    const host = world.host
    // The cookie name carries the port; the value is what the database knows.
    const value = ben.split('=')[1]!
    const r = await raw(world.server.port, {
      method: 'POST',
      path: '/rpc/session:me',
      headers: { host, 'content-type': 'application/json', cookie: `${world.server.cookieName}=${value}` },
      body: '{}',
    })
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { name: 'ben' } })
  })

  it('never writes a password or token to the logs, the data folder or an answer', async () => {
    const logText = world.log.lines.join('\n')
    const files = filesUnder(world.dataDir).filter((f) => !f.endsWith('.sqlite') || true)
    for (const secret of secretsSeen) {
      expect(logText).not.toContain(secret)
      for (const f of files)
        expect(readFileSync(f).includes(secret), `${secret.slice(0, 4)}… in ${f}`).toBe(false)
    }
  })
})
