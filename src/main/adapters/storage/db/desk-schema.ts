/**
 * The desk's database schema as Kysely types: one interface per table, the same on SQLite and on
 * PostgreSQL (times are epoch milliseconds in integer columns, booleans are 0/1 integers, nested
 * values are JSON text), so every query is written once. The migrations in ./migrations create it.
 */
import type { Generated } from 'kysely'

/** One Concur entity (entity-record.ts); `checklist` and the id lists are JSON text. */
export type EntitiesTable = {
  id: string
  name: string
  outtask_id: string
  company_uuid: string
  site_ids: string
  vendor_site_ids: string
  travel_config_ids: string
  faces_company_id: string
  geolocation: string | null
  archived: number
  created_at_ms: number
  updated_at_ms: number
  checklist: string
  polling_active: number
  login_id_changes_acked: number
}

/** One request token's metadata (token-record.ts); never the token. Problems are JSON text. */
export type RequestTokensTable = {
  id: string
  entity_id: string
  outtask_id: string
  company_uuid: string
  token_hash: string
  token_preview: string
  received_at_ms: number
  expires_at_ms: number
  state: string
  problem: string | null
  exchanged_at_ms: number | null
  hand_off: string | null
  discarded_at_ms: number | null
}

/** An entity's credential metadata (desk-settings.ts CredentialMeta) as JSON; the secret stays in the keychain. */
export type CredentialMetaTable = {
  entity_id: string
  generation: number
  meta: string
  updated_at_ms: number
}

/** Entity-level sync state: watermark, counters, last poll (JSON). */
export type SyncEntitiesTable = {
  entity_id: string
  watermark_ms: number | null
  last_success_ms: number | null
  last_poll: string | null
  consecutive_failures: number
  login_id_changes: number
}

/** A profile that keeps failing (sync-state.ts RetryItem). */
export type SyncRetryTable = {
  entity_id: string
  login_key: string
  login_id: string
  last_modified_ms: number
  error: string
  attempts: number
  since_ms: number
}

/** What the desk remembers about one traveller (sync-state.ts TravellerState); contents are JSON. */
export type SyncTravellersTable = {
  entity_id: string
  traveller_key: string
  login_id: string
  concur_uuid: string | null
  employee_id: string | null
  faces_id: string | null
  faces_version: number | null
  name: string
  base: string
  base_hash: string
  pending: string | null
  pending_first_contact: number
  c2f_hash: string | null
  f2c_hash: string | null
  last_concur_to_faces_ms: number | null
  last_faces_to_concur_ms: number | null
  last_outcome: string | null
  /** Further fields of newer desks (JSON object), so a field added later needs no migration to survive. */
  extra: string | null
  /** The newest Concur LastModifiedDate applied and settled (issue 15). Version 5. */
  applied_modified_ms: number | null
  /** The last change carried Concur → Faces (a ChangeNote as JSON), read only by the traveller view. Migration 0021. */
  c2f_change: string | null
  /** The last change carried Faces → Concur (a ChangeNote as JSON). Migration 0021. */
  f2c_change: string | null
}

/** Per-poll counts for the entity chart. */
export type PollStatsTable = {
  entity_id: string
  at_ms: number
  synced: number
  failed: number
}

/** A traveller whose Faces change is not yet in Concur (outbox.ts OutboxItem). */
export type OutboxItemsTable = {
  company_id: string
  traveller_id: string
  concur_login_id: string | null
  seq: number
  first_seen_ms: number
  attempts: number
  next_attempt_ms: number
  last_error: string | null
}

/** Small named values of the store: the Faces feed cursor, the legacy import, the owner. */
export type DeskStateTable = {
  key: string
  value: string
  updated_at_ms: number
}

/** One sync-log record (model.ts SyncLogRecord). `search_text` is the lower-cased text the filter matches. */
export type SyncLogTable = {
  seq: number
  at_ms: number
  entity_id: string | null
  entity_name: string | null
  run_id: string | null
  direction: string | null
  traveller: string | null
  kind: string
  outcome: string
  message: string
  duration_ms: number | null
  error: string | null
  correlation_id: string | null
  credential: string | null
  /** Further record fields of newer desks (JSON object). */
  extra: string | null
  search_text: string
}

