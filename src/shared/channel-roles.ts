/**
 * Which role each request channel needs: one table, enforced by the desk's dispatch on every call
 * from every transport (a 403 Problem otherwise) and read by the renderer to hide what a role
 * cannot do. Agents paste, exchange, discard, sync and edit entities; only admins change settings,
 * secrets, users and updates. A test checks that every channel has an entry.
 */
import type { RequestChannel } from './channels'
import type { UserRole } from './team-model'

/** The role a channel needs: `agent` means any signed-in user. */
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
} as const satisfies Record<RequestChannel, UserRole>

/** True when `role` may call `channel`. */
export function roleMayCall(role: UserRole, channel: RequestChannel): boolean {
  return CHANNEL_ROLES[channel] === 'agent' || role === 'admin'
}
