/**
 * The desk's state behind one port: every store the core keeps state in, over one database
 * (adapters/storage/open-desk-storage.ts builds it on SQLite or PostgreSQL). The core never sees
 * SQL, a file or a connection: only these interfaces.
 */
import type { EntityRepository } from './entities/entity-repository'
import type { SyncLogStore } from './sync-log/sync-log-store'
import type { Outbox } from './sync/outbox'
import type { RunStore } from './sync/run-store'
import type { SyncStateStore } from './sync/sync-state'
import type { TeamStores } from './team/team-stores'
import type { CredentialMetaStore } from './tokens/credential-repository'
import type { TokenRepository } from './tokens/token-repository'

/** The stores one sync engine works with; a new set per engine (a killed engine's set stays frozen). */
export type EngineStores = { stateStore: SyncStateStore; outbox: Outbox; runs: RunStore }

/** Every store of one environment. */
export interface DeskStorage {
  readonly kind: 'sqlite' | 'postgres'
  /** The file or schema, for messages (never a password). */
  readonly location: string
  readonly entities: EntityRepository
  readonly tokens: TokenRepository
  readonly credentialMeta: CredentialMetaStore
  readonly syncLog: SyncLogStore
  /** Users, sessions, access tokens, sign-in counters and the audit trail (kept by `clear`). */
  readonly team: TeamStores
  /** A fresh set of engine stores over the same database. */
  engineStores(): EngineStores
  /** Removes every row (the Sandbox starts fresh at each start); returns the ids of the entities and tokens it held. */
  clear(): Promise<{ entityIds: string[]; tokenIds: string[] }>
  /** Waits for queued writes and closes the connection. */
  close(): Promise<void>
}
