/**
 * A team-desk instance for tests: its own pool on a shared PostgreSQL schema (opened with
 * `instances: 'shared'`), its lease store and SharedWork, its heartbeat, its credential owner over
 * the PostgreSQL credential lock and a shared secret store, and its engine, all against the
 * simulators of one sync-harness world. A kill is abrupt: the engine's stores, its leases and its
 * heartbeat freeze at once (nothing is released, nothing renewed; its claims expire like a dead
 * process's), and its pool is closed only when the test ends.
 */
import { hostname } from 'node:os'
import { sql, type Kysely } from 'kysely'
import { createPostgresLeaseStore } from '../../src/main/adapters/storage/team/pg-lease-store'
import { createPostgresCredentialLock } from '../../src/main/adapters/storage/team/pg-credential-lock'
import { createSqlInstanceRows } from '../../src/main/adapters/storage/team/sql-instance-registry'
import type { DatabaseLocation } from '../../src/main/adapters/storage/db/database-location'
import { openTestStorage } from '../../src/main/adapters/storage/test-backends.test-helper'
import type { DeskSchema } from '../../src/main/adapters/storage/db/desk-schema'
import { createConcurClient } from '../../src/main/core/concur/concur-client'
import type { DeskStorage } from '../../src/main/core/desk-storage'
import type { SecretName, SecretStore } from '../../src/main/core/ports'
import type { CronPort } from '../../src/main/core/scheduler/poll-scheduler'
import { buildEngine, createWorldOwner, type Sims, type World } from '../support/sync-harness'
import type { SyncEngine } from '../../src/main/core/sync/sync-engine'
import { createInstanceRegistry, type InstanceRegistry } from '../../src/main/core/team/instance-registry'
import { createSharedWork, type SharedWorkOptions } from '../../src/main/core/team/shared-work'
import type { CredentialOwner } from '../../src/main/core/tokens/credential-owner'
import { silentLogger } from '../../src/main/logging/logger'

/**
 * The stand-in for part B2's encrypted-at-rest secret store (not on this branch yet): secrets in
 * a table of the shared schema, readable by every instance. Test-only; never plain text in the product.
 */
export async function createSharedSecretsDouble(db: Kysely<DeskSchema>): Promise<SecretStore> {
  await sql`CREATE TABLE IF NOT EXISTS test_shared_secrets (name text PRIMARY KEY, value text NOT NULL)`.execute(
    db,
  )
  return {
    async read(name: SecretName) {
      const r = await sql<{
        value: string
      }>`SELECT value FROM test_shared_secrets WHERE name = ${name}`.execute(db)
      return r.rows[0]?.value ?? null
    },
    async write(name: SecretName, value: string) {
      await sql`INSERT INTO test_shared_secrets (name, value) VALUES (${name}, ${value})
        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`.execute(db)
    },
    async remove(name: SecretName) {
      await sql`DELETE FROM test_shared_secrets WHERE name = ${name}`.execute(db)
    },
    describe: () => ({ backend: 'memory' as const, detail: 'shared test double (part B2 stand-in)' }),
  }
}

/** A cron port whose ticks the test fires. */
export function createTestCron(): CronPort & { tick(): void } {
  const ticks = new Set<() => void>()
  return {
    schedule(_expression, _zone, onTick) {
      ticks.add(onTick)
      return { stop: () => void ticks.delete(onTick), nextRunAtMs: () => null }
    },
    validate: () => true,
    tick: () => ticks.forEach((t) => t()),
  }
}

/** Every successful claim of every instance, in order (the test attributes polls to them). */
export type ClaimRecord = { name: string; slotMs: number; atMs: number; instance: string }

/** A running instance. */
export type TeamInstance = {
  name: string
  storage: DeskStorage
  db: Kysely<DeskSchema>
  engine: SyncEngine
  owner: CredentialOwner
  registry: InstanceRegistry
  cron: ReturnType<typeof createTestCron>
  killed: boolean
  /** Abrupt: see the module comment. */
  kill(): Promise<void>
  /** Orderly stop (leases released, heartbeat marked stopped). */
  stop(): Promise<void>
  /** Closes the pools (a killed instance's at the end of the test). */
  close(): Promise<void>
}

/** Starts an instance on the shared schema at `location`. */
export async function startTeamInstance(
  sims: Sims,
  world: World,
  location: DatabaseLocation,
  name: string,
  options: SharedWorkOptions = {},
  claims: ClaimRecord[] = [],
): Promise<TeamInstance> {
  if (location.kind !== 'postgres') throw new Error('team instances share a PostgreSQL schema')
  const clock = sims.clock
  const { storage, db } = await openTestStorage('postgres', {
    location,
    clock,
    instances: 'shared',
    maxConnections: 10,
  })
  const lock = createPostgresCredentialLock({ url: location.url, schema: location.schema })
  const secrets = await createSharedSecretsDouble(db)
  const { owner, credentials } = createWorldOwner({
    fetch: world.fetch,
    clock,
    log: silentLogger,
    config: world.config,
    facesClient: world.facesClient,
    entities: world.entities,
    parts: { secrets, meta: storage.credentialMeta, lock },
  })
  const concurClient = createConcurClient({
    fetch: world.fetch,
    clock,
    log: silentLogger,
    config: world.config,
    access: owner,
    random: () => 0.5,
  })
  const instanceId = `${name}-${Math.random().toString(36).slice(2, 10)}`
  const registry = createInstanceRegistry({
    rows: createSqlInstanceRows(db, 'postgres'),
    instanceId,
    host: hostname(),
    pid: process.pid,
    clock,
    log: silentLogger,
  })
  const lane = await registry.start()
  const leases = createPostgresLeaseStore(db, instanceId, () => clock.nowMs())
  const work = createSharedWork({
    leases: {
      ...leases,
      async claim(leaseName, slotMs, ttlMs) {
        const grant = await leases.claim(leaseName, slotMs, ttlMs)
        if (grant) claims.push({ name: leaseName, slotMs, atMs: clock.nowMs(), instance: name })
        return grant
      },
    },
    clock,
    log: silentLogger,
    options,
  })
  const cron = createTestCron()
  const { engine } = await buildEngine(
    sims,
    { ...world, owner, credentials, concurClient },
    storage,
    { chunkSize: 2, team: { work, lane } },
    cron,
  )
  await engine.start(`instance ${name}`)
  let closed = false
  const inst: TeamInstance = {
    name,
    storage,
    db,
    engine,
    owner,
    registry,
    cron,
    killed: false,
    async kill() {
      inst.killed = true
      registry.freeze()
      await engine.kill()
      await owner.stop()
    },
    async stop() {
      await engine.stop('end')
      await owner.stop()
      await registry.stop()
    },
    async close() {
      if (closed) return
      closed = true
      await lock.close().catch(() => {})
      await storage.close().catch(() => {})
    },
  }
  return inst
}
