/**
 * Sign-in sessions and personal access tokens of a team desk. A session id (in the browser's
 * HttpOnly cookie) and an access token (`Authorization: Bearer fcd_…`) are random 256-bit values
 * the desk keeps only as SHA-256 hashes, so a copy of the database signs nobody in. Sessions end
 * after `idleMs` without a request or `absoluteMs` after sign-in, whichever comes first.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { AccessTokenView } from '../../../shared/team-model'
import { DeskError } from '../errors/desk-error'
import type { Clock } from '../ports'
import type { Principal } from './principal'
import type { AccessTokenRecord, SessionRecord, TeamStores, UserRecord } from './team-stores'

/** Session lifetimes. */
export type SessionLimits = {
  /** @default 8 h (a working day) */
  idleMs: number
  /** @default 7 days */
  absoluteMs: number
  /** last-seen is written at most this often per session. @default 60 s */
  touchEveryMs: number
}

/** Default lifetimes. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  idleMs: 8 * 3_600_000,
  absoluteMs: 7 * 86_400_000,
  touchEveryMs: 60_000,
}

/** The prefix of every personal access token, so scanners and the log redaction recognise one. */
export const ACCESS_TOKEN_PREFIX = 'fcd_'
const MAX_TOKENS_PER_USER = 20

/** SHA-256 of a session id or token (hex). High-entropy values need no slow hash. */
export const secretHash = (value: string): string => createHash('sha256').update(value).digest('hex')

/** The principal of a user. */
export function userPrincipal(
  user: UserRecord,
  via: Principal['via'],
  key?: { sessionKey?: string; tokenId?: string },
): Principal {
  return { id: user.id, displayName: user.name, role: user.role, via, ...key }
}

const tokenView = (t: AccessTokenRecord): AccessTokenView => ({
  id: t.id,
  name: t.name,
  preview: t.preview,
  createdAtMs: t.createdAtMs,
  lastUsedAtMs: t.lastUsedAtMs,
})

/** Sessions and tokens over the team stores. */
export interface TeamSessions {
  /** Starts a session for `user`; returns the id for the cookie (shown nowhere else). */
  start(user: UserRecord, client: string): Promise<string>
  /** The principal of a session id, or null when unknown, expired or the user is disabled. */
  resolve(sessionId: string): Promise<Principal | null>
  /**
   * For each of `principals`, true while its session or token still signs it in (read only: no
   * last-seen write). One query per kind (sessions, tokens, their users) however many are asked.
   */
  currentOf(principals: readonly Principal[]): Promise<boolean[]>
  /** Deletes the session (sign-out). */
  end(sessionKey: string): Promise<void>
  /** The principal of a bearer token, or null. */
  resolveToken(token: string): Promise<Principal | null>
  tokens(userId: string): Promise<AccessTokenView[]>
  createToken(userId: string, name: string): Promise<{ token: string; view: AccessTokenView }>
  revokeToken(userId: string, tokenId: string): Promise<AccessTokenView[]>
  /** Deletes expired sessions (run at each sign-in, so the table never grows with dead rows). */
  prune(): Promise<number>
}

