/**
 * The Electron app against a real team desk with named users (service mode in a child process,
 * HTTPS with an openssl certificate, users added with `./desk users …` as an admin would): sign-in
 * by password (a one-time password replaced in the app), by personal access token; a wrong
 * password, a disabled user, a session the desk ends or lets expire, each with a clear answer; an
 * agent's settings change refused by the desk's own 403; the desk never serves team:* over HTTPS.
 */
import { X509Certificate } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { fetch } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EntityView } from '../../src/shared/model'
import type { TeamConnectOutcome, TeamDeskStatus } from '../../src/shared/team-link-model'
import { createPinnedAgent } from '../../src/main/adapters/team-client/pinned-agent'
import { createMemoryTeamLinkStore } from '../../src/main/adapters/team-client/team-link-store'
import type { TeamLinkDesk } from '../../src/main/adapters/team-client/team-link-desk'
import { disabledMessage, SIGN_IN_REFUSED } from '../../src/main/core/team/sign-in'
import { eventually, startApp, value, type TestApp } from './team-desk-app.test-helper'
import { startTeamDeskProcess, type TeamDeskProcess } from './team-desk-service.test-helper'

const ANNA = 'correct horse battery 1'
const CARL = 'stapler cloud window 2'
const DORA = 'violet mountain lake 3'

const apps: TeamLinkDesk[] = []
let server: TeamDeskProcess
let fingerprint: string
let benOneTime: string

const oneTimeIn = (printed: string): string => {
  const m = /One-time password: (\S+)/.exec(printed)
  if (!m) throw new Error(`no one-time password in: ${printed}`)
  return m[1]!
}

beforeAll(async () => {
  server = await startTeamDeskProcess({
    users: [
      { name: 'anna', role: 'admin', password: ANNA },
      { name: 'carl', role: 'agent', password: CARL },
      { name: 'dora', role: 'agent', password: DORA },
    ],
  })
  fingerprint = new X509Certificate(server.cert.certPem).fingerprint256
  benOneTime = oneTimeIn(await server.users(['add', 'ben'], { role: 'agent' }))
}, 60_000)
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop()
})
afterAll(() => server?.stop())

type SignIn = Parameters<TeamLinkDesk['dispatch']>[1]

/** A fresh app that connects and confirms the desk's certificate: the confirm's answer. */
async function connectNew(signIn: SignIn) {
  const app = await startApp(createMemoryTeamLinkStore(), apps)
  const shown = value<TeamConnectOutcome>(
    await app.desk.dispatch('team:connect', { url: server.origin, signIn }),
  )
  expect(shown.step).toBe('confirm-certificate')
  const confirmed = await app.desk.dispatch('team:confirm-certificate', { fingerprint256: fingerprint })
  return { app, confirmed }
}

async function signedIn(signIn: SignIn): Promise<TestApp> {
  const { app, confirmed } = await connectNew(signIn)
  expect(value<TeamConnectOutcome>(confirmed).step).toBe('connected')
  return app
}

const status = (app: TestApp): TeamDeskStatus => app.desk.status()

