/**
 * Named users: add, list, disable, reset, and the password rules. Used by the `./desk users`
 * command and by sign-in. One-time passwords (from `add` and `reset`) must be replaced at the next
 * sign-in. Errors are DeskErrors that say what to do instead.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { USER_ROLES, type UserRole } from '../../../shared/team-model'
import { DeskError } from '../errors/desk-error'
import type { Clock } from '../ports'
import type { AccessChange, SessionStore, UserRecord, UserStore } from './team-stores'

/** Hashes and checks passwords (argon2id in adapters/passwords). */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  /** False for a wrong password or a malformed hash; never throws. */
  verify(hash: string, password: string): Promise<boolean>
}

/** The shortest password the desk accepts. */
export const MIN_PASSWORD_LENGTH = 12
const MAX_PASSWORD_LENGTH = 256
const NAME_RULE = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,62}$/u

/** A user as the CLI lists it (never the hash). */
export type UserSummary = Pick<UserRecord, 'id' | 'name' | 'role' | 'disabled' | 'mustChangePassword'> & {
  createdAtMs: number
}

const summary = (u: UserRecord): UserSummary => ({
  id: u.id,
  name: u.name,
  role: u.role,
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
  createdAtMs: u.createdAtMs,
})

/** The reason `password` is refused, or null. */
export function passwordProblem(password: string, name: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters (a few words make a good one).`
  if (password.length > MAX_PASSWORD_LENGTH)
    return `The password is too long: use at most ${MAX_PASSWORD_LENGTH} characters.`
  if (new Set(password).size < 5)
    return 'The password repeats too few characters: mix at least 5 different ones.'
  if (password.toLowerCase().includes(name.toLowerCase()))
    return 'The password must not contain the user name.'
  return null
}

/** A random one-time password: 20 characters of base64url (120 bits). */
export function oneTimePassword(): string {
  return randomBytes(15).toString('base64url')
}

/** Checks a user name; throws with what is allowed. */
export function checkUserName(name: string): string {
  const trimmed = name.trim()
  if (!NAME_RULE.test(trimmed))
    throw new DeskError(
      'invalid-input',
      `"${trimmed.slice(0, 40)}" is not a usable user name: start with a letter or digit, then letters, digits, spaces, . _ @ or -, at most 63 characters (e.g. anna or anna.meier).`,
    )
  return trimmed
}

/** Checks a role; throws with the two that exist. */
export function checkRole(role: string): UserRole {
  if ((USER_ROLES as readonly string[]).includes(role)) return role as UserRole
  throw new DeskError(
    'invalid-input',
    `"${role.slice(0, 20)}" is not a role: use --role admin (changes settings, secrets and users) or --role agent (pastes, exchanges, syncs, edits entities).`,
  )
}

/** The user-management service. */
export interface UserAccounts {
  /** Adds a user; with no `password`, a one-time password is made and returned. */
  add(
    name: string,
    role: string,
    password?: string,
  ): Promise<{ user: UserSummary; oneTimePassword: string | null }>
  list(): Promise<UserSummary[]>
  /**
   * Disables a user and signs them out everywhere. Refused for the last enabled admin, and for
   * `actorId` itself (nobody locks themselves out from the browser).
   */
  disable(name: string, actorId?: string): Promise<UserSummary>
  /** Enables a disabled user again. */
  enable(name: string): Promise<UserSummary>
  /** A new one-time password (the old one stops working, every session ends). */
  reset(name: string): Promise<{ user: UserSummary; oneTimePassword: string }>
  /** Changes a user's role; the last enabled admin cannot become an agent. */
  setRole(name: string, role: string): Promise<UserSummary>
  /** Sets a new password after checking the rules (sign-in with a one-time password). */
  setPassword(user: UserRecord, password: string): Promise<UserRecord>
}

/** Creates the service. */
export function createUserAccounts(deps: {
  users: UserStore
  sessions: SessionStore
  hasher: PasswordHasher
  clock: Clock
}): UserAccounts {
  async function find(name: string): Promise<UserRecord> {
    const user = await deps.users.byName(name.trim())
    if (!user) {
      const known = (await deps.users.list()).map((u) => u.name)
      throw new DeskError(
        'not-found',
        `There is no user "${name.trim().slice(0, 63)}".` +
          (known.length > 0
            ? ` Users: ${known.join(', ')} (./desk users list).`
            : ' Add one with ./desk users add NAME --role admin.'),
      )
    }
    return user
  }

  async function save(user: UserRecord, patch: Partial<UserRecord>): Promise<UserRecord> {
    const next = { ...user, ...patch, updatedAtMs: deps.clock.nowMs() }
    await deps.users.update(next)
    return next
  }

  /** Changes role / disabled atomically in the store; refused when it would leave no enabled admin. */
  async function changeAccess(user: UserRecord, change: AccessChange, what: string): Promise<UserRecord> {
    const next = await deps.users.changeAccess(user.id, change, deps.clock.nowMs())
    if (next === null)
      throw new DeskError('not-found', `There is no user "${user.name}" any more (./desk users list).`)
    if (next === 'last-admin')
      throw new DeskError(
        'conflict',
        `${user.name} is the last enabled admin: ${what} would leave nobody who can manage users and settings. Make another user an admin first.`,
      )
    return next
  }

  return {
    async add(rawName, rawRole, password) {
      const name = checkUserName(rawName)
      const role = checkRole(rawRole)
      if (password !== undefined) {
        const problem = passwordProblem(password, name)
        if (problem)
          throw new DeskError(
            'invalid-input',
            `${problem} Or leave out --password-stdin to get a one-time password.`,
          )
      }
      const secret = password ?? oneTimePassword()
      const now = deps.clock.nowMs()
      const user: UserRecord = {
        id: randomUUID(),
        name,
        role,
        passwordHash: await deps.hasher.hash(secret),
        mustChangePassword: password === undefined,
        disabled: false,
        createdAtMs: now,
        updatedAtMs: now,
      }
      if (!(await deps.users.insert(user)))
        throw new DeskError(
          'conflict',
          `A user named "${name}" exists already (names ignore case). Pick another name, or ./desk users reset ${name} for a new password.`,
        )
      return { user: summary(user), oneTimePassword: password === undefined ? secret : null }
    },
    async list() {
      return (await deps.users.list()).map(summary)
    },
    async disable(name, actorId) {
      const found = await find(name)
      if (found.id === actorId)
        throw new DeskError(
          'invalid-input',
          'You cannot disable yourself: ask another admin (or use ./desk users disable on the desk machine).',
        )
      const user = await changeAccess(found, { disabled: true }, 'disabling them')
      await deps.sessions.removeForUser(user.id)
      return summary(user)
    },
    async enable(name) {
      return summary(await changeAccess(await find(name), { disabled: false }, 'enabling them'))
    },
    async setRole(name, rawRole) {
      const role = checkRole(rawRole)
      const found = await find(name)
      if (found.role === role) return summary(found)
      return summary(await changeAccess(found, { role }, 'making them an agent'))
    },
    async reset(name) {
      const secret = oneTimePassword()
      const user = await save(await find(name), {
        passwordHash: await deps.hasher.hash(secret),
        mustChangePassword: true,
      })
      await deps.sessions.removeForUser(user.id)
      return { user: summary(user), oneTimePassword: secret }
    },
    async setPassword(user, password) {
      const problem = passwordProblem(password, user.name)
      if (problem) throw new DeskError('invalid-input', problem)
      if (await deps.hasher.verify(user.passwordHash, password))
        throw new DeskError(
          'invalid-input',
          'Choose a new password, not the one-time password you were given.',
        )
      return save(user, { passwordHash: await deps.hasher.hash(password), mustChangePassword: false })
    },
  }
}
