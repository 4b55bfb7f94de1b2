/**
 * The Electron app's "Connect to a team desk" under plain Node, against a real team desk (service
 * mode in a child process, HTTPS with an openssl certificate): the certificate shown and pinned,
 * the preload's calls and the desk's pushes relayed, no scheduler and no secrets in the app while
 * connected, a changed certificate refused until re-pinned, and back to solo.
 */
import { X509Certificate } from 'node:crypto'
import { getTasks } from 'node-cron'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ONBOARDING_STEPS, type AppInfo, type EntityView } from '../../src/shared/model'
import type { TeamConnectOutcome, TeamDeskStatus } from '../../src/shared/team-link-model'
import { createMemoryTeamLinkStore } from '../../src/main/adapters/team-client/team-link-store'
import type { TeamLinkDesk } from '../../src/main/adapters/team-client/team-link-desk'
import { makeSelfSignedCertificate } from '../../src/main/adapters/http-service/tls-cert.test-helper'
import { eventually, startApp as startAppIn, value } from './team-desk-app.test-helper'
import { startTeamDeskProcess, type TeamDeskProcess } from './team-desk-service.test-helper'

const apps: TeamLinkDesk[] = []
const startApp = (links: Parameters<typeof startAppIn>[0]) => startAppIn(links, apps)
let server: TeamDeskProcess
const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256

beforeAll(async () => {
  server = await startTeamDeskProcess()
}, 60_000)
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop()
})
afterAll(() => server.stop())