/** One sync run (model.ts SyncRunView) with its outcome; the run history reads it. */
export type SyncRunsTable = {
  run_id: string
  entity_id: string
  kind: string
  direction: string
  state: string
  pages_done: number
  pages_total: number | null
  profiles_done: number
  profiles_total: number | null
  failed: number
  started_at_ms: number
  finished_at_ms: number | null
  /** Further run fields of newer desks as JSON. */
  extra: string | null
  /** The run's labelled counts (RunCounts as JSON; null for rows of version 3). Version 4. */
  counts: string | null
  /** Why the run failed, in words. Version 4. */
  problem: string | null
  correlation_id: string | null
  /** 1: a stop of the desk cut the run off (closed as cancelled at the next start). Version 4. */
  interrupted: number
}

/** A named user of a team desk (core/team/team-stores.ts UserRecord); the password only as its argon2id hash. */
export type UsersTable = {
  id: string
  name: string
  /** The name lower-cased: names are unique regardless of case. */
  name_key: string
  role: string
  password_hash: string
  must_change_password: number
  disabled: number
  created_at_ms: number
  updated_at_ms: number
}

/** A signed-in browser: the session id only as its SHA-256 hash. */
export type UserSessionsTable = {
  id_hash: string
  user_id: string
  created_at_ms: number
  last_seen_at_ms: number
  /** Absolute expiry; the idle expiry is `last_seen_at_ms` + the idle limit. */
  expires_at_ms: number
  /** The client's address, for the "signed in" list. */
  client: string
}

/** A personal access token for scripts: the token only as its SHA-256 hash. */
export type AccessTokensTable = {
  id: string
  user_id: string
  name: string
  token_hash: string
  /** e.g. `fcd_3f…9c` */
  preview: string
  created_at_ms: number
  last_used_at_ms: number | null
  revoked_at_ms: number | null
}

/** Failed sign-ins per user name or client address in the current window. */
export type SignInFailuresTable = {
  key: string
  window_start_ms: number
  failures: number
}

/** One audit record: who did what, on which entity, with what outcome (never a secret). */
export type AuditLogTable = {
  seq: Generated<number>
  at_ms: number
  actor_id: string
  actor_name: string
  action: string
  entity_id: string | null
  entity_name: string | null
  outcome: string
  detail: string
}

/** One desk instance on the store (team desks: several on one PostgreSQL). */
export type TeamInstancesTable = {
  instance_id: string
  host: string
  pid: number
  started_at_ms: number
  /** The heartbeat: an instance not seen for a few heartbeats is gone. */
  last_seen_ms: number
  stopped_at_ms: number | null
  extra: string | null
}

/** A claim on shared work: (name, slot) held by one instance until it expires, or done. */
export type TeamLeasesTable = {
  /** `poll:<entity id>` or `faces-feed`. */
  name: string
  /** The poll slot's scheduled instant (0 for leases without slots). */
  slot_ms: number
  holder: string
  state: 'held' | 'done'
  expires_at_ms: number
  claimed_at_ms: number
  /** How often an expired holder's claim was taken over. */
  takeovers: number
}

/** The whole schema. */
export type DeskSchema = {
  entities: EntitiesTable
  request_tokens: RequestTokensTable
  credential_meta: CredentialMetaTable
  sync_entities: SyncEntitiesTable
  sync_retry: SyncRetryTable
  sync_travellers: SyncTravellersTable
  poll_stats: PollStatsTable
  outbox_items: OutboxItemsTable
  desk_state: DeskStateTable
  sync_log: SyncLogTable
  sync_runs: SyncRunsTable
  users: UsersTable
  user_sessions: UserSessionsTable
  access_tokens: AccessTokensTable
  sign_in_failures: SignInFailuresTable
  audit_log: AuditLogTable
  team_instances: TeamInstancesTable
  team_leases: TeamLeasesTable
}

/** The tables in the order a salvage copies them (parents first). */
export const DESK_TABLES = [
  'entities',
  'request_tokens',
  'credential_meta',
  'sync_entities',
  'sync_retry',
  'sync_travellers',
  'poll_stats',
  'outbox_items',
  'desk_state',
  'sync_log',
  'sync_runs',
  'users',
  'access_tokens',
  'audit_log',
] as const satisfies ReadonlyArray<keyof DeskSchema>

/** A table name. */
export type DeskTable = (typeof DESK_TABLES)[number]
