/**
 * Which role each request channel needs: one table, enforced by the desk's dispatch on every call
 * from every transport (a 403 Problem otherwise) and read by the renderer to hide what a role
 * cannot do. Agents paste, exchange, discard, sync and edit entities; only admins change settings,
 * secrets, users and updates. The desktop app's link to a team desk (`team:*`) is `app`: the
 * Electron app answers those itself, and a desk refuses them to every caller but the app's own
 * window (a remote caller must never connect, re-pin or disconnect a desk). The type makes the
 * table complete: a new channel without an entry does not compile. `./desk users …` and
 * `./desk secrets …` are no channels: they are admin work on the server machine itself, by whoever
 * may read its data folder (and, for secrets, its key).
 */
import type { RequestChannel } from './channels'
import type { UserRole } from './team-model'

/** Who may call a channel: a role (`agent`: any signed-in user), or `app`: the desktop app only. */
export type ChannelAccess = UserRole | 'app'

/** What each channel needs. */
export const CHANNEL_ROLES = {
  'app:info': 'agent',
  'entities:list': 'agent',
  'entities:get': 'agent',
  'entities:create': 'agent',
  'entities:update': 'agent',
  'entities:archive': 'agent',
  'entities:import-csv': 'agent',
  'entities:mark-step': 'agent',
  'entities:compose-case': 'agent',
  'entities:set-polling': 'agent',
  'entities:ack-login-changes': 'agent',
  'tokens:preview': 'agent',
  'tokens:submit': 'agent',
  'tokens:list': 'agent',
  'tokens:exchange': 'agent',
  'tokens:discard': 'agent',
  'travellers:list': 'agent',
  'travellers:detail': 'agent',
  'sync:run-entity': 'agent',
  'sync:run-traveller': 'agent',
  'sync:cancel': 'agent',
  'sync:runs': 'agent',
  'sync:run-history': 'agent',
  'sync:poll-stats': 'agent',
  'log:query': 'agent',
  'log:export-csv': 'agent',
  // Agents see the settings (endpoints, schedule) to understand the desk; never the secrets.
  'settings:get': 'agent',
  'settings:update': 'admin',
  'settings:set-secret': 'admin',
  'settings:test-connection': 'admin',
  // The Sandbox is practice with simulators: everyone may rehearse in it.
  'sandbox:issue-token': 'agent',
  'sandbox:new-customer-reply': 'agent',
  'sandbox:status': 'agent',
  'sandbox:set-switch': 'agent',
  'sandbox:reset': 'agent',
  'updates:status': 'agent',
  'updates:check': 'admin',
  'updates:install': 'admin',
  'session:me': 'agent',
  'audit:query': 'agent',
  'audit:export-csv': 'agent',
  'account:tokens': 'agent',
  'account:create-token': 'agent',
  'account:revoke-token': 'agent',
  'presence:list': 'agent',
  // The app's own link to a team desk: answered in the Electron main process, never relayed.
  'team:status': 'app',
  'team:connect': 'app',
  'team:confirm-certificate': 'app',
  'team:disconnect': 'app',
  // User management in the browser: admins only, like ./desk users on the desk machine.
  'users:list': 'admin',
  'users:add': 'admin',
  'users:disable': 'admin',
  'users:enable': 'admin',
  'users:reset': 'admin',
  'users:set-role': 'admin',
} as const satisfies Record<RequestChannel, ChannelAccess>

/** True when `role` may call `channel` on a desk (never an `app` channel: see isAppChannel). */
export function roleMayCall(role: UserRole, channel: RequestChannel): boolean {
  const access: ChannelAccess = CHANNEL_ROLES[channel]
  return access === 'agent' || (access === 'admin' && role === 'admin')
}

/** True for the channels the desktop app answers itself (its link to a team desk). */
export function isAppChannel(channel: RequestChannel): boolean {
  return CHANNEL_ROLES[channel] === 'app'
}
