import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { abortError, createManualClock } from '../clock'
import { createConcurClient } from '../concur/concur-client'
import { createConcurOAuth } from '../concur/concur-oauth'
import { createConcurTransport } from '../concur/concur-transport'
import { createEntitySource } from '../entities/entity-source'
import { openTestStorage } from '../../adapters/storage/test-backends.test-helper'
import { createEntityStore } from '../entities/entity-store'
import { seedSandboxEntities } from '../entities/seed-sandbox-entities'
import { createFacesClient } from '../faces/faces-client'
import type { Clock } from '../ports'
import { createMemoryLogger } from '../../logging/logger'
import { startSandbox, type Sandbox } from '../../sandbox/sandbox'
import { createInProcessCredentialLock } from './credential-lock'
import { createCredentialOwner } from './credential-owner'
import { createCredentialRepository } from './credential-repository'
import { createTokenDesk } from './token-desk'
import {
  createMemorySecrets,
  createMemorySettings,
  createRecordingBus,
} from '../../../../test/support/token-desk-fakes'

const START = Date.parse('2026-11-25T08:00:00Z') // Wednesday 09:00 CET
const HOUR = 3_600_000

/** Waits move time forward at once, so client retries never sleep. */
function createFastClock(startMs: number): Clock & { advance(ms: number): void } {
  const manual = createManualClock(startMs)
  return {
    nowMs: () => manual.nowMs(),
    wait: async (ms, signal) => {
      if (signal?.aborted) throw abortError()
      manual.set(manual.nowMs() + ms)
    },
    advance: (ms) => manual.set(manual.nowMs() + ms),
  }
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup() {
  const clock = createFastClock(START)
  const log = createMemoryLogger()
  const sandbox: Sandbox = await startSandbox({ clock, log })
  cleanups.push(() => sandbox.stop())
  const dataDir = await mkdtemp(join(tmpdir(), 'desk-token-int-'))
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))

  const seen = new Set<string>()
  // Records every token the Concur side handed out, so the scan below knows what must not leak.
  const watchingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init)
    if (new URL(String(input)).pathname.includes('/oauth2/')) {
      const body = (await res
        .clone()
        .json()
        .catch(() => null)) as Record<string, unknown> | null
      for (const k of ['access_token', 'refresh_token', 'id_token'])
        if (typeof body?.[k] === 'string') seen.add(body[k])
    }
    return res
  }
  const secrets = createMemorySecrets()
  const settings = createMemorySettings((next) =>
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(next)),
  )
  const bus = createRecordingBus()
  // The real store: a SQLite file in the data folder (the secret scans read it too).
  const { storage } = await openTestStorage('sqlite', {
    location: { kind: 'sqlite', file: join(dataDir, 'desk.sqlite') },
    clock,
  })
  cleanups.push(() => storage.close())
  const entities = createEntityStore({ repo: storage.entities, clock })
  await seedSandboxEntities(entities, sandbox.companies)
  const config = () => ({
    tokenBaseUrl: sandbox.endpoints.concurTokenBaseUrl,
    clientId: sandbox.endpoints.concurClientId,
    clientSecret: sandbox.secrets.concurClientSecret,
    hostPolicy: 'sandbox' as const,
    timeoutMs: 5_000,
  })
  const facesClient = createFacesClient({
    hostPolicy: () => 'sandbox',
    fetch,
    clock,
    log,
    config: () => ({
      baseUrl: sandbox.endpoints.facesBaseUrl,
      user: sandbox.endpoints.facesUser,
      apiKey: sandbox.secrets.facesApiKey,
    }),
    // The fast clock's waits return at once; request timeouts must run on real time.
    timeoutMs: 5_000,
  })
  const history: string[] = []
  let credentials: ReturnType<typeof createCredentialRepository> | null = null
  const owner = createCredentialOwner({
    oauth: createConcurOAuth(
      createConcurTransport({ fetch: watchingFetch, clock, log, config, random: () => 0.5 }),
    ),
    repo: (credentials = createCredentialRepository({
      secrets,
      meta: storage.credentialMeta,
      history: (e) => void history.push(JSON.stringify(e)),
    })),
    lock: createInProcessCredentialLock(),
    faces: {
      updateConcurLink: (id, patch, options) => facesClient.updateCompanyConcurLink(id, patch, options),
    },
    entities: createEntitySource(entities),
    clock,
    log,
    hostPolicy: () => 'sandbox',
    notify: (n) => bus.emit('notify', n),
  })
  cleanups.push(() => owner.stop())
  const concur = createConcurClient({ fetch: watchingFetch, clock, log, config, access: owner })
  const desk = createTokenDesk({
    clock,
    log,
    secrets,
    settings,
    environment: 'sandbox',
    entities,
    tokens: storage.tokens,
    credentials: credentials!,
    owner,
    bus,
  })
  const [first, second] = sandbox.companies
  if (!first || !second) throw new Error('Expected at least two Sandbox companies')
  return {
    clock,
    log,
    sandbox,
    dataDir,
    seen,
    secrets,
    settings,
    bus,
    entities,
    desk,
    owner,
    concur,
    history,
    first,
    second,
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await filesUnder(p)))
    else out.push(p)
  }
  return out
}