describe('Connect to a team desk (Electron main, under Node)', () => {
  it('shows the certificate on first connect, pins it on confirm, then relays calls and pushes; no scheduler, no secrets here', async () => {
    const links = createMemoryTeamLinkStore()
    const app = await startApp(links)
    expect(getTasks().size).toBeGreaterThan(0) // solo: this computer's desk polls
    const own = value<AppInfo>(await app.desk.dispatch('app:info', {}))
    expect(own.dataDir).toBe(app.dataDir)

    const link = await server.newLink()
    const first = value<TeamConnectOutcome>(
      await app.desk.dispatch('team:connect', { url: server.origin, signIn: { method: 'link', link } }),
    )
    if (first.step !== 'confirm-certificate') throw new Error(`expected the certificate, got ${first.step}`)
    expect(first.certificate.fingerprint256).toBe(fingerprintOf(server.cert.certPem))
    expect(first.certificate.subject).toContain('CN=desk test')
    expect(first.certificate.names).toEqual(expect.arrayContaining(['127.0.0.1', 'localhost']))
    expect(first.certificate.validToMs).toBeGreaterThan(Date.now())
    expect(first.pinned).toBeNull()
    expect(links.read()).toBeNull() // nothing pinned before the user confirms

    const done = value<TeamConnectOutcome>(
      await app.desk.dispatch('team:confirm-certificate', {
        fingerprint256: first.certificate.fingerprint256,
      }),
    )
    expect(done.step).toBe('connected')
    const status = value<TeamDeskStatus>(await app.desk.dispatch('team:status', {}))
    expect(status).toMatchObject({ mode: 'client', state: 'connected', host: `127.0.0.1:${server.port}` })
    expect(links.read()).toMatchObject({ url: server.origin, active: true })
    expect(links.read()?.certificate.fingerprint256).toBe(fingerprintOf(server.cert.certPem))
    expect(app.pushes.some((p) => p.channel === 'team:changed')).toBe(true)

    // Connected: the local desk is gone (no cron job), calls are the team desk's.
    expect(getTasks().size).toBe(0)
    const remoteInfo = value<AppInfo>(await app.desk.dispatch('app:info', {}))
    expect(remoteInfo.dataDir).toBe(server.dataDir)
    expect(remoteInfo.transport).toBe('electron')
    const entities = value<EntityView[]>(await app.desk.dispatch('entities:list', {}))
    expect(entities.length).toBeGreaterThan(0)

    // A change made through the app comes back as the desk's push over SSE.
    const target = entities[0]!
    value(
      await app.desk.dispatch('entities:mark-step', {
        entityId: target.id,
        step: ONBOARDING_STEPS[0],
        done: true,
      }),
    )
    await eventually('the entity push from the team desk', () =>
      app.pushes.find((p) => p.channel === 'entity:updated' && p.payload.id === target.id),
    )
    // A secret set while connected goes to the team desk, never into this app's store.
    value(await app.desk.dispatch('settings:set-secret', { name: 'faces-api-key', value: 'fk-team-only' }))
    expect(app.writes).toEqual([])
    // Invalid input is still refused with the contract's message (the team desk validates too).
    const bad = await app.desk.dispatch('entities:get', { entityId: '' })
    expect(bad.ok).toBe(false)

    const solo = value<TeamDeskStatus>(await app.desk.dispatch('team:disconnect', {}))
    expect(solo).toEqual({ mode: 'solo' })
    expect(value<AppInfo>(await app.desk.dispatch('app:info', {})).dataDir).toBe(app.dataDir)
    expect(getTasks().size).toBeGreaterThan(0)
    expect(links.read()).toMatchObject({ active: false }) // the pin is kept for the next connect
  })

  it('starts as a client with a saved link: no local desk at all until signed in; the pinned desk asks nothing', async () => {
    const certificate = {
      fingerprint256: fingerprintOf(server.cert.certPem),
      subject: 'CN=desk test',
      issuer: 'CN=desk test',
      names: ['127.0.0.1'],
      validFromMs: 0,
      validToMs: Date.now() + 86_400_000,
    }
    const app = await startApp(createMemoryTeamLinkStore({ url: server.origin, certificate, active: true }))
    expect(getTasks().size).toBe(0)
    expect(app.writes).toEqual([])
    const before = await app.desk.dispatch('entities:list', {})
    expect(before).toMatchObject({ ok: false, problem: { kind: 'signed-out' } })
    expect(!before.ok && before.problem.message).toContain('Settings → Team desk')
    expect(value<TeamDeskStatus>(await app.desk.dispatch('team:status', {}))).toMatchObject({
      state: 'signed-out',
    })

    const link = await server.newLink()
    const r = value<TeamConnectOutcome>(
      await app.desk.dispatch('team:connect', { url: server.origin, signIn: { method: 'link', link } }),
    )
    expect(r.step).toBe('connected')
    expect(value<EntityView[]>(await app.desk.dispatch('entities:list', {})).length).toBeGreaterThan(0)
    expect(getTasks().size).toBe(0)
    expect(app.writes).toEqual([])
  })

  it('refuses a spent sign-in link clearly and stays solo', async () => {
    const link = await server.newLink()
    const fp = fingerprintOf(server.cert.certPem)
    const a = await startApp(createMemoryTeamLinkStore())
    await a.desk.dispatch('team:connect', { url: server.origin, signIn: { method: 'link', link } })
    expect(
      value<TeamConnectOutcome>(await a.desk.dispatch('team:confirm-certificate', { fingerprint256: fp }))
        .step,
    ).toBe('connected')
    const b = await startApp(createMemoryTeamLinkStore())
    await b.desk.dispatch('team:connect', { url: server.origin, signIn: { method: 'link', link } })
    const refused = await b.desk.dispatch('team:confirm-certificate', { fingerprint256: fp })
    expect(refused).toMatchObject({ ok: false, problem: { kind: 'signed-out' } })
    expect(!refused.ok && refused.problem.message).toContain('each works once')
    expect(!refused.ok && refused.problem.message).toContain('./desk serve --new-link')
    expect(value<TeamDeskStatus>(await b.desk.dispatch('team:status', {}))).toEqual({ mode: 'solo' })
    expect(value<AppInfo>(await b.desk.dispatch('app:info', {})).dataDir).toBe(b.dataDir)
    // A confirmation of a certificate that was never shown is refused.
    const stale = await b.desk.dispatch('team:confirm-certificate', { fingerprint256: fp })
    expect(stale).toMatchObject({ ok: false, problem: { kind: 'conflict' } })
  })

  it('names what to do when a desk without named users is given a password or an access token', async () => {
    const fp = fingerprintOf(server.cert.certPem)
    const app = await startApp(createMemoryTeamLinkStore())
    await app.desk.dispatch('team:connect', {
      url: server.origin,
      signIn: { method: 'password', name: 'anna', password: 'correct horse battery' },
    })
    const password = await app.desk.dispatch('team:confirm-certificate', { fingerprint256: fp })
    expect(password).toMatchObject({ ok: false, problem: { kind: 'signed-out' } })
    expect(!password.ok && password.problem.message).toContain('no named users yet')
    expect(!password.ok && password.problem.message).toContain('./desk serve --new-link')
    expect(!password.ok && password.problem.message).not.toContain('correct horse')
    // The certificate confirmed above stays pinned: the next connect signs in without asking.
    const refused = await app.desk.dispatch('team:connect', {
      url: server.origin,
      signIn: { method: 'token', token: 'fcd_not-a-real-token' },
    })
    expect(refused).toMatchObject({ ok: false, problem: { kind: 'signed-out' } })
    expect(!refused.ok && refused.problem.message).toContain('refused this access token')
    expect(!refused.ok && refused.problem.message).not.toContain('fcd_not-a-real-token')
    expect(app.desk.status()).toEqual({ mode: 'solo' })
  })

  it('refuses a desk whose certificate changed, naming both fingerprints, until the user re-pins it', async () => {
    const links = createMemoryTeamLinkStore()
    const app = await startApp(links)
    const oldFp = fingerprintOf(server.cert.certPem)
    await app.desk.dispatch('team:connect', {
      url: server.origin,
      signIn: { method: 'link', link: await server.newLink() },
    })
    value(await app.desk.dispatch('team:confirm-certificate', { fingerprint256: oldFp }))
    expect(value<EntityView[]>(await app.desk.dispatch('entities:list', {})).length).toBeGreaterThan(0)

    // The same address now presents another certificate (a replaced one, or someone in between).
    const port = server.port
    await server.stop()
    server = await startTeamDeskProcess({
      port,
      cert: makeSelfSignedCertificate('IP:127.0.0.1,DNS:localhost'),
    })
    const newFp = fingerprintOf(server.cert.certPem)
    const refused = await app.desk.dispatch('entities:list', {})
    expect(refused.ok).toBe(false)
    const message = !refused.ok ? refused.problem.message : ''
    expect(message).toContain('different certificate')
    expect(message).toContain(newFp)
    expect(message).toContain(oldFp)
    expect(message).toContain('re-pin')
    await eventually('the changed-certificate status', () => {
      const s = app.desk.status()
      return s.mode === 'client' && s.state === 'certificate-changed'
    })

    // Connecting again shows the new certificate beside the pinned one; confirming re-pins it.
    const shown = value<TeamConnectOutcome>(
      await app.desk.dispatch('team:connect', {
        url: server.origin,
        signIn: { method: 'link', link: await server.newLink() },
      }),
    )
    if (shown.step !== 'confirm-certificate') throw new Error('expected the new certificate to confirm')
    expect(shown.certificate.fingerprint256).toBe(newFp)
    expect(shown.pinned?.fingerprint256).toBe(oldFp)
    expect(links.read()?.certificate.fingerprint256).toBe(oldFp)
    value(await app.desk.dispatch('team:confirm-certificate', { fingerprint256: newFp }))
    expect(links.read()?.certificate.fingerprint256).toBe(newFp)
    expect(value<EntityView[]>(await app.desk.dispatch('entities:list', {})).length).toBeGreaterThan(0)
  })
})
