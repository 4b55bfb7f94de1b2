/**
 * The team desk's storage ports: users, sign-in sessions, personal access tokens, failed sign-in
 * counters and the audit trail. adapters/storage/stores/sql-team-*.ts implement them on SQLite and
 * PostgreSQL. Nothing here ever holds a password, session id or token in clear: only hashes.
 */
import type { AuditAction } from '../../../shared/audit-actions'
import type { AuditOutcome, AuditQuery, UserRole } from '../../../shared/team-model'

/** One named user. */
export type UserRecord = {
  id: string
  name: string
  role: UserRole
  /** argon2id, PHC string. */
  passwordHash: string
  /** Set by `users add` / `users reset`: the one-time password must be replaced at the next sign-in. */
  mustChangePassword: boolean
  disabled: boolean
  createdAtMs: number
  updatedAtMs: number
}

/** Users by id and by name (names are unique regardless of case). */
export interface UserStore {
  count(): Promise<number>
  list(): Promise<UserRecord[]>
  byName(name: string): Promise<UserRecord | null>
  byId(id: string): Promise<UserRecord | null>
  /** The users among `ids` that exist, in one query (any order). */
  byIds(ids: readonly string[]): Promise<UserRecord[]>
  /** Inserts; false when the name is taken (any case). */
  insert(user: UserRecord): Promise<boolean>
  /**
   * Saves a user's password hash, must-change flag and update time. Role and disabled change only
   * through `changeAccess`, so a password reset never undoes a concurrent disable or demotion.
   */
  update(user: UserRecord): Promise<void>
  /**
   * Sets a user's role and/or disabled flag in one check-and-write that no concurrent change
   * interleaves with (two admins demoting each other at once: one wins): 'last-admin' (nothing
   * written) when it would leave no enabled admin, null when there is no such user.
   */
  changeAccess(id: string, change: AccessChange, atMs: number): Promise<UserRecord | 'last-admin' | null>
}

/** What `changeAccess` sets. */
export type AccessChange = { role?: UserRole; disabled?: boolean }

/** One signed-in browser. */
export type SessionRecord = {
  idHash: string
  userId: string
  createdAtMs: number
  lastSeenAtMs: number
  expiresAtMs: number
  client: string
}

/** Sessions in the database, so they survive a restart of the desk. */
export interface SessionStore {
  insert(session: SessionRecord): Promise<void>
  get(idHash: string): Promise<SessionRecord | null>
  /** The sessions among `idHashes` that exist, in one query (any order). */
  getMany(idHashes: readonly string[]): Promise<SessionRecord[]>
  touch(idHash: string, lastSeenAtMs: number): Promise<void>
  remove(idHash: string): Promise<void>
  removeForUser(userId: string): Promise<number>
  /** Sessions not expired at `nowMs` whose last request was after `seenSinceMs` (of `userId` only, if given). */
  active(nowMs: number, seenSinceMs: number, userId?: string): Promise<SessionRecord[]>
  /** Deletes sessions expired before `nowMs`; the count. */
  prune(nowMs: number, idleMs: number): Promise<number>
}

/** A personal access token's metadata. */
export type AccessTokenRecord = {
  id: string
  userId: string
  name: string
  tokenHash: string
  preview: string
  createdAtMs: number
  lastUsedAtMs: number | null
  revokedAtMs: number | null
}

/** Personal access tokens. */
export interface AccessTokenStore {
  insert(token: AccessTokenRecord): Promise<void>
  byHash(tokenHash: string): Promise<AccessTokenRecord | null>
  /** The tokens among `ids` that exist, revoked ones included, in one query (any order). */
  byIds(ids: readonly string[]): Promise<AccessTokenRecord[]>
  forUser(userId: string): Promise<AccessTokenRecord[]>
  markUsed(id: string, atMs: number): Promise<void>
  /** Revokes one of `userId`'s tokens; false when it has no such (live) token. */
  revoke(userId: string, id: string, atMs: number): Promise<boolean>
}

/** Fixed-window counters of failed sign-ins, per key (`user:<name>`, `ip:<address>`). */
export interface SignInFailureStore {
  /** Failures of `key` in the window that started at or after `windowStartMs`. */
  failures(key: string, windowStartMs: number): Promise<number>
  /** Counts one failure; a window older than `windowStartMs` starts over at `nowMs`. */
  add(key: string, windowStartMs: number, nowMs: number): Promise<void>
  clear(key: string): Promise<void>
}

/** One audit record as stored. */
export type AuditRecord = {
  seq: number
  atMs: number
  actorId: string
  actorName: string
  action: string
  entityId: string | null
  entityName: string | null
  outcome: AuditOutcome
  detail: string
}

/** A record to append: its action is one of shared/audit-actions.ts. */
export type NewAuditRecord = Omit<AuditRecord, 'seq' | 'action'> & { action: AuditAction }

/** The audit trail. */
export interface AuditStore {
  /** A new record names one of the audited actions (older records may hold older names). */
  append(record: NewAuditRecord): Promise<void>
  /** Newest first; `beforeSeq` pages back. */
  query(q: AuditQuery & { limit: number }): Promise<{ records: AuditRecord[]; total: number }>
  /** Retention: deletes records older than `beforeMs`; how many went. */
  prune(beforeMs: number): Promise<number>
  /** The time of each actor's (or only `actorId`'s) latest successful sign-in still in the trail, by actor id. */
  lastSignIns(actorId?: string): Promise<Map<string, number>>
}

/** Every team store of one database. */
export type TeamStores = {
  users: UserStore
  sessions: SessionStore
  accessTokens: AccessTokenStore
  signInFailures: SignInFailureStore
  audit: AuditStore
}
