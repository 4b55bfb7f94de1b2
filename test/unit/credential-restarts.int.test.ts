/**
 * One owner per credential, end to end: 1,000 refreshes against the strict Concur simulator
 * (rotation on every refresh, the old token dead at once) over real loopback HTTP, with the real
 * OS keychain (keytar) and the real settings file (conf), across restarts, with kills at every
 * step between "Concur answered" and "Faces acknowledged":
 *   after the keychain write · after the metadata write · after Faces applied the write but before
 *   the desk read the answer (a dropped connection) · after Faces acknowledged · after the
 *   acknowledgement was saved · and Faces down for a while without a kill.
 * A kill is emulated by freezing the instance (its keychain and settings writes stop landing) and
 * abandoning it; a restart builds a new owner over the same keychain and settings file and
 * reconciles. After every restart Faces must hold the live generation, and no refresh may ever
 * get code 108. The clock is fake (waits move it forward at once) and the simulator has no
 * processing time, so the test takes only as long as the HTTP and keychain work.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../src/main/adapters/http/undici-http'
import { createKeytarSecretStore, loadKeytar } from '../../src/main/adapters/keychain/keytar-secret-store'
import { createFastClock } from '../support/concur-harness'
import { createConcurOAuth } from '../../src/main/core/concur/concur-oauth'
import { createConcurTransport } from '../../src/main/core/concur/concur-transport'
import { createFacesClient } from '../../src/main/core/faces/faces-client'
import type { SecretStore } from '../../src/main/core/ports'
import { createInProcessCredentialLock } from '../../src/main/core/tokens/credential-lock'
import {
  createCredentialOwner,
  type CredentialOwner,
  type CredentialStep,
} from '../../src/main/core/tokens/credential-owner'
import {
  createCredentialRepository,
  type CredentialMetaStore,
} from '../../src/main/core/tokens/credential-repository'
import { openTestStorage } from '../../src/main/adapters/storage/test-backends.test-helper'
import type { DeskStorage } from '../../src/main/core/desk-storage'
import { silentLogger } from '../../src/main/logging/logger'
import { createConcurSimulator } from '../../src/main/sandbox/concur-sim/concur-simulator'
import { createFacesSimulator } from '../../src/main/sandbox/faces-sim/faces-simulator'

const REFRESHES = Number(process.env['CREDENTIAL_REFRESHES'] ?? 1000)
const ENTITY = 'ent-restarts'
const COMPANY = `F-${ENTITY}`
const CLIENT = { clientId: 'restart-client', clientSecret: 'restart-client-secret-value' }
const FACES = { user: 'desk', apiKey: 'restart-faces-key' }

type Scenario =
  | { kind: 'kill'; at: CredentialStep }
  | { kind: 'lost-answer' }
  | { kind: 'faces-down' }
  | { kind: 'restart' }
  | { kind: 'none' }
const SCENARIOS: Scenario[] = [
  { kind: 'kill', at: 'secret-saved' },
  { kind: 'kill', at: 'meta-saved' },
  { kind: 'lost-answer' },
  { kind: 'kill', at: 'faces-acked' },
  { kind: 'kill', at: 'ack-saved' },
  { kind: 'faces-down' },
  { kind: 'restart' },
  { kind: 'none' },
]

class Killed extends Error {}

const clock = createFastClock(Date.UTC(2026, 5, 1, 8, 0, 0))
const concur = createConcurSimulator({ clock, latency: 'none' })
const faces = createFacesSimulator({ clock, credentials: FACES })
const http = createHttpClient()
const service = `Faces Concur Desk restart test ${randomUUID()}`
let keychain: SecretStore
// The real store (SQLite in the data folder): every "process" reads the rows afresh, so a restart
// sees exactly what was committed.
let store: DeskStorage
let dataDir = ''
let glzUrl = ''
let facesUrl = ''

beforeAll(async () => {
  glzUrl = (await concur.start()).glzUrl
  facesUrl = (await faces.start()).url
  concur.admin.registerClient(CLIENT)
  faces.admin.createCompany(COMPANY, 'Restart Co')
  keychain = createKeytarSecretStore(await loadKeytar(), service)
  dataDir = await mkdtemp(join(tmpdir(), 'credential-restarts-'))
  store = (
    await openTestStorage('sqlite', { location: { kind: 'sqlite', file: join(dataDir, 'desk.sqlite') } })
  ).storage
})
afterAll(async () => {
  await keychain.remove(`refresh-token:${ENTITY}`).catch(() => {})
  await Promise.all([concur.stop(), faces.stop(), http.close()])
  await store.close()
  await rm(dataDir, { recursive: true, force: true })
})

/** One desk process: an owner over the real keychain and settings file; `kill()` freezes it. */
function startDesk(killAt: () => CredentialStep | null) {
  let frozen = false
  const secrets: SecretStore = {
    read: (name) => keychain.read(name),
    write: async (name, value) => (frozen ? undefined : keychain.write(name, value)),
    remove: async (name) => (frozen ? undefined : keychain.remove(name)),
    describe: () => keychain.describe(),
  }
  const meta: CredentialMetaStore = {
    load: (id) => store.credentialMeta.load(id),
    list: () => store.credentialMeta.list(),
    save: async (id, m) => (frozen ? undefined : store.credentialMeta.save(id, m)),
  }
  const facesClient = createFacesClient({
    hostPolicy: () => 'sandbox',
    fetch: http.fetch,
    clock,
    log: silentLogger,
    config: () => ({ baseUrl: facesUrl, ...FACES }),
    timeoutMs: 5_000,
  })
  const owner: CredentialOwner = createCredentialOwner({
    oauth: createConcurOAuth(
      createConcurTransport({
        fetch: http.fetch,
        clock,
        log: silentLogger,
        config: () => ({ tokenBaseUrl: glzUrl, ...CLIENT, hostPolicy: 'sandbox', timeoutMs: 5_000 }),
      }),
    ),
    repo: createCredentialRepository({ secrets, meta, history: () => {} }),
    lock: createInProcessCredentialLock(),
    faces: { updateConcurLink: (id, patch, o) => facesClient.updateCompanyConcurLink(id, patch, o) },
    entities: {
      get: async () => ({ name: 'Restart Co', facesCompanyId: COMPANY, travelConfigIds: ['100'] }),
    },
    clock,
    log: silentLogger,
    hostPolicy: () => 'sandbox',
    notify: () => {},
    checkpoint: (step) => {
      if (!frozen && killAt() === step) {
        frozen = true
        throw new Killed(`killed at ${step}`)
      }
    },
  })
  return {
    owner,
    async kill() {
      frozen = true
      await owner.stop()
    },
    async stop() {
      await owner.stop()
    },
  }
}

