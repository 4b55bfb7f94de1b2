/**
 * Password sign-in of a team desk: the same answer for an unknown user and a wrong password (and
 * the same work: an unknown name is checked against a dummy hash), failed attempts counted per
 * user name and per client address in the database, and a limit that refuses even the right
 * password until the window has passed. Every attempt is audited without the password.
 */
import { DeskError } from '../errors/desk-error'
import type { Clock } from '../ports'
import type { AuditTrail } from './audit-trail'
import type { PasswordHasher, UserAccounts } from './user-accounts'
import type { TeamSessions } from './team-sessions'
import type { TeamStores, UserRecord } from './team-stores'

/** Failed sign-in limits (fixed windows). */
export type SignInLimits = {
  /** Failures per user name per window. @default 5 */
  perUser: number
  /** Failures per client address per window. @default 20 */
  perAddress: number
  /** @default 15 min */
  windowMs: number
}

/** Default limits. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perUser: 5, perAddress: 20, windowMs: 15 * 60_000 }

/** What a sign-in attempt sends. */
export type SignInAttempt = { name: string; password: string; newPassword?: string; client: string }

/** How an attempt ended. */
export type SignInOutcome =
  | { kind: 'signed-in'; sessionId: string; user: UserRecord }
  | { kind: 'refused'; message: string }
  | { kind: 'rate-limited'; message: string; retryAfterMs: number }
  | { kind: 'new-password-needed'; message: string }

/** The one answer for an unknown name and a wrong password (also a disabled user's wrong one). */
export const SIGN_IN_REFUSED = 'The user name or password is not right. Check both and try again.'

/** The answer to a disabled user's right password. */
export function disabledMessage(name: string): string {
  return `The user ${name} is disabled on this desk: ask an admin of the desk to enable it again (./desk users enable ${name}).`
}

/** Creates the sign-in service. */
export function createSignIn(deps: {
  stores: TeamStores
  accounts: UserAccounts
  sessions: TeamSessions
  hasher: PasswordHasher
  audit: AuditTrail
  clock: Clock
  limits?: SignInLimits
}): (attempt: SignInAttempt) => Promise<SignInOutcome> {
  const limits = deps.limits ?? DEFAULT_SIGN_IN_LIMITS
  const failures = deps.stores.signInFailures
  let dummyHash: Promise<string> | null = null

  return async (attempt) => {
    const name = attempt.name.trim().slice(0, 63)
    const userKey = `user:${name.toLowerCase()}`
    const addressKey = `ip:${attempt.client}`
    const now = deps.clock.nowMs()
    const windowStart = now - limits.windowMs
    const actor = { id: '', name: name || '(no name)' }
    const [byUser, byAddress] = await Promise.all([
      failures.failures(userKey, windowStart),
      failures.failures(addressKey, windowStart),
    ])
    if (byUser >= limits.perUser || byAddress >= limits.perAddress) {
      await deps.audit.record(actor, 'sign-in', {
        outcome: 'denied',
        detail: `rate limited (from ${attempt.client})`,
      })
      const minutes = Math.ceil(limits.windowMs / 60_000)
      return {
        kind: 'rate-limited',
        message: `Too many failed sign-ins. Wait ${minutes} minutes and try again, or ask an admin to reset your password (./desk users reset NAME).`,
        retryAfterMs: limits.windowMs,
      }
    }
    const user = await deps.stores.users.byName(name)
    const hash = user?.passwordHash ?? (await (dummyHash ??= deps.hasher.hash('dummy password for timing')))
    const passwordRight = (await deps.hasher.verify(hash, attempt.password)) && user !== null
    const valid = passwordRight && !user.disabled
    if (!valid || !user) {
      await Promise.all([failures.add(userKey, windowStart, now), failures.add(addressKey, windowStart, now)])
      await deps.audit.record(user ? { id: user.id, name: user.name } : actor, 'sign-in', {
        outcome: 'failed',
        detail: `${user?.disabled ? 'disabled user' : 'wrong name or password'} (from ${attempt.client})`,
      })
      // Only someone who knows the password learns that the user is disabled: they can do
      // nothing with it, and they are told whom to ask instead of retrying into the rate limit.
      return { kind: 'refused', message: passwordRight ? disabledMessage(user!.name) : SIGN_IN_REFUSED }
    }
    let signedIn = user
    if (user.mustChangePassword) {
      if (attempt.newPassword === undefined)
        return {
          kind: 'new-password-needed',
          message: 'This was a one-time password: choose your own password now (at least 12 characters).',
        }
      try {
        signedIn = await deps.accounts.setPassword(user, attempt.newPassword)
      } catch (err) {
        if (err instanceof DeskError) return { kind: 'new-password-needed', message: err.message }
        throw err
      }
      await deps.audit.record(user, 'user.password-changed', {
        outcome: 'ok',
        detail: 'replaced the one-time password',
      })
    }
    await failures.clear(userKey)
    await deps.sessions.prune()
    const sessionId = await deps.sessions.start(signedIn, attempt.client)
    await deps.audit.record(signedIn, 'sign-in', { outcome: 'ok', detail: `from ${attempt.client}` })
    return { kind: 'signed-in', sessionId, user: signedIn }
  }
}
