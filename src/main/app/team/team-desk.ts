/**
 * The desk's team services over the current environment's store: user accounts, sign-in,
 * sessions and access tokens, the audit trail, presence, and the handlers of the team channels.
 * The HTTP layer reads `auth` (its Authenticator asks it who a cookie or bearer token is); the
 * dispatch reads `audit` and `presence`. With no named users the desk is a solo desk.
 */
import { DeskError } from '../../core/errors/desk-error'
import type { Clock, PushBus } from '../../core/ports'
import { createAuditTrail, type AuditTrail } from '../../core/team/audit-trail'
import { createPresence, type Presence } from '../../core/team/presence'
import {
  createSignIn,
  type SignInAttempt,
  type SignInLimits,
  type SignInOutcome,
} from '../../core/team/sign-in'
import type { EndedCredential, TeamAuthPort } from '../../core/team/team-auth-port'
import { createTeamSessions, type SessionLimits, type TeamSessions } from '../../core/team/team-sessions'
import type { TeamStores } from '../../core/team/team-stores'
import { createUserAccounts, type PasswordHasher, type UserAccounts } from '../../core/team/user-accounts'
import type { Logger } from '../../logging/logger'
import type { CallContext, Handlers } from '../dispatcher'
import { createUserHandlers, type UserHandlers } from './user-handlers'

/** The team channels' handlers. */
export type TeamHandlers = Pick<
  Handlers,
  | 'session:me'
  | 'audit:query'
  | 'audit:export-csv'
  | 'account:tokens'
  | 'account:create-token'
  | 'account:revoke-token'
  | 'presence:list'
  | keyof UserHandlers
>

/** The team services. */
export interface TeamDesk {
  readonly auth: TeamAuthPort
  readonly presence: Presence
  audit(): AuditTrail | null
  /** User management over the current store (the CLI opens its own). */
  accounts(): UserAccounts | null
  readonly handlers: TeamHandlers
}

type Built = {
  stores: TeamStores
  sessions: TeamSessions
  audit: AuditTrail
  accounts: UserAccounts
  signIn: (a: SignInAttempt) => Promise<SignInOutcome>
  /** Set once this store has a user: users are never deleted (only disabled), so it stays true. */
  hasUsers: boolean
}

/** Builds the team services; `stores` is the current session's (null while it (re)starts). */
export function createTeamDesk(deps: {
  stores: () => Promise<TeamStores | null>
  current: () => TeamStores | null
  hasher: PasswordHasher
  clock: Clock
  bus: PushBus
  log: Logger
  sessionLimits?: SessionLimits
  signInLimits?: SignInLimits
}): TeamDesk {
  const log = deps.log.child('team')
  let built: Built | null = null
  const build = (stores: TeamStores): Built => {
    if (built?.stores === stores) return built
    const sessions = createTeamSessions(stores, deps.clock, deps.sessionLimits)
    const accounts = createUserAccounts({
      users: stores.users,
      sessions: stores.sessions,
      hasher: deps.hasher,
      clock: deps.clock,
    })
    const audit = createAuditTrail({
      store: stores.audit,
      clock: deps.clock,
      onError: (err) => log.error('audit: a record could not be written', { err }),
    })
    const signIn = createSignIn({
      stores,
      accounts,
      sessions,
      hasher: deps.hasher,
      audit,
      clock: deps.clock,
      ...(deps.signInLimits ? { limits: deps.signInLimits } : {}),
    })
    return (built = { stores, sessions, audit, accounts, signIn, hasUsers: false })
  }
  const ready = async (): Promise<Built> => {
    const stores = await deps.stores()
    if (!stores) throw new DeskError('offline', 'The desk is still starting up. Try again in a moment.')
    return build(stores)
  }
  const now = (): Built | null => {
    const stores = deps.current()
    return stores ? build(stores) : null
  }
  const presence = createPresence({
    stores: deps.current,
    bus: deps.bus,
    clock: deps.clock,
    onError: (err) => log.warn('presence: could not be read', { err }),
  })
  const endedListeners = new Set<(ended: EndedCredential) => void>()
  const ended = (e: EndedCredential): void => {
    for (const l of endedListeners) l(e)
  }

  const auth: TeamAuthPort = {
    sessionMaxAgeMs: (deps.sessionLimits ?? { absoluteMs: 7 * 86_400_000 }).absoluteMs,
    async hasUsers() {
      // Asked on every request (once: team-auth.ts keeps the answer per request). "Yes" is kept for
      // the store's lifetime (users are never removed, only disabled); "no" is asked again each
      // time, so the first user the CLI adds turns the solo desk into a team desk at once.
      const b = await ready()
      if (!b.hasUsers) b.hasUsers = (await b.stores.users.count()) > 0
      return b.hasUsers
    },
    async resolveSession(id) {
      return (await ready()).sessions.resolve(id)
    },
    async resolveToken(token) {
      return (await ready()).sessions.resolveToken(token)
    },
    async signIn(attempt) {
      const outcome = await (await ready()).signIn(attempt)
      if (outcome.kind === 'signed-in') presence.changed()
      return outcome
    },
    async currentOf(principals) {
      return (await ready()).sessions.currentOf(principals)
    },
    onEnded(listener) {
      endedListeners.add(listener)
      return () => endedListeners.delete(listener)
    },
    async signOut(principal) {
      const b = await ready()
      if (principal.sessionKey) {
        await b.sessions.end(principal.sessionKey)
        ended({ kind: 'session', sessionKey: principal.sessionKey })
      }
      await b.audit.record({ id: principal.id, name: principal.displayName }, 'sign-out', {
        outcome: 'ok',
        detail: '',
      })
      presence.changed()
    },
  }

  const userId = (ctx: CallContext): string => {
    if (ctx.principal.via === 'password' || ctx.principal.via === 'access-token') return ctx.principal.id
    throw new DeskError(
      'invalid-input',
      'Access tokens belong to named users: add users to this desk (./desk users add NAME --role admin) and sign in as one.',
    )
  }

  const handlers: TeamHandlers = {
    'session:me': async (_input, ctx) => {
      const mode = (await auth.hasUsers().catch(() => false)) ? 'team' : 'solo'
      const p = ctx.principal
      return { id: p.id, name: p.displayName, role: p.role, via: p.via, mode }
    },
    'audit:query': async (input) => (await ready()).audit.query(input),
    'audit:export-csv': async (input) => (await ready()).audit.exportCsv(input),
    'account:tokens': async (_input, ctx) => (await ready()).sessions.tokens(userId(ctx)),
    'account:create-token': async (input, ctx) =>
      (await ready()).sessions.createToken(userId(ctx), input.name),
    'account:revoke-token': async (input, ctx) => {
      const left = await (await ready()).sessions.revokeToken(userId(ctx), input.tokenId)
      ended({ kind: 'access-token', tokenId: input.tokenId })
      return left
    },
    'presence:list': async () => presence.view(),
    ...createUserHandlers({ ready, presence, ended, clock: deps.clock }),
  }

  return {
    auth,
    presence,
    audit: () => now()?.audit ?? null,
    accounts: () => now()?.accounts ?? null,
    handlers,
  }
}
