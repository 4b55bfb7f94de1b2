/**
 * Two team-desk instances on one real PostgreSQL schema resume a pending write-through of a
 * rotated credential to the Faces simulator (real loopback HTTP, scaled clock): each instance's
 * write-through runs with its own pool, PostgreSQL credential lock and lease store, as
 * app/session.ts composes them. Faces refuses the first attempts; only the instance holding the
 * entity's retry claim sends them (one Faces write per attempt of the pending rotation, not one
 * per instance), and when that instance stops mid-retry the other takes over and finishes.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createPostgresCredentialLock } from '../../src/main/adapters/storage/team/pg-credential-lock'
import { createPostgresLeaseStore } from '../../src/main/adapters/storage/team/pg-lease-store'
import { freshLocation, openTestStorage } from '../../src/main/adapters/storage/test-backends.test-helper'
import { createFacesClient } from '../../src/main/core/faces/faces-client'
import type { Clock } from '../../src/main/core/ports'
import { credentialMetaSchema } from '../../src/main/core/settings/desk-settings'
import { createSharedWork } from '../../src/main/core/team/shared-work'
import { createCredentialRepository } from '../../src/main/core/tokens/credential-repository'
import { createFacesWriteThrough, type WriteThrough } from '../../src/main/core/tokens/faces-write-through'
import { claimRetriesOn } from '../../src/main/core/tokens/write-through-claim'
import { silentLogger } from '../../src/main/logging/logger'
import { createFacesSimulator } from '../../src/main/sandbox/faces-sim/faces-simulator'
import { createScaledClock, FACES_CREDS } from '../support/sync-harness'
import { createSharedSecretsDouble } from './team-instance.test-helper'

const SCALE = 200
const ENTITY = '110034'
const COMPANY = 'F-110034'
const LINK = `/api/v1/companies/${COMPANY}/concur-link`
const GEO = 'https://us2.api.concursolutions.com'
const cleanups: Array<() => Promise<unknown>> = []

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {})
})

/** Waits (real time) until `cond` holds, or fails after `realMs`. */
async function until(cond: () => Promise<boolean>, realMs: number, what: string): Promise<void> {
  const t0 = Date.now()
  while (!(await cond())) {
    if (Date.now() - t0 > realMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** Faces, a shared schema holding generation 2 of the entity's credential with Faces at 1, and two instances. */
async function setUp() {
  const clock: Clock = createScaledClock(SCALE)
  const faces = createFacesSimulator({ clock, credentials: FACES_CREDS })
  const { url: facesUrl } = await faces.start()
  cleanups.push(() => faces.stop())
  faces.admin.createCompany(COMPANY, 'Acme')
  const location = freshLocation('postgres')
  if (location.kind !== 'postgres') throw new Error('postgres expected')
  const facesClient = createFacesClient({
    hostPolicy: () => 'sandbox',
    fetch,
    clock,
    log: silentLogger,
    config: () => ({ baseUrl: facesUrl, ...FACES_CREDS }),
    timeoutMs: 2_000,
  })
  const calls = new Map<string, number>()
  const instance = async (name: string) => {
    const opened = await openTestStorage('postgres', { location, clock, instances: 'shared' })
    cleanups.push(() => opened.storage.close())
    const lock = createPostgresCredentialLock({ url: location.url, schema: location.schema })
    cleanups.push(() => lock.close())
    const repo = createCredentialRepository({
      secrets: await createSharedSecretsDouble(opened.db),
      meta: opened.storage.credentialMeta,
      history: () => {},
    })
    const work = createSharedWork({
      leases: createPostgresLeaseStore(opened.db, randomUUID(), () => clock.nowMs()),
      clock,
      log: silentLogger,
    })
    calls.set(name, 0)
    const writeThrough: WriteThrough = createFacesWriteThrough({
      repo,
      faces: {
        updateConcurLink: async (id, patch, options) => {
          calls.set(name, (calls.get(name) ?? 0) + 1)
          return facesClient.updateCompanyConcurLink(id, patch, options)
        },
      },
      lock,
      entities: { get: async () => ({ name: 'Acme', facesCompanyId: COMPANY, travelConfigIds: ['100'] }) },
      clock,
      log: silentLogger,
      notify: () => {},
      onOutcome: async () => {},
      random: () => 1,
      claimRetries: claimRetriesOn(work),
    })
    cleanups.push(() => writeThrough.stop())
    return { name, repo, writeThrough }
  }
  const a = await instance('a')
  const b = await instance('b')
  // Faces acknowledged generation 1; the desk rotated to 2 and was stopped before Faces took it.
  await facesClient.updateCompanyConcurLink(COMPANY, {
    refreshToken: 'rt-generation-1',
    refreshTokenGeneration: 1,
    geolocation: GEO,
    travelConfigIds: ['100'],
  })
  await a.repo.saveSecret(ENTITY, {
    generation: 2,
    refreshToken: 'rt-generation-2',
    geolocation: GEO,
    refreshExpiresAtMs: null,
    exchangedFromTokenId: null,
  })
  const now = clock.nowMs()
  await a.repo.saveMeta(
    ENTITY,
    credentialMetaSchema.parse({
      geolocation: GEO,
      refreshExpiresAtMs: null,
      sinceMs: now,
      exchangedFromTokenId: null,
      handedToFacesAtMs: now,
      generation: 2,
      issuedAtMs: now,
      faces: {
        companyId: COMPANY,
        generation: 1,
        geolocation: GEO,
        travelConfigIds: ['100'],
        ackedAtMs: now,
      },
      pendingSinceMs: now,
    }),
  )
  const facesGeneration = async () => (await a.repo.loadMeta(ENTITY))?.faces.generation
  return { faces, calls, a, b, facesGeneration }
}

describe('write-through retries across two instances on one PostgreSQL', () => {
  it('both instances resume the pending rotation at start: only one of them writes to Faces', async () => {
    const { faces, calls, a, b, facesGeneration } = await setUp()
    faces.admin.injectFault({ kind: '5xx', pathPrefix: LINK, method: 'PATCH', count: 3 })
    expect(await Promise.all([a.writeThrough.reconcile(), b.writeThrough.reconcile()])).toEqual([1, 1])
    await until(async () => (await facesGeneration()) === 2, 20_000, 'Faces to acknowledge generation 2')
    // Three refusals and the write that took: four attempts in all, every one by the same instance.
    const perInstance = [...calls.values()].sort()
    expect(perInstance).toEqual([0, 4])
    const changes = faces.admin.linkHistory(COMPANY)
    expect(changes.map((c) => c.generation)).toEqual([1, 2])
    expect(faces.admin.getCompany(COMPANY)?.concurLink?.refreshToken).toBe('rt-generation-2')
    // The other instance's wait ends once Faces holds the generation: nothing more is sent.
    await new Promise((r) => setTimeout(r, 400))
    expect([...calls.values()].reduce((x, y) => x + y, 0)).toBe(4)
  }, 60_000)

  it('when the instance retrying stops, the other takes the retries over and finishes them', async () => {
    const { faces, calls, a, b, facesGeneration } = await setUp()
    faces.admin.injectFault({ kind: '5xx', pathPrefix: LINK, method: 'PATCH', untilCleared: true })
    await a.writeThrough.reconcile()
    await until(async () => (calls.get('a') ?? 0) >= 2, 20_000, 'instance a to retry')
    await b.writeThrough.reconcile()
    await new Promise((r) => setTimeout(r, 200))
    expect(calls.get('b')).toBe(0)
    await a.writeThrough.stop()
    const byA = calls.get('a')
    faces.admin.clearFaults()
    await until(async () => (await facesGeneration()) === 2, 20_000, 'instance b to take over and finish')
    expect(calls.get('a')).toBe(byA)
    expect(calls.get('b')).toBeGreaterThanOrEqual(1)
  }, 60_000)
})
