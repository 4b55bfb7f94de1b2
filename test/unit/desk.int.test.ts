/**
 * The composed desk under plain Node, as service mode builds it: conf settings in a temp folder,
 * a memory secret store, the Sandbox's real loopback simulators. One journey through the contract:
 * demo entities → a Sandbox token → exchange → hand-off → polling → a manual sync → pushes.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushMessage } from '../../src/shared/contract'
import type { EntityView, SyncRunView } from '../../src/shared/model'
import type { Result } from '../../src/shared/result'
import { requestTokenLifetimeText } from '../../src/shared/intake/intake-defaults'
import { createDesk, type Desk } from '../../src/main/app/desk'
import { createUnsupportedUpdater, type UpdaterHooks } from '../../src/main/core/updates/desk-updater'
import { createMemorySecretStore } from '../../src/main/adapters/keychain/keytar-secret-store'
import { createConfSettingsStore } from '../../src/main/adapters/storage/conf-settings-store'
import { createMemoryLogger } from '../../src/main/logging/logger'
import { createFileLogSink } from '../../src/main/logging/file-sink'
import type { SecretName, SecretStore } from '../../src/main/core/ports'

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.problem.kind}: ${r.problem.message}`)
  return r.value as T
}

async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe()
    if (v) return v
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

describe('the composed desk on the Sandbox', () => {
  let desk: Desk
  let dataDir: string
  const pushes: PushMessage[] = []
  const written = new Map<SecretName, string>()
  const log = createMemoryLogger()
  let updaterHooks: UpdaterHooks | null = null
  /** What the updater was told about running syncs while a run was under way. */
  const syncsRunningDuringRuns: number[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'desk-int-'))
    const memory = createMemorySecretStore('test')
    const secrets: SecretStore = {
      ...memory,
      write: async (name, v) => {
        written.set(name, v)
        await memory.write(name, v)
      },
    }
    desk = await createDesk({
      transport: 'service',
      dataDir,
      settings: createConfSettingsStore(dataDir),
      secrets,
      log,
      version: 'test',
      updater: (hooks) => {
        updaterHooks = hooks
        return createUnsupportedUpdater('test', 'Test build.', hooks)
      },
    })
    desk.bus.subscribe((m) => {
      pushes.push(m)
      if (m.channel === 'sync:run-updated' && m.payload.state === 'running')
        syncsRunningDuringRuns.push(updaterHooks?.syncsRunning() ?? -1)
    })
  })
  afterAll(() => desk.stop())

  it('reports itself as the service-mode Sandbox', async () => {
    const info = value<{ environment: string; transport: string }>(await desk.dispatch('app:info', {}))
    expect(info).toMatchObject({ environment: 'sandbox', transport: 'service' })
  })

  it('onboards a demo entity: token from the simulated Concur, exchange, hand-off, polling, manual sync', async () => {
    const entities = value<EntityView[]>(await desk.dispatch('entities:list', {}))
    expect(entities.map((e) => e.outtaskId).sort()).toEqual(['110034', '110035', '110036'])
    const entity = entities.find((e) => e.outtaskId === '110034')!

    const { caseText } = value<{ caseText: string }>(
      await desk.dispatch('sandbox:issue-token', { entityId: entity.id }),
    )
    // The simulated Concur reply states the lifetime in the desk's one sentence.
    expect(caseText).toContain(requestTokenLifetimeText())
    const preview = value<Array<{ isValid: boolean; tokenPreview: string }>>(
      await desk.dispatch('tokens:preview', { text: caseText }),
    )
    expect(preview).toHaveLength(1)
    expect(preview[0]!.isValid).toBe(true)
    expect(JSON.stringify(preview)).not.toMatch(/at-[A-Za-z0-9]{20,}/)

    value(await desk.dispatch('tokens:submit', { text: caseText }))
    const onboarded = await eventually('the entity to be handed off with polling on', async () => {
      const e = value<EntityView>(await desk.dispatch('entities:get', { entityId: entity.id }))
      return e.credential.state === 'refresh-token' && e.polling.active ? e : null
    })
    expect(onboarded.stage).toBe('interface-and-polling-active')
    // The strict Sandbox names `HTTP://LocalHost:PORT/oauth2/v0/token`; the desk keeps scheme://host:port.
    expect(onboarded.geolocation).toMatch(/^http:\/\/localhost:\d+$/)

    const run = value<SyncRunView>(await desk.dispatch('sync:run-entity', { entityId: entity.id }))
    await eventually('the manual run to finish', async () =>
      pushes.some(
        (m) =>
          m.channel === 'sync:run-updated' && m.payload.runId === run.runId && m.payload.state === 'done',
      ),
    )
    const refreshed = await eventually('an entity push with the last poll', async () =>
      pushes.find(
        (m) =>
          m.channel === 'entity:updated' && m.payload.id === entity.id && m.payload.polling.lastPoll !== null,
      ),
    )
    expect(refreshed.channel === 'entity:updated' && refreshed.payload.polling.lastPoll?.outcome).toBe(
      'success',
    )
    const travellers = value<unknown[]>(await desk.dispatch('travellers:list', { entityId: entity.id }))
    expect(travellers.length).toBeGreaterThanOrEqual(12)
    // The updater sees running syncs (it never installs during one) and sees them end.
    expect(Math.min(...syncsRunningDuringRuns)).toBeGreaterThan(0)
    expect(updaterHooks?.syncsRunning()).toBe(0)
  })

  it('keeps every secret it handled out of the data folder, the logs and the pushes', () => {
    // The keychain holds a refresh token as JSON with its generation: look for the token itself.
    const secrets = [...written.entries()]
      .filter(([name]) => name.startsWith('refresh-token:') || name.startsWith('request-token:'))
      .map(([name, v]) =>
        name.startsWith('refresh-token:') ? (JSON.parse(v) as { refreshToken: string }).refreshToken : v,
      )
    expect(secrets.length).toBeGreaterThanOrEqual(2)
    const haystacks = [
      ...filesUnder(dataDir).map((f) => readFileSync(f, 'utf8')),
      log.lines.join('\n'),
      JSON.stringify(pushes),
    ]
    for (const secret of secrets) {
      for (const text of haystacks) expect(text.includes(secret)).toBe(false)
    }
    for (const text of haystacks) expect(text).not.toMatch(/Request_Token:\s*at-/)
  })

  it('keeps its data folder private: every folder 0700, every file 0600 (store, WAL, settings, logs, locks)', async () => {
    createFileLogSink(join(dataDir, 'logs'))('info', 'a line for the log file')
    const seen: string[] = []
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        const st = statSync(path)
        seen.push(path.slice(dataDir.length + 1))
        expect((st.mode & 0o777).toString(8), path).toBe(st.isDirectory() ? '700' : '600')
        if (st.isDirectory()) walk(path)
      }
    }
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700')
    walk(dataDir)
    expect(seen).toEqual(
      expect.arrayContaining(['settings.json', 'sandbox/desk.sqlite', 'sandbox/desk.sqlite-wal', 'logs']),
    )
  })

  it('keeps a credential history in the sync log, filterable by kind, without secrets', async () => {
    const page = value<{
      records: Array<{ kind: string; credential: { event: string; generation: number } }>
    }>(await desk.dispatch('log:query', { kind: 'credential' }))
    const events = page.records.map((r) => r.credential.event)
    expect(events).toEqual(expect.arrayContaining(['exchange', 'hand-off']))
    expect(page.records.every((r) => r.kind === 'credential' && r.credential.generation >= 1)).toBe(true)
  })

  it('answers Test connection with a specific verdict per system and no secret', async () => {
    const report = value<{ concur: { verdict: string; message: string }; faces: { verdict: string } }>(
      await desk.dispatch('settings:test-connection', {}),
    )
    expect(report.concur.verdict).toBe('not-configured')
    expect(report.faces.verdict).toBe('not-configured')
    expect(report.concur.message).toBe('Enter the Concur client ID and store the client secret first.')
  })

  it('checks settings across fields, stores a secret without ever returning it, and rebuilds on an environment switch', async () => {
    const bad = await desk.dispatch('settings:update', {
      intakeWindow: { opensAt: '15:00', softCloseAt: '14:30' },
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(Object.keys(bad.problem.fields ?? {})).toContain('intakeWindow.softCloseAt')

    const view = await desk.dispatch('settings:set-secret', {
      name: 'concur-client-secret',
      value: 'cs-never-shown-0042',
    })
    expect(
      value<{ production: { hasConcurClientSecret: boolean } }>(view).production.hasConcurClientSecret,
    ).toBe(true)
    expect(JSON.stringify(view)).not.toContain('cs-never-shown-0042')
    expect(JSON.stringify(await desk.dispatch('settings:get', {}))).not.toContain('cs-never-shown-0042')

    value(
      await desk.dispatch('settings:update', {
        environment: 'production',
        production: { concurClientId: 'client-1', facesBaseUrl: 'https://faces.example.test' },
      }),
    )
    expect(value<{ environment: string }>(await desk.dispatch('app:info', {})).environment).toBe('production')
    expect(value<unknown[]>(await desk.dispatch('entities:list', {}))).toEqual([])

    value(await desk.dispatch('settings:update', { environment: 'sandbox' }))
    const demo = value<EntityView[]>(await desk.dispatch('entities:list', {}))
    expect(demo.map((e) => e.outtaskId).sort()).toEqual(['110034', '110035', '110036'])
    expect(log.lines.join('\n')).not.toContain('cs-never-shown-0042')
  })
})
