/** Users, sign-in sessions, access tokens and failed sign-in counters as rows (the team ports). */
import type { Kysely } from 'kysely'
import type { UserRole } from '../../../../shared/team-model'
import type {
  AccessTokenRecord,
  AccessTokenStore,
  SessionRecord,
  SessionStore,
  SignInFailureStore,
  UserRecord,
  UserStore,
} from '../../../core/team/team-stores'
import type { AccessTokensTable, DeskSchema, UserSessionsTable, UsersTable } from '../db/desk-schema'
import { exclusiveTransaction } from '../db/exclusive-transaction'
import { bit } from './row-codec'

/** At most this many ids per `IN (…)` (well under SQLite's and PostgreSQL's parameter limits). */
const IDS_PER_QUERY = 500

/** `query` over `ids` in slices of IDS_PER_QUERY, the rows joined; no query for no ids. */
async function inSlices<T>(ids: readonly string[], query: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)]
  const out: T[] = []
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY)
    out.push(...(await query(unique.slice(i, i + IDS_PER_QUERY))))
  return out
}

const userRow = (u: UserRecord): UsersTable => ({
  id: u.id,
  name: u.name,
  name_key: u.name.toLowerCase(),
  role: u.role,
  password_hash: u.passwordHash,
  must_change_password: bit(u.mustChangePassword),
  disabled: bit(u.disabled),
  created_at_ms: u.createdAtMs,
  updated_at_ms: u.updatedAtMs,
})

const userOf = (r: UsersTable): UserRecord => ({
  id: r.id,
  name: r.name,
  role: r.role as UserRole,
  passwordHash: r.password_hash,
  mustChangePassword: r.must_change_password === 1,
  disabled: r.disabled === 1,
  createdAtMs: r.created_at_ms,
  updatedAtMs: r.updated_at_ms,
})

/** The users store. */
export function createSqlUserStore(db: Kysely<DeskSchema>): UserStore {
  return {
    async count() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },
    async list() {
      return (await db.selectFrom('users').selectAll().orderBy('name_key').execute()).map(userOf)
    },
    async byName(name) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('name_key', '=', name.toLowerCase())
        .executeTakeFirst()
      return row ? userOf(row) : null
    },
    async byId(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? userOf(row) : null
    },
    async byIds(ids) {
      const rows = await inSlices(ids, (slice) =>
        db.selectFrom('users').selectAll().where('id', 'in', slice).execute(),
      )
      return rows.map(userOf)
    },
    async insert(user) {
      const result = await db
        .insertInto('users')
        .values(userRow(user))
        .onConflict((oc) => oc.column('name_key').doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
    },
    async update(user) {
      const { id, password_hash, must_change_password, updated_at_ms } = userRow(user)
      await db
        .updateTable('users')
        .set({ password_hash, must_change_password, updated_at_ms })
        .where('id', '=', id)
        .execute()
    },
    changeAccess: (id, change, atMs) =>
      // Every role/disabled change takes the same lock, so the admin count it reads is the one
      // it leaves: two admins demoting each other at once are one after the other.
      exclusiveTransaction(db, 'users-access', async (trx) => {
        const row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
        if (!row) return null
        const next: UserRecord = { ...userOf(row), ...change, updatedAtMs: atMs }
        const wasAdmin = row.role === 'admin' && row.disabled === 0
        if (wasAdmin && (next.role !== 'admin' || next.disabled)) {
          const others = await trx
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('role', '=', 'admin')
            .where('disabled', '=', 0)
            .where('id', '!=', id)
            .executeTakeFirst()
          if (Number(others?.n ?? 0) === 0) return 'last-admin'
        }
        await trx
          .updateTable('users')
          .set({ role: next.role, disabled: bit(next.disabled), updated_at_ms: atMs })
          .where('id', '=', id)
          .execute()
        return next
      }),
  }
}

const sessionOf = (r: UserSessionsTable): SessionRecord => ({
  idHash: r.id_hash,
  userId: r.user_id,
  createdAtMs: r.created_at_ms,
  lastSeenAtMs: r.last_seen_at_ms,
  expiresAtMs: r.expires_at_ms,
  client: r.client,
})

