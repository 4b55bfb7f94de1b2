/**
 * A desk process for the SIGKILL test (sigkill.int.test.ts): the real engine, credential owner,
 * store (SQLite file or PostgreSQL schema) and keychain, against the simulators the test runs in
 * its own process. It exchanges the request token when no credential is stored yet, then polls and
 * pushes until killed, or (`DESK_CHILD_MODE=finish`) until nothing is left to do.
 */
import { createHttpClient } from '../../src/main/adapters/http/undici-http'
import { createKeytarSecretStore, loadKeytar } from '../../src/main/adapters/keychain/keytar-secret-store'
import type { DatabaseLocation } from '../../src/main/adapters/storage/db/database-location'
import { openDeskStorage } from '../../src/main/adapters/storage/open-desk-storage'
import { systemClock } from '../../src/main/core/clock'
import { createConcurClient } from '../../src/main/core/concur/concur-client'
import { createConcurOAuth } from '../../src/main/core/concur/concur-oauth'
import { createConcurTransport } from '../../src/main/core/concur/concur-transport'
import type { SourceEntity } from '../../src/main/core/entities/entity-source'
import { createFacesClient } from '../../src/main/core/faces/faces-client'
import { createSyncLog } from '../../src/main/core/sync-log/sync-log'
import { concurGateHooks, FACES_LANE, facesGateHooks } from '../../src/main/core/sync/gate-hooks'
import { createRateGate } from '../../src/main/core/sync/rate-gate'
import { createSyncEngine } from '../../src/main/core/sync/sync-engine'
import { createInProcessCredentialLock } from '../../src/main/core/tokens/credential-lock'
import { createCredentialOwner } from '../../src/main/core/tokens/credential-owner'
import { createCredentialRepository } from '../../src/main/core/tokens/credential-repository'
import { silentLogger } from '../../src/main/logging/logger'

type ChildConfig = {
  location: DatabaseLocation
  keychainService: string
  glzUrl: string
  facesUrl: string
  client: { clientId: string; clientSecret: string }
  faces: { user: string; apiKey: string }
  entity: SourceEntity
  requestToken: string
}

async function main(): Promise<void> {
  const c = JSON.parse(process.env['DESK_CHILD_CONFIG']!) as ChildConfig
  const clock = systemClock
  const log = silentLogger
  const { fetch } = createHttpClient()
  const { storage } = await openDeskStorage({ location: c.location, clock, log })
  const secrets = createKeytarSecretStore(await loadKeytar(), c.keychainService)
  const repo = createCredentialRepository({ secrets, meta: storage.credentialMeta, history: () => {} })
  const gate = createRateGate({ clock, globalConcurrency: 32, perKeyConcurrency: 16 })
  const config = () => ({
    tokenBaseUrl: c.glzUrl,
    ...c.client,
    hostPolicy: 'sandbox' as const,
    timeoutMs: 5_000,
  })
  const facesClient = createFacesClient({
    hostPolicy: () => 'sandbox', // the Faces simulator on loopback HTTP
    fetch,
    clock,
    log,
    config: () => ({ baseUrl: c.facesUrl, ...c.faces }),
    timeoutMs: 5_000,
    beforeRequest: (s) => gate.waitUntilOpen(FACES_LANE, s),
    ...facesGateHooks(gate),
  })
  const entity = { ...c.entity }
  const owner = createCredentialOwner({
    oauth: createConcurOAuth(createConcurTransport({ fetch, clock, log, config })),
    repo,
    lock: createInProcessCredentialLock(),
    faces: { updateConcurLink: (id, patch, o) => facesClient.updateCompanyConcurLink(id, patch, o) },
    entities: { get: async () => entity },
    clock,
    log,
    hostPolicy: () => 'sandbox',
    notify: () => {},
  })
  if (!(await repo.loadSecret(entity.id))) {
    const grant = await owner.exchange({
      entityId: entity.id,
      companyUuid: entity.companyUuid,
      requestToken: c.requestToken,
      tokenId: null,
      activate: true,
    })
    entity.geolocation = grant.geolocation
  } else entity.geolocation = (await repo.loadSecret(entity.id))!.geolocation
  await owner.start()
  const syncLog = createSyncLog({ store: storage.syncLog, clock })
  await syncLog.open()
  const engine = createSyncEngine({
    entities: { listActive: async () => [{ ...entity }], get: async () => ({ ...entity }) },
    concur: createConcurClient({ fetch, clock, log, config, access: owner, ...concurGateHooks(gate) }),
    faces: facesClient,
    clock,
    log,
    ...storage.engineStores(),
    syncLog,
    bus: { emit: () => {} },
    settings: () => ({
      loginIdChangePolicy: 'update-existing',
      schedule: { cron: '5,20,35,50 * * * *', timeZone: 'Europe/Zurich' },
    }),
    options: { feedWaitMs: 200, pushBackoffMs: 100, chunkSize: 8 },
  })
  await engine.start('child')
  process.stdout.write('started\n')
  const rounds = process.env['DESK_CHILD_MODE'] === 'finish' ? 3 : Number.POSITIVE_INFINITY
  for (let i = 0; i < rounds; i++) {
    await engine.waitForRun((await engine.runEntity(entity.id)).runId)
    await engine.whenIdle()
    process.stdout.write(`cycle ${i}\n`)
  }
  await engine.stop('finish')
  await syncLog.close()
  await owner.stop()
  await storage.close()
  process.stdout.write('finished\n')
  process.exit(0)
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