describe('the Electron app against named users of a real team desk', () => {
  it('signs in with a user name and password: the desk says who we are, the admin may change settings', async () => {
    const app = await signedIn({ method: 'password', name: 'anna', password: ANNA })
    expect(status(app)).toMatchObject({ mode: 'client', state: 'connected', userName: 'anna' })
    expect(value<{ name: string; role: string }>(await app.desk.dispatch('session:me', {}))).toMatchObject({
      name: 'anna',
      role: 'admin',
      via: 'password',
      mode: 'team',
    })
    expect(value<EntityView[]>(await app.desk.dispatch('entities:list', {})).length).toBeGreaterThan(0)
    value(await app.desk.dispatch('settings:update', { requestTokenLifetimeHours: 12 }))
    expect(app.writes).toEqual([])
    expect(app.log.lines.join('\n')).toContain('connected to a team desk')
    expect(app.log.lines.join('\n')).not.toContain(ANNA)
  })

  it('replaces a one-time password in the app: asked for a new one, the certificate stays pinned, then connected', async () => {
    const { app, confirmed } = await connectNew({ method: 'password', name: 'ben', password: benOneTime })
    expect(confirmed).toMatchObject({
      ok: false,
      problem: {
        kind: 'invalid-input',
        message: expect.stringContaining('one-time password'),
        fields: { 'signIn.newPassword': expect.stringContaining('choose your own password') },
      },
    })
    expect(status(app)).toEqual({ mode: 'solo' })
    // A new password that breaks the desk's rules is named as such, on the same field.
    const weak = await app.desk.dispatch('team:connect', {
      url: server.origin,
      signIn: { method: 'password', name: 'ben', password: benOneTime, newPassword: 'short' },
    })
    expect(weak).toMatchObject({ ok: false, problem: { kind: 'invalid-input', fields: {} } })
    expect(!weak.ok && weak.problem.fields?.['signIn.newPassword']).toBeTruthy()
    // The pin from the confirmation holds: this connect signs in without asking again.
    const done = value<TeamConnectOutcome>(
      await app.desk.dispatch('team:connect', {
        url: server.origin,
        signIn: {
          method: 'password',
          name: 'ben',
          password: benOneTime,
          newPassword: 'my own secret phrase 9',
        },
      }),
    )
    expect(done.step).toBe('connected')
    expect(status(app)).toMatchObject({ state: 'connected', userName: 'ben' })
    // The old one-time password is spent; the new one signs in.
    const again = await connectNew({ method: 'password', name: 'ben', password: benOneTime })
    expect(again.confirmed).toMatchObject({ ok: false, problem: { message: SIGN_IN_REFUSED } })
    await signedIn({ method: 'password', name: 'ben', password: 'my own secret phrase 9' })
  })

  it('answers a wrong password clearly, without the password, and stays on this computer’s own desk', async () => {
    const { app, confirmed } = await connectNew({
      method: 'password',
      name: 'anna',
      password: 'not the right password',
    })
    expect(confirmed).toMatchObject({ ok: false, problem: { kind: 'signed-out', message: SIGN_IN_REFUSED } })
    expect(JSON.stringify(confirmed)).not.toContain('not the right password')
    expect(app.log.lines.join('\n')).toContain('team link: request failed')
    expect(app.log.lines.join('\n')).not.toContain('not the right password')
    expect(status(app)).toEqual({ mode: 'solo' })
  })

  it('signs in with a personal access token; the user disabled, the app is signed out and the token named as refused', async () => {
    const carl = await signedIn({ method: 'password', name: 'carl', password: CARL })
    const { token } = value<{ token: string }>(
      await carl.desk.dispatch('account:create-token', { name: 'laptop app' }),
    )
    expect(token).toMatch(/^fcd_/)
    const byToken = await signedIn({ method: 'token', token })
    expect(status(byToken)).toMatchObject({ state: 'connected', userName: 'carl' })
    expect(value<{ via: string }>(await byToken.desk.dispatch('session:me', {})).via).toBe('access-token')

    expect(await server.users(['disable', 'carl'])).toContain('Disabled carl')
    for (const app of [carl, byToken]) {
      const r = await app.desk.dispatch('entities:list', {})
      expect(r).toMatchObject({ ok: false, problem: { kind: 'signed-out' } })
      expect(!r.ok && r.problem.message).toContain('Sign in again in Settings → Team desk')
      await eventually('the signed-out state', () => {
        const s = status(app)
        return s.mode === 'client' && s.state === 'signed-out'
      })
    }
    const refused = await connectNew({ method: 'token', token })
    expect(!refused.confirmed.ok && refused.confirmed.problem.message).toContain('its user is disabled')
    expect(JSON.stringify(refused.confirmed)).not.toContain(token)
  })

  it('tells a disabled user with the right password whom to ask', async () => {
    await server.users(['disable', 'dora'])
    const { app, confirmed } = await connectNew({ method: 'password', name: 'dora', password: DORA })
    expect(confirmed).toMatchObject({
      ok: false,
      problem: { kind: 'signed-out', message: disabledMessage('dora') },
    })
    expect(status(app)).toEqual({ mode: 'solo' })
    await server.users(['enable', 'dora'])
    await signedIn({ method: 'password', name: 'dora', password: DORA })
  })

  it('shows "not signed in" when the session expires on the desk, and signs in again', async () => {
    const app = await signedIn({ method: 'password', name: 'anna', password: ANNA })
    // The desk's own clock is real: age the sessions in its database as 8 hours would.
    const db = new Database(join(server.dataDir, 'sandbox', 'desk.sqlite'))
    try {
      db.pragma('busy_timeout = 5000')
      db.prepare('UPDATE user_sessions SET expires_at_ms = 1').run()
    } finally {
      db.close()
    }
    const r = await app.desk.dispatch('entities:list', {})
    expect(r).toMatchObject({ ok: false, problem: { kind: 'signed-out' } })
    await eventually('the signed-out link', () => {
      const s = status(app)
      return s.mode === 'client' && s.state === 'signed-out'
    })
    expect(status(app)).toMatchObject({ message: expect.stringContaining('Settings → Team desk') })
    expect(app.pushes.some((p) => p.channel === 'team:changed' && p.payload.mode === 'client')).toBe(true)
    value(
      await app.desk.dispatch('team:connect', {
        url: server.origin,
        signIn: { method: 'password', name: 'anna', password: ANNA },
      }),
    )
    expect(status(app)).toMatchObject({ state: 'connected' })
    expect(value<EntityView[]>(await app.desk.dispatch('entities:list', {})).length).toBeGreaterThan(0)
  })

  it('relays an agent’s settings change and shows the desk’s 403 as such; the audit names the refusal', async () => {
    const ben = await signedIn({ method: 'password', name: 'ben', password: 'my own secret phrase 9' })
    for (const [channel, input] of [
      ['settings:update', { requestTokenLifetimeHours: 24 }],
      ['settings:set-secret', { name: 'faces-api-key', value: 'fk-agent-try' }],
    ] as const) {
      const r = await ben.desk.dispatch(channel, input)
      expect(r, channel).toMatchObject({
        ok: false,
        problem: { kind: 'forbidden', message: expect.stringContaining('Only an admin can do this') },
      })
      expect(!r.ok && r.problem.message).toContain('ben, an agent')
    }
    const anna = await signedIn({ method: 'password', name: 'anna', password: ANNA })
    const audit = value<{ records: { actor: string; outcome: string; action: string }[] }>(
      await anna.desk.dispatch('audit:query', { actor: 'ben' }),
    )
    expect(audit.records.filter((r) => r.outcome === 'denied').map((r) => r.action)).toEqual(
      expect.arrayContaining(['secret.set']),
    )
    expect(JSON.stringify(audit)).not.toContain('fk-agent-try')
  })

  it('never serves the app’s own team:* channels to a caller over HTTPS, an admin’s token neither', async () => {
    const anna = await signedIn({ method: 'password', name: 'anna', password: ANNA })
    const { token } = value<{ token: string }>(
      await anna.desk.dispatch('account:create-token', { name: 'probe' }),
    )
    const agent = createPinnedAgent(fingerprint)
    try {
      for (const channel of ['team:status', 'team:connect', 'team:confirm-certificate', 'team:disconnect']) {
        const res = await fetch(`${server.origin}/rpc/${channel}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
          dispatcher: agent,
        })
        expect(res.status, channel).toBe(403)
        const body = (await res.json()) as { ok: boolean; problem: { kind: string; message: string } }
        expect(body).toMatchObject({ ok: false, problem: { kind: 'forbidden' } })
        expect(body.problem.message).toContain('answered by the desktop app itself')
      }
    } finally {
      await agent.close()
    }
  })
})