/** The sessions store. */
export function createSqlSessionStore(db: Kysely<DeskSchema>): SessionStore {
  return {
    async insert(s) {
      await db
        .insertInto('user_sessions')
        .values({
          id_hash: s.idHash,
          user_id: s.userId,
          created_at_ms: s.createdAtMs,
          last_seen_at_ms: s.lastSeenAtMs,
          expires_at_ms: s.expiresAtMs,
          client: s.client,
        })
        .execute()
    },
    async get(idHash) {
      const row = await db
        .selectFrom('user_sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst()
      return row ? sessionOf(row) : null
    },
    async getMany(idHashes) {
      const rows = await inSlices(idHashes, (slice) =>
        db.selectFrom('user_sessions').selectAll().where('id_hash', 'in', slice).execute(),
      )
      return rows.map(sessionOf)
    },
    async touch(idHash, lastSeenAtMs) {
      await db
        .updateTable('user_sessions')
        .set({ last_seen_at_ms: lastSeenAtMs })
        .where('id_hash', '=', idHash)
        .execute()
    },
    async remove(idHash) {
      await db.deleteFrom('user_sessions').where('id_hash', '=', idHash).execute()
    },
    async removeForUser(userId) {
      const r = await db.deleteFrom('user_sessions').where('user_id', '=', userId).executeTakeFirst()
      return Number(r.numDeletedRows)
    },
    async active(nowMs, seenSinceMs, userId) {
      let q = db
        .selectFrom('user_sessions')
        .selectAll()
        .where('expires_at_ms', '>', nowMs)
        .where('last_seen_at_ms', '>=', seenSinceMs)
      if (userId !== undefined) q = q.where('user_id', '=', userId)
      const rows = await q.orderBy('last_seen_at_ms', 'desc').limit(500).execute()
      return rows.map(sessionOf)
    },
    async prune(nowMs, idleMs) {
      const r = await db
        .deleteFrom('user_sessions')
        .where((eb) => eb.or([eb('expires_at_ms', '<=', nowMs), eb('last_seen_at_ms', '<=', nowMs - idleMs)]))
        .executeTakeFirst()
      return Number(r.numDeletedRows)
    },
  }
}

const tokenOf = (r: AccessTokensTable): AccessTokenRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  tokenHash: r.token_hash,
  preview: r.preview,
  createdAtMs: r.created_at_ms,
  lastUsedAtMs: r.last_used_at_ms,
  revokedAtMs: r.revoked_at_ms,
})

/** The access tokens store. */
export function createSqlAccessTokenStore(db: Kysely<DeskSchema>): AccessTokenStore {
  return {
    async insert(t) {
      await db
        .insertInto('access_tokens')
        .values({
          id: t.id,
          user_id: t.userId,
          name: t.name,
          token_hash: t.tokenHash,
          preview: t.preview,
          created_at_ms: t.createdAtMs,
          last_used_at_ms: t.lastUsedAtMs,
          revoked_at_ms: t.revokedAtMs,
        })
        .execute()
    },
    async byHash(tokenHash) {
      const row = await db
        .selectFrom('access_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst()
      return row ? tokenOf(row) : null
    },
    async byIds(ids) {
      const rows = await inSlices(ids, (slice) =>
        db.selectFrom('access_tokens').selectAll().where('id', 'in', slice).execute(),
      )
      return rows.map(tokenOf)
    },
    async forUser(userId) {
      const rows = await db
        .selectFrom('access_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at_ms')
        .execute()
      return rows.map(tokenOf)
    },
    async markUsed(id, atMs) {
      await db.updateTable('access_tokens').set({ last_used_at_ms: atMs }).where('id', '=', id).execute()
    },
    async revoke(userId, id, atMs) {
      const r = await db
        .updateTable('access_tokens')
        .set({ revoked_at_ms: atMs })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at_ms', 'is', null)
        .executeTakeFirst()
      return Number(r.numUpdatedRows) > 0
    },
  }
}

/** The failed sign-in counters. */
export function createSqlSignInFailureStore(db: Kysely<DeskSchema>): SignInFailureStore {
  return {
    async failures(key, windowStartMs) {
      const row = await db
        .selectFrom('sign_in_failures')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst()
      return row && row.window_start_ms >= windowStartMs ? row.failures : 0
    },
    async add(key, windowStartMs, nowMs) {
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('sign_in_failures')
          .selectAll()
          .where('key', '=', key)
          .executeTakeFirst()
        const fresh = !row || row.window_start_ms < windowStartMs
        const next = {
          key,
          window_start_ms: fresh ? nowMs : row.window_start_ms,
          failures: fresh ? 1 : row.failures + 1,
        }
        await trx
          .insertInto('sign_in_failures')
          .values(next)
          .onConflict((oc) => oc.column('key').doUpdateSet(next))
          .execute()
      })
    },
    async clear(key) {
      await db.deleteFrom('sign_in_failures').where('key', '=', key).execute()
    },
  }
}
