import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { abortError, createManualClock } from '../clock'
import { createConcurClient } from '../concur/concur-client'
import { createJsonDocumentStore } from '../entities/document-store'
import { emptyEntitiesDocument } from '../entities/entity-record'
import { createEntityStore } from '../entities/entity-store'
import { seedSandboxEntities } from '../entities/seed-sandbox-entities'
import { createFacesClient } from '../faces/faces-client'
import { FacesError } from '../faces/faces-error'
import type { Clock } from '../ports'
import { createMemoryLogger } from '../../logging/logger'
import { startSandbox, type Sandbox } from '../../sandbox/sandbox'
import { createKeychainCredentialStore } from './keychain-credential-store'
import { createTokenDesk } from './token-desk'
import { emptyTokensDocument } from './token-record'
import { createMemorySecrets, createMemorySettings, createRecordingBus } from './token-desk.test-helper'

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
  const entities = createEntityStore({
    repo: createJsonDocumentStore(dataDir, 'entities.json', emptyEntitiesDocument),
    clock,
  })
  await seedSandboxEntities(entities, sandbox.companies)
  const concur = createConcurClient({
    fetch: watchingFetch,
    clock,
    log,
    config: () => ({
      tokenBaseUrl: sandbox.endpoints.concurTokenBaseUrl,
      clientId: sandbox.endpoints.concurClientId,
      clientSecret: sandbox.secrets.concurClientSecret,
      timeoutMs: 5_000,
    }),
    credentials: createKeychainCredentialStore({ secrets, settings, environment: 'sandbox', clock }),
    random: () => 0.5,
  })
  const facesClient = createFacesClient({
    fetch,
    clock,
    log,
    config: () => ({
      baseUrl: sandbox.endpoints.facesBaseUrl,
      user: sandbox.endpoints.facesUser,
      apiKey: sandbox.secrets.facesApiKey,
    }),
    timeoutMs: 5_000,
    // The fast clock's waits return at once; request timeouts must run on real time.
  })
  const handOff = { failNext: 0 }
  const desk = createTokenDesk({
    clock,
    log,
    secrets,
    settings,
    environment: 'sandbox',
    entities,
    tokens: createJsonDocumentStore(dataDir, 'tokens.json', emptyTokensDocument),
    concur,
    faces: {
      async setConcurLink(id, link, signal) {
        if (handOff.failNext > 0) {
          handOff.failNext--
          throw new FacesError('rate-limited', 'Faces is rate-limiting the desk. Try again in a minute.', {
            retryable: true,
          })
        }
        await facesClient.setCompanyConcurLink(id, link, signal)
      },
    },
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
    handOff,
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
    expect(entity?.geolocation).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(secrets.values.get(`refresh-token:${entity?.id ?? ''}`)).toBeTruthy()
    const company = sandbox.faces.admin.getCompany(first.facesCompanyId)
    expect(company?.concurLink).toMatchObject({
      travelConfigIds: first.travelConfigIds,
      interfaceActive: true,
      pollingActive: true,
    })
    expect(company?.concurLink?.refreshToken).toBe(secrets.values.get(`refresh-token:${entity?.id ?? ''}`))
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

  it('flags the same case reply pasted twice as a duplicate', async () => {
    const { desk, sandbox, first } = await setup()
    const text = sandbox.caseTextFor(first.companyUuid, first.outtaskId)
    await desk.submit({ text })
    const again = await desk.submit({ text })
    expect(again.accepted).toEqual([])
    expect(again.rejected[0]?.isDuplicate).toBe(true)
  })

  it('keeps the refresh token when the hand-off fails and completes it on retry', async () => {
    const { desk, sandbox, first, handOff, entities } = await setup()
    handOff.failNext = 1
    const { accepted } = await desk.submit({ text: sandbox.caseTextFor(first.companyUuid, first.outtaskId) })
    expect(accepted[0]).toMatchObject({ state: 'exchanged', problem: { kind: 'rate-limited' } })
    expect(sandbox.faces.admin.getCompany(first.facesCompanyId)?.concurLink).toBeNull()
    const retried = await desk.exchange(accepted[0]?.id ?? '')
    expect(retried.problem).toBeNull()
    expect(sandbox.faces.admin.getCompany(first.facesCompanyId)?.concurLink?.interfaceActive).toBe(true)
    const entity = await entities.findByOuttaskId(first.outtaskId)
    expect(entity?.checklist['refresh-token-set-in-faces']).not.toBeNull()
  })

  it('leaves no request, refresh or access token in any data file or log line', async () => {
    const { desk, sandbox, first, second, dataDir, seen, secrets, log, handOff, bus } = await setup()
    const pastes = [
      sandbox.caseTextFor(first.companyUuid, first.outtaskId),
      sandbox.caseTextFor(second.companyUuid, second.outtaskId),
    ]
    handOff.failNext = 1
    for (const text of pastes) await desk.submit({ text })
    await desk.submit({ text: pastes[0] ?? '' })
    const pending = await desk.submit({
      text: sandbox.caseTextFor(first.companyUuid, first.outtaskId),
      exchange: false,
    })
    for (const t of await desk.list({ includeFinished: true })) await desk.exchange(t.id)
    expect(pending.accepted).toHaveLength(1)

    const tokens = new Set<string>(seen)
    for (const text of pastes) tokens.add(/Request_Token: (\S+)/.exec(text)?.[1] ?? '')
    for (const [name, value] of secrets.values) if (name.startsWith('refresh-token:')) tokens.add(value)
    tokens.delete('')
    expect([...seen].length).toBeGreaterThanOrEqual(4) // access + refresh tokens of two exchanges at least

    const files = await filesUnder(dataDir)
    expect(files.map((f) => f.slice(dataDir.length + 1)).sort()).toEqual([
      'entities.json',
      'settings.json',
      'tokens.json',
    ])
    for (const file of files) {
      const text = await readFile(file, 'utf8')
      for (const token of tokens) expect(text.includes(token), `${file} holds a token`).toBe(false)
    }
    expect(log.lines.length).toBeGreaterThan(5)
    for (const line of log.lines) for (const token of tokens) expect(line.includes(token), line).toBe(false)
    const pushed = JSON.stringify(bus.messages)
    for (const token of tokens) expect(pushed.includes(token), 'a push to the UI holds a token').toBe(false)
  })
})
