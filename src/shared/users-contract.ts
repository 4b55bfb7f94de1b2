/**
 * User management in the browser (admins only, shared/channel-roles.ts): the users:* channels'
 * input schemas, outputs and the row the Settings → Users screen shows. The rules themselves
 * (names, the last enabled admin, nobody disables themselves) live in core/team/user-accounts.ts,
 * shared with `./desk users`.
 */
import { z } from 'zod'
import { safeText, strictObject } from './input-rules'
import { USER_ROLES, type UserRole } from './team-model'

/** One user as the Users screen lists it (never a password or hash). */
export type UserView = {
  id: string
  name: string
  role: UserRole
  disabled: boolean
  /** The one-time password from add or reset has not been replaced yet. */
  mustChangePassword: boolean
  createdAtMs: number
  /** The latest successful sign-in the audit trail still holds; null: none (or older than its retention). */
  lastSignInAtMs: number | null
  /** Has a session with a request in the last minutes (as presence counts). */
  signedInNow: boolean
}

/** An answer that carries a one-time password: shown once, kept nowhere (the desk stores its hash). */
export type OneTimePasswordAnswer = { user: UserView; oneTimePassword: string }

const userName = safeText('The user name', {
  min: 1,
  max: 63,
  requiredMessage: 'Enter a user name, e.g. anna or anna.meier',
})
const role = z.enum(USER_ROLES, { error: 'Choose a role: admin or agent.' })

/** Input schemas of the users:* channels. */
export const usersRequestSchemas = {
  'users:list': strictObject({}),
  'users:add': strictObject({ name: userName, role }),
  'users:disable': strictObject({ name: userName }),
  'users:enable': strictObject({ name: userName }),
  'users:reset': strictObject({ name: userName }),
  'users:set-role': strictObject({ name: userName, role }),
}

/** Outputs of the users:* channels: a change answers the whole list, as it now stands. */
export type UsersRequestOutputs = {
  'users:list': UserView[]
  'users:add': OneTimePasswordAnswer
  'users:disable': UserView[]
  'users:enable': UserView[]
  'users:reset': OneTimePasswordAnswer
  'users:set-role': UserView[]
}
