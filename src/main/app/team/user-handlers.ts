/**
 * The users:* channels (Settings → Users, admins only by the role table): the same core as
 * `./desk users` (core/team/user-accounts.ts), plus what a screen needs besides the CLI's list:
 * the last sign-in (from the audit trail) and who is signed in now. A disable or reset ends the
 * user's credentials in this process at once (their event streams close), and presence is pushed.
 */
import type { UserView } from '../../../shared/users-contract'
import { DeskError } from '../../core/errors/desk-error'
import type { Clock } from '../../core/ports'
import { PRESENCE_RECENT_MS, type Presence } from '../../core/team/presence'
import type { EndedCredential } from '../../core/team/team-auth-port'
import type { TeamStores } from '../../core/team/team-stores'
import type { UserAccounts, UserSummary } from '../../core/team/user-accounts'
import type { Handlers } from '../dispatcher'

/** The users:* handlers. */
export type UserHandlers = Pick<
  Handlers,
  'users:list' | 'users:add' | 'users:disable' | 'users:enable' | 'users:reset' | 'users:set-role'
>

/** What the handlers need of the team desk. */
export type UserHandlerDeps = {
  ready: () => Promise<{ stores: TeamStores; accounts: UserAccounts }>
  presence: Presence
  /** Tells the HTTP layer a credential ended (their streams close). */
  ended: (ended: EndedCredential) => void
  clock: Clock
}

/** Creates the handlers. */
export function createUserHandlers(deps: UserHandlerDeps): UserHandlers {
  async function views(): Promise<UserView[]> {
    const { stores, accounts } = await deps.ready()
    const now = deps.clock.nowMs()
    const [users, lastSignIns, sessions] = await Promise.all([
      accounts.list(),
      stores.audit.lastSignIns(),
      stores.sessions.active(now, now - PRESENCE_RECENT_MS),
    ])
    const online = new Set(sessions.map((s) => s.userId))
    return users.map((u) => toView(u, lastSignIns.get(u.id) ?? null, !u.disabled && online.has(u.id)))
  }
  /** The view of one user: their own last sign-in and sessions only. */
  async function viewOf(user: UserSummary): Promise<UserView> {
    const { stores } = await deps.ready()
    const now = deps.clock.nowMs()
    const [lastSignIns, sessions] = await Promise.all([
      stores.audit.lastSignIns(user.id),
      stores.sessions.active(now, now - PRESENCE_RECENT_MS, user.id),
    ])
    return toView(user, lastSignIns.get(user.id) ?? null, !user.disabled && sessions.length > 0)
  }
  const signedOut = (user: UserSummary): void => {
    deps.ended({ kind: 'user', userId: user.id })
    deps.presence.changed()
  }

  return {
    'users:list': views,
    'users:add': async (input) => {
      const { stores, accounts } = await deps.ready()
      // The first user turns a solo desk into a team desk and ends its sign-in links: that happens
      // on the desk machine, with an admin, never as a side effect of a browser page.
      if ((await stores.users.count()) === 0)
        throw new DeskError(
          'invalid-input',
          'This desk has no named users yet: add the first admin on the desk machine with ./desk users add NAME --role admin, then sign in as them to add the others here.',
        )
      const { user, oneTimePassword } = await accounts.add(input.name, input.role)
      // add() without a password always makes one; null is the CLI's --password-stdin path.
      if (oneTimePassword === null) throw new DeskError('bug', 'No one-time password was made.')
      return { user: await viewOf(user), oneTimePassword }
    },
    'users:disable': async (input, ctx) => {
      const { accounts } = await deps.ready()
      signedOut(await accounts.disable(input.name, ctx.principal.id))
      return views()
    },
    'users:enable': async (input) => {
      await (await deps.ready()).accounts.enable(input.name)
      return views()
    },
    'users:reset': async (input) => {
      const { user, oneTimePassword } = await (await deps.ready()).accounts.reset(input.name)
      signedOut(user)
      return { user: await viewOf(user), oneTimePassword }
    },
    'users:set-role': async (input) => {
      const user = await (await deps.ready()).accounts.setRole(input.name, input.role)
      // Their sessions stay; closing their streams makes their pages reconnect and reload who they are.
      deps.ended({ kind: 'user', userId: user.id })
      return views()
    },
  }
}

function toView(u: UserSummary, lastSignInAtMs: number | null, signedInNow: boolean): UserView {
  return { ...u, lastSignInAtMs, signedInNow }
}
