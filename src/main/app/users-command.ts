/**
 * `./desk users add|list|disable|enable|reset|role`: user management of a team desk, against the same
 * data folder and database as `./desk serve` (the environment in its settings). It works while the
 * desk runs (SQLite in WAL mode and PostgreSQL both take a second writer; the desk reads users
 * per request), and it never needs the desk's owner lock.
 */
import { join } from 'node:path'
import type { AuditAction } from '../../shared/audit-actions'
import { DeskError } from '../core/errors/desk-error'
import { systemClock } from '../core/clock'
import type { Clock } from '../core/ports'
import {
  createUserAccounts,
  MIN_PASSWORD_LENGTH,
  type PasswordHasher,
  type UserSummary,
} from '../core/team/user-accounts'
import { createArgon2Hasher } from '../adapters/passwords/argon2-password-hasher'
import { osUserName } from '../adapters/os-user-name'
import { databaseLocation, describeLocation } from '../adapters/storage/db/database-location'
import { openPostgres } from '../adapters/storage/db/open-postgres'
import { openSqlite } from '../adapters/storage/db/open-sqlite'
import { StoreDamage } from '../adapters/storage/db/store-damage'
import { createSqlTeamStores } from '../adapters/storage/stores/sql-team-stores'

/** What the command needs. */
export type UsersCommandInput = {
  args: string[]
  role: string | undefined
  passwordStdin: boolean
  dataDir: string
  databaseUrl: string | null
  environment: string
  readStdin: () => Promise<string>
  out: (text: string) => void
  hasher?: PasswordHasher
  clock?: Clock
}

/** A mistake in the command line: exit code 2 with the message. */
export class UsageError extends Error {}

const USAGE = [
  'Usage:',
  '  ./desk users add NAME --role admin|agent [--password-stdin]',
  '  ./desk users list',
  '  ./desk users disable NAME      (signs them out everywhere)',
  '  ./desk users enable NAME',
  '  ./desk users reset NAME        (a new one-time password; every session ends)',
  '  ./desk users role NAME --role admin|agent',
  'Add --data-dir / --database-url as for ./desk serve.',
].join('\n')

const line = (u: UserSummary): string =>
  `${u.name.padEnd(24)} ${u.role.padEnd(6)} ${u.disabled ? 'disabled' : u.mustChangePassword ? 'must set a password' : 'active'}`

async function openTeamStore(input: UsersCommandInput) {
  const location = databaseLocation(
    input.databaseUrl,
    join(input.dataDir, input.environment),
    input.environment,
  )
  try {
    const opened =
      location.kind === 'sqlite'
        ? await openSqlite(location.file)
        : await openPostgres(location.url, location.schema, { maxConnections: 2 })
    return {
      stores: createSqlTeamStores(opened.db),
      close: () => opened.db.destroy(),
      where: describeLocation(location),
    }
  } catch (err) {
    if (err instanceof StoreDamage)
      throw new DeskError(
        'invalid-input',
        `The desk's database ${describeLocation(location)} cannot be opened (${err.message}). Start the desk once (./desk serve): it recovers a damaged database; then run this again.`,
      )
    throw err
  }
}

/** Runs the command; throws UsageError or DeskError with what to do. */
export async function runUsersCommand(input: UsersCommandInput): Promise<void> {
  const [verb, name, ...extra] = input.args
  if (!verb || !['add', 'list', 'disable', 'enable', 'reset', 'role'].includes(verb))
    throw new UsageError(USAGE)
  if (verb !== 'list' && !name) throw new UsageError(`Name the user: ./desk users ${verb} NAME\n\n${USAGE}`)
  if (extra.length > 0)
    throw new UsageError(`Unexpected "${extra.join(' ')}": put a name with spaces in quotes.\n\n${USAGE}`)
  if ((verb === 'add' || verb === 'role') && !input.role)
    throw new UsageError(`Give the role: ./desk users ${verb} NAME --role admin (or --role agent).`)
  let password: string | undefined
  if (input.passwordStdin) {
    if (verb !== 'add') throw new UsageError('--password-stdin goes with ./desk users add only.')
    password = (await input.readStdin()).replace(/\r?\n$/, '')
    if (password === '')
      throw new UsageError(
        `No password on standard input: pipe one in (at least ${MIN_PASSWORD_LENGTH} characters), or leave out --password-stdin for a one-time password.`,
      )
  }
  const store = await openTeamStore(input)
  try {
    const accounts = createUserAccounts({
      users: store.stores.users,
      sessions: store.stores.sessions,
      hasher: input.hasher ?? createArgon2Hasher(),
      clock: input.clock ?? systemClock,
    })
    const audit = (action: AuditAction, who: string, detail: string) =>
      store.stores.audit.append({
        atMs: (input.clock ?? systemClock).nowMs(),
        actorId: 'cli',
        actorName: `${osUserName()} (command line)`,
        action,
        entityId: null,
        entityName: null,
        outcome: 'ok',
        detail: `${who}: ${detail}`,
      })
    if (verb === 'list') {
      const users = await accounts.list()
      input.out(
        users.length === 0
          ? `No users in ${store.where}: the desk is a solo desk (sign-in links). Add the first admin: ./desk users add NAME --role admin\n`
          : `${'NAME'.padEnd(24)} ${'ROLE'.padEnd(6)} STATE\n${users.map(line).join('\n')}\n`,
      )
    } else if (verb === 'add') {
      const { user, oneTimePassword } = await accounts.add(name!, input.role!, password)
      await audit('user.add', user.name, `added as ${user.role}`)
      input.out(
        oneTimePassword
          ? `Added ${user.name} (${user.role}).\nOne-time password: ${oneTimePassword}\nGive it to ${user.name} in person or by a private channel; they choose their own password at their first sign-in.\n`
          : `Added ${user.name} (${user.role}) with the password from standard input.\n`,
      )
    } else if (verb === 'disable') {
      const user = await accounts.disable(name!)
      await audit('user.disable', user.name, 'disabled, signed out')
      input.out(
        `Disabled ${user.name}: signed out everywhere, their access tokens stop working. ./desk users enable ${user.name} undoes it.\n`,
      )
    } else if (verb === 'role') {
      const user = await accounts.setRole(name!, input.role!)
      await audit('user.set-role', user.name, `now ${user.role}`)
      input.out(`${user.name} is now ${user.role === 'admin' ? 'an admin' : 'an agent'}.\n`)
    } else if (verb === 'enable') {
      const user = await accounts.enable(name!)
      await audit('user.enable', user.name, 'enabled')
      input.out(`Enabled ${user.name}.\n`)
    } else {
      const { user, oneTimePassword } = await accounts.reset(name!)
      await audit('user.reset', user.name, 'new one-time password, signed out')
      input.out(
        `Reset ${user.name}: every session ended.\nOne-time password: ${oneTimePassword}\nThey choose their own password at their next sign-in.\n`,
      )
    }
  } finally {
    await store.close()
  }
}