describe('token desk against the Sandbox simulators', () => {
  it('exchanges a pasted case reply and hands the refresh token to the Faces company', async () => {
    const { desk, sandbox, first, secrets, entities } = await setup()
    const { accepted } = await desk.submit({ text: sandbox.caseTextFor(first.companyUuid, first.outtaskId) })
    expect(accepted[0]).toMatchObject({ state: 'exchanged', problem: null })
    const entity = await entities.findByOuttaskId(first.outtaskId)
    // The strict Sandbox names `HTTP://LocalHost:PORT/oauth2/v0/token`; the desk keeps scheme://host:port.
    expect(entity?.geolocation).toMatch(/^http:\/\/localhost:\d+$/)
    const stored = JSON.parse(secrets.values.get(`refresh-token:${entity?.id ?? ''}`) ?? '{}')
    expect(stored).toMatchObject({ generation: 1, geolocation: entity?.geolocation })
    const company = sandbox.faces.admin.getCompany(first.facesCompanyId)
    expect(company?.concurLink).toMatchObject({
      travelConfigIds: first.travelConfigIds,
      refreshTokenGeneration: 1,
      interfaceActive: true,
      pollingActive: true,
    })
    expect(company?.concurLink?.refreshToken).toBe(stored.refreshToken)
  })

  it('records a wrong token as failed with the mapped Concur reason', async () => {
    const { desk, second } = await setup()
    const text = `Entity/Outtask ID: ${second.outtaskId}\nClient_UUID: ${second.companyUuid}\nRequest_Token: at-ThisTokenWasNeverIssued0123456789`
    const { accepted } = await desk.submit({ text })
    expect(accepted[0]).toMatchObject({ state: 'failed', problem: { kind: 'token-rejected' } })
    expect(accepted[0]?.problem?.message).toMatch(/new one/)
  })

  it('marks a token expired by the desk clock without calling Concur', async () => {
    const { desk, sandbox, first, clock } = await setup()
    const { accepted } = await desk.submit({
      text: sandbox.caseTextFor(first.companyUuid, first.outtaskId),
      exchange: false,
    })
    sandbox.concur.admin.clearRequestLog()
    clock.advance(12 * HOUR)
    const view = await desk.exchange(accepted[0]?.id ?? '')
    expect(view.state).toBe('expired')
    expect(sandbox.concur.admin.requestLog()).toEqual([])
  })

  it('reports the rejection when Concur expired the token before the desk did', async () => {
    const { desk, sandbox, first, clock, settings } = await setup()
    settings.write({ ...settings.read(), requestTokenLifetimeHours: 24 })
    const { accepted } = await desk.submit({
      text: sandbox.caseTextFor(first.companyUuid, first.outtaskId),
      exchange: false,
    })
    clock.advance(13 * HOUR)
    const view = await desk.exchange(accepted[0]?.id ?? '')
    expect(view).toMatchObject({ state: 'failed', problem: { kind: 'token-rejected' } })
  })

  it('leaves the same case reply pasted again alone, saying it was exchanged already and when', async () => {
    const { desk, sandbox, first } = await setup()
    const text = sandbox.caseTextFor(first.companyUuid, first.outtaskId)
    const { accepted } = await desk.submit({ text })
    const again = await desk.submit({ text })
    expect(again.accepted).toEqual([])
    expect(again.rejected).toEqual([])
    expect(again.skipped[0]).toMatchObject({
      isDuplicate: true,
      errors: [],
      duplicateOf: {
        kind: 'known',
        tokenId: accepted[0]?.id,
        state: 'exchanged',
        entityName: first.name,
        exchangedAtMs: accepted[0]?.exchangedAtMs,
      },
    })
  })

  it('keeps the refresh token when the hand-off fails and completes it by itself', async () => {
    const { desk, sandbox, first, entities } = await setup()
    sandbox.faces.admin.injectFault({
      kind: '429',
      method: 'PATCH',
      pathPrefix: '/api/v1/companies/',
      count: 1,
    })
    const { accepted } = await desk.submit({ text: sandbox.caseTextFor(first.companyUuid, first.outtaskId) })
    expect(accepted[0]?.state).toBe('exchanged')
    expect(sandbox.faces.admin.stats().faultsFired).toBe(1)
    await vi.waitFor(() =>
      expect(sandbox.faces.admin.getCompany(first.facesCompanyId)?.concurLink?.interfaceActive).toBe(true),
    )
    await vi.waitFor(async () => expect((await desk.list()).map((t) => t.problem)).toEqual([]))
    const entity = await entities.findByOuttaskId(first.outtaskId)
    expect(entity?.checklist['refresh-token-set-in-faces']).not.toBeNull()
    expect(entity?.pollingActive).toBe(true)
  })

  it('renews a live entity: Faces gets the next generation and interface and polling never go off', async () => {
    const { desk, sandbox, first, concur, entities } = await setup()
    await desk.submit({ text: sandbox.caseTextFor(first.companyUuid, first.outtaskId) })
    const entity = await entities.findByOuttaskId(first.outtaskId)
    await concur.getProfile(entity!.id, { login: 'nobody-yet@example.test' }).catch(() => null)
    await desk.submit({ text: sandbox.caseTextFor(first.companyUuid, first.outtaskId) })
    // Polls go on through the renewal: the next profile read works with the new credential.
    const login = sandbox.concur.admin.listTravellers(first.companyUuid)[0]!.loginId
    await expect(concur.getProfile(entity!.id, { login })).resolves.toMatchObject({ loginId: login })
    const changes = sandbox.faces.admin.linkHistory(first.facesCompanyId)
    expect(changes.length).toBeGreaterThanOrEqual(2)
    expect(changes.every((c) => c.interfaceActive && c.pollingActive)).toBe(true)
    expect(changes.at(-1)?.generation).toBe(2)
    expect((await entities.findByOuttaskId(first.outtaskId))?.pollingActive).toBe(true)
  })

  it('leaves no request, refresh or access token in any data file or log line', async () => {
    const { desk, sandbox, first, second, dataDir, seen, secrets, log, bus, history, owner, entities } =
      await setup()
    const pastes = [
      sandbox.caseTextFor(first.companyUuid, first.outtaskId),
      sandbox.caseTextFor(second.companyUuid, second.outtaskId),
    ]
    sandbox.faces.admin.injectFault({
      kind: '5xx',
      method: 'PATCH',
      pathPrefix: '/api/v1/companies/',
      count: 1,
    })
    for (const text of pastes) await desk.submit({ text })
    await desk.submit({ text: pastes[0] ?? '' })
    const pending = await desk.submit({
      text: sandbox.caseTextFor(first.companyUuid, first.outtaskId),
      exchange: false,
    })
    for (const t of await desk.list({ includeFinished: true })) await desk.exchange(t.id)
    expect(pending.accepted).toHaveLength(1)
    // Rotations too: every refresh writes a new generation through to Faces.
    for (const e of await entities.list()) await owner.refreshNow(e.id).catch(() => null)

    const tokens = new Set<string>(seen)
    for (const text of pastes) tokens.add(/Request_Token: (\S+)/.exec(text)?.[1] ?? '')
    for (const [name, value] of secrets.values)
      if (name.startsWith('refresh-token:'))
        tokens.add((JSON.parse(value) as { refreshToken: string }).refreshToken)
    tokens.delete('')
    expect([...seen].length).toBeGreaterThanOrEqual(4) // access + refresh tokens of two exchanges at least

    const files = await filesUnder(dataDir)
    const names = files.map((f) => f.slice(dataDir.length + 1)).sort()
    // The store's file and its write-ahead log hold every row (read as bytes: TEXT is UTF-8).
    expect(names).toContain('desk.sqlite')
    expect(
      names.filter((n) => n.endsWith('.json') && n !== 'settings.json' && !n.endsWith('owner.json')),
    ).toEqual([])
    for (const file of files) {
      const text = await readFile(file, 'utf8')
      for (const token of tokens) expect(text.includes(token), `${file} holds a token`).toBe(false)
    }
    expect(log.lines.length).toBeGreaterThan(5)
    for (const line of log.lines) for (const token of tokens) expect(line.includes(token), line).toBe(false)
    const pushed = JSON.stringify(bus.messages)
    for (const token of tokens) expect(pushed.includes(token), 'a push to the UI holds a token').toBe(false)
    expect(history.length).toBeGreaterThan(5)
    for (const entry of history) for (const token of tokens) expect(entry.includes(token), entry).toBe(false)
  })
})