/** Creates the service. */
export function createTeamSessions(
  stores: TeamStores,
  clock: Clock,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
): TeamSessions {
  const isLive = (user: UserRecord | null | undefined): user is UserRecord =>
    !!user && !user.disabled && !user.mustChangePassword
  const inTime = (session: SessionRecord, now: number): boolean =>
    now < session.expiresAtMs && now < session.lastSeenAtMs + limits.idleMs
  async function liveUser(userId: string): Promise<UserRecord | null> {
    const user = await stores.users.byId(userId)
    return isLive(user) ? user : null
  }

  return {
    async start(user, client) {
      const id = randomBytes(32).toString('base64url')
      const now = clock.nowMs()
      await stores.sessions.insert({
        idHash: secretHash(id),
        userId: user.id,
        createdAtMs: now,
        lastSeenAtMs: now,
        expiresAtMs: now + limits.absoluteMs,
        client: client.slice(0, 100),
      })
      return id
    },
    async resolve(sessionId) {
      const key = secretHash(sessionId)
      const session = await stores.sessions.get(key)
      if (!session) return null
      const now = clock.nowMs()
      if (!inTime(session, now)) {
        await stores.sessions.remove(key)
        return null
      }
      const user = await liveUser(session.userId)
      if (!user) return null
      if (now - session.lastSeenAtMs >= limits.touchEveryMs) await stores.sessions.touch(key, now)
      return userPrincipal(user, 'password', { sessionKey: key })
    },
    async currentOf(principals) {
      const now = clock.nowMs()
      const [sessions, tokens] = await Promise.all([
        stores.sessions.getMany(principals.flatMap((p) => (p.sessionKey ? [p.sessionKey] : []))),
        stores.accessTokens.byIds(principals.flatMap((p) => (!p.sessionKey && p.tokenId ? [p.tokenId] : []))),
      ])
      const users = await stores.users.byIds([...sessions, ...tokens].map((r) => r.userId))
      const sessionByKey = new Map(sessions.map((r) => [r.idHash, r]))
      const tokenById = new Map(tokens.map((r) => [r.id, r]))
      const userById = new Map(users.map((u) => [u.id, u]))
      return principals.map((p) => {
        if (p.sessionKey) {
          const session = sessionByKey.get(p.sessionKey)
          return !!session && inTime(session, now) && isLive(userById.get(session.userId))
        }
        if (p.tokenId) {
          const token = tokenById.get(p.tokenId)
          return !!token && token.userId === p.id && token.revokedAtMs === null && isLive(userById.get(p.id))
        }
        return true
      })
    },
    async end(sessionKey) {
      await stores.sessions.remove(sessionKey)
    },
    async resolveToken(token) {
      if (!token.startsWith(ACCESS_TOKEN_PREFIX)) return null
      const record = await stores.accessTokens.byHash(secretHash(token))
      if (!record || record.revokedAtMs !== null) return null
      const user = await liveUser(record.userId)
      if (!user) return null
      const now = clock.nowMs()
      if (record.lastUsedAtMs === null || now - record.lastUsedAtMs >= limits.touchEveryMs)
        await stores.accessTokens.markUsed(record.id, now)
      return userPrincipal(user, 'access-token', { tokenId: record.id })
    },
    async tokens(userId) {
      return (await stores.accessTokens.forUser(userId)).filter((t) => t.revokedAtMs === null).map(tokenView)
    },
    async createToken(userId, name) {
      const live = (await stores.accessTokens.forUser(userId)).filter((t) => t.revokedAtMs === null)
      if (live.length >= MAX_TOKENS_PER_USER)
        throw new DeskError(
          'conflict',
          `You have ${MAX_TOKENS_PER_USER} access tokens already: revoke one you no longer use first.`,
        )
      const token = ACCESS_TOKEN_PREFIX + randomBytes(32).toString('base64url')
      const record: AccessTokenRecord = {
        id: randomUUID(),
        userId,
        name: name.trim(),
        tokenHash: secretHash(token),
        preview: `${token.slice(0, 7)}…${token.slice(-3)}`,
        createdAtMs: clock.nowMs(),
        lastUsedAtMs: null,
        revokedAtMs: null,
      }
      await stores.accessTokens.insert(record)
      return { token, view: tokenView(record) }
    },
    prune: () => stores.sessions.prune(clock.nowMs(), limits.idleMs),
    async revokeToken(userId, tokenId) {
      if (!(await stores.accessTokens.revoke(userId, tokenId, clock.nowMs())))
        throw new DeskError(
          'not-found',
          'You have no such access token (it may be revoked already). Reload the list.',
        )
      return (await stores.accessTokens.forUser(userId)).filter((t) => t.revokedAtMs === null).map(tokenView)
    },
  }
}