/** What the keychain of this desk holds now (read fresh, as a restarted desk would). */
async function live(): Promise<{ generation: number; refreshToken: string }> {
  const value = await keychain.read(`refresh-token:${ENTITY}`)
  if (!value) throw new Error('Expected a refresh token in the keychain, found none')
  return JSON.parse(value) as { generation: number; refreshToken: string }
}

/**
 * Waits (in real time, briefly) until Faces holds the keychain's token and generation and the
 * desk's store knows it (the acknowledgement is saved, nothing pending); false when never.
 */
async function facesInStep(): Promise<boolean> {
  for (let i = 0; i < 2000; i++) {
    const l = await live()
    const link = faces.admin.getCompany(COMPANY)?.concurLink
    const meta = await store.credentialMeta.load(ENTITY)
    if (
      link?.refreshTokenGeneration === l.generation &&
      link.refreshToken === l.refreshToken &&
      meta?.faces.generation === l.generation &&
      meta.generation === l.generation &&
      meta.pendingSinceMs === null
    )
      return true
    await new Promise((r) => setTimeout(r, 1))
  }
  return false
}

describe('one owner per credential across restarts and kills', () => {
  it(`keeps Faces on the live generation through ${REFRESHES} refreshes, and no refresh ever hits 108`, async () => {
    const started = performance.now()
    const totals = { refreshes: 0, kills: 0, restarts: 0, facesDown: 0, lostAnswers: 0, verified: 0 }
    const killsAt: Record<string, number> = {}
    let armed: CredentialStep | null = null
    let desk = startDesk(() => armed)
    const company = concur.admin.createCompany({ name: 'Restart Co', outtaskId: '7777' })
    const requestToken = concur.admin.issueRequestToken(company.uuid)
    await desk.owner.exchange({
      entityId: ENTITY,
      companyUuid: company.uuid,
      requestToken,
      tokenId: null,
      activate: true,
    })

    const restart = async (killed: boolean): Promise<void> => {
      if (killed) await desk.kill()
      else await desk.stop()
      armed = null
      desk = startDesk(() => armed)
      totals.restarts++
      await desk.owner.start()
      expect(await facesInStep(), `Faces behind after restart ${totals.restarts}`).toBe(true)
      totals.verified++
    }

    for (let i = 0; i < REFRESHES; i++) {
      const scenario = SCENARIOS[i % SCENARIOS.length]!
      clock.advance(61 * 60_000)
      if (scenario.kind === 'kill') {
        armed = scenario.at
        await expect(desk.owner.refreshNow(ENTITY)).rejects.toBeInstanceOf(Killed)
        totals.kills++
        killsAt[scenario.at] = (killsAt[scenario.at] ?? 0) + 1
        totals.refreshes++
        await restart(true)
        continue
      }
      if (scenario.kind === 'lost-answer') {
        // Faces applies the new token, then the connection drops: the desk never sees the answer.
        faces.admin.injectFault({
          kind: 'drop-after-apply',
          method: 'PATCH',
          pathPrefix: '/api/v1/companies/',
        })
        await desk.owner.refreshNow(ENTITY)
        totals.refreshes++
        totals.lostAnswers++
        totals.kills++
        killsAt['faces-applied-answer-lost'] = (killsAt['faces-applied-answer-lost'] ?? 0) + 1
        await restart(true)
        continue
      }
      if (scenario.kind === 'faces-down') {
        faces.admin.injectFault({ kind: '5xx', method: 'PATCH', pathPrefix: '/api/v1/companies/', count: 3 })
        totals.facesDown++
      }
      await desk.owner.refreshNow(ENTITY)
      totals.refreshes++
      if (scenario.kind === 'restart') await restart(false)
      else {
        expect(await facesInStep(), `Faces behind after refresh ${i}`).toBe(true)
        totals.verified++
      }
    }
    await desk.stop()

    const finalGeneration = (await live()).generation
    const invalidGrants = concur.admin.requestLog().filter((e) => e.code === 108).length
    const summary = {
      ...totals,
      killsAt,
      finalGeneration,
      invalidGrants,
      durationMs: Math.round(performance.now() - started),
    }
    console.log(`credential restarts: ${JSON.stringify(summary)}`)
    expect(invalidGrants).toBe(0)
    expect(totals.refreshes).toBe(REFRESHES)
    // Every refresh rotated: generation 1 from the exchange, +1 per refresh.
    expect(finalGeneration).toBe(REFRESHES + 1)
    expect(concur.admin.refreshTokenState((await live()).refreshToken)).toBe('live')
    expect(faces.admin.getCompany(COMPANY)?.concurLink).toMatchObject({
      refreshTokenGeneration: finalGeneration,
      interfaceActive: true,
      pollingActive: true,
    })
    expect(totals.verified).toBe(REFRESHES)
  }, 300_000)
})
