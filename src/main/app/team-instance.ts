/**
 * The parts a team-desk instance adds when several share one PostgreSQL store
 * (`--instances shared`, issue 13 C): its row and heartbeat in `team_instances` (and with it its
 * sync-log lane), its SharedWork over the lease SQL, the credential lock across processes, and
 * the push relay over LISTEN/NOTIFY. The session composes them; a solo desk builds none.
 */
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DeskSchema } from '../adapters/storage/db/desk-schema'
import { createPostgresCredentialLock } from '../adapters/storage/team/pg-credential-lock'
import { createPostgresLeaseStore } from '../adapters/storage/team/pg-lease-store'
import { createPostgresPushRelay } from '../adapters/storage/team/pg-push-relay'
import { createSqlInstanceRows, SYNC_LOG_LANES } from '../adapters/storage/team/sql-instance-registry'
import type { Clock, PushBus, SecretStore } from '../core/ports'
import { createInstanceRegistry, type InstanceRegistry } from '../core/team/instance-registry'
import { connectPushRelay, type RelayedPush } from '../core/team/push-relay'
import { createSharedWork, type SharedWork } from '../core/team/shared-work'
import type { CredentialLock } from '../core/tokens/credential-lock'
import type { Logger } from '../logging/logger'

/** A running instance's team parts. */
export type TeamInstanceParts = {
  work: SharedWork
  lane: number
  lanes: number
  lock: CredentialLock
  registry: InstanceRegistry
  /** Relays pushes to and from the other instances; `reread` turns incoming ids into local pushes. */
  connectBus(reread: (push: RelayedPush) => Promise<void>): void
  stop(): Promise<void>
}

/** Starts the team parts of an instance on the store at `url` / `schema`. */
export async function startTeamInstanceParts(deps: {
  url: string
  schema: string
  db: Kysely<DeskSchema>
  clock: Clock
  log: Logger
  bus: PushBus
  secrets: SecretStore
}): Promise<TeamInstanceParts> {
  const log = deps.log.child('team')
  // Every instance refreshes every credential under the shared lock, so each must read what the
  // others wrote: a secret store shared by all instances (part B2: encrypted in the database).
  // Part B2's encrypted store on the --database-url PostgreSQL (schema desk_secrets) is that store;
  // service mode refuses a shared instance without its key, so this warns only embedders (tests).
  if (deps.secrets.describe().backend !== 'encrypted')
    log.warn(
      'team: the instances must share one secret store (every instance refreshes credentials): start each with --secret-key-file (the same key) so they use the encrypted store in the database; a keychain is shared only by instances of one user on one machine',
      { backend: deps.secrets.describe().backend },
    )
  const instanceId = randomUUID()
  const registry = createInstanceRegistry({
    rows: createSqlInstanceRows(deps.db, 'postgres'),
    instanceId,
    host: hostname(),
    pid: process.pid,
    clock: deps.clock,
    log,
  })
  const lane = await registry.start()
  const work = createSharedWork({
    leases: createPostgresLeaseStore(deps.db, instanceId, () => deps.clock.nowMs()),
    clock: deps.clock,
    log,
  })
  const lock = createPostgresCredentialLock({ url: deps.url, schema: deps.schema })
  const relay = await createPostgresPushRelay({ url: deps.url, schema: deps.schema, instanceId, log })
  let disconnect: (() => void) | null = null
  log.info('team: this instance shares the store', { instanceId, lane })
  return {
    work,
    lane,
    lanes: SYNC_LOG_LANES,
    lock,
    registry,
    connectBus(reread) {
      disconnect = connectPushRelay({ bus: deps.bus, relay, clock: deps.clock, log, reread })
    },
    async stop() {
      disconnect?.()
      await relay.close()
      await registry.stop()
      await lock.close()
    },
  }
}
