/**
 * Which calls the audit trail records, under which action name (shared/audit-actions.ts), what the presence shows while
 * they run, and the detail they keep. Reads are not recorded. Details name what changed, never a
 * value that could be a secret (a secret's name only; settings by field name).
 */
import type { AuditAction } from '../../../shared/audit-actions'
import type { RequestChannel } from '../../../shared/channels'

/** How one channel is audited. */
export type AuditedCall = {
  /** One of shared/audit-actions.ts (the list the Audit screen filters by). */
  action: AuditAction
  /** Shown in presence while the call runs, e.g. "exchanging the token". */
  activity?: string
  /** The detail kept from the validated input (never a secret value). */
  detail?: (input: Record<string, unknown>) => string
}

const keys = (input: Record<string, unknown>): string =>
  `changed ${Object.keys(input).join(', ') || 'nothing'}`

/** The audited channels. */
export const AUDITED_CALLS: Partial<Record<RequestChannel, AuditedCall>> = {
  'entities:create': { action: 'entity.create' },
  'entities:update': { action: 'entity.update', activity: 'editing the entity' },
  'entities:archive': { action: 'entity.archive', detail: (i) => (i.archived ? 'archived' : 'restored') },
  'entities:import-csv': { action: 'entity.import-csv', detail: (i) => (i.dryRun ? 'dry run' : 'import') },
  'entities:mark-step': {
    action: 'entity.mark-step',
    detail: (i) => `${String(i.step)}: ${i.done ? 'done' : 'not done'}`,
  },
  'entities:set-polling': {
    action: 'entity.polling',
    detail: (i) => (i.active ? 'polling on' : 'polling off'),
  },
  'entities:ack-login-changes': { action: 'entity.ack-login-changes' },
  'tokens:submit': { action: 'token.paste', activity: 'pasting a token' },
  'tokens:exchange': { action: 'token.exchange', activity: 'exchanging the token' },
  'tokens:discard': { action: 'token.discard', activity: 'discarding a token' },
  'sync:run-entity': {
    action: 'sync.start',
    activity: 'starting a sync',
    detail: (i) => (i.full ? 'full resync' : 'sync'),
  },
  'sync:run-traveller': {
    action: 'sync.traveller',
    detail: (i) => `${String(i.direction)} for ${String(i.loginId)}`,
  },
  'sync:cancel': { action: 'sync.cancel' },
  'log:export-csv': { action: 'log.export' },
  'settings:update': { action: 'settings.change', detail: keys },
  'settings:set-secret': { action: 'secret.set', detail: (i) => `set ${String(i.name)}` },
  'updates:install': { action: 'updates.install' },
  'audit:export-csv': { action: 'audit.export' },
  'account:create-token': { action: 'access-token.create', detail: (i) => `named ${String(i.name)}` },
  'account:revoke-token': { action: 'access-token.revoke' },
  // The same action names and details as ./desk users (users-command.ts).
  'users:add': { action: 'user.add', detail: (i) => `${String(i.name).trim()}: added as ${String(i.role)}` },
  'users:disable': {
    action: 'user.disable',
    detail: (i) => `${String(i.name).trim()}: disabled, signed out`,
  },
  'users:enable': { action: 'user.enable', detail: (i) => `${String(i.name).trim()}: enabled` },
  'users:reset': {
    action: 'user.reset',
    detail: (i) => `${String(i.name).trim()}: new one-time password, signed out`,
  },
  'users:set-role': {
    action: 'user.set-role',
    detail: (i) => `${String(i.name).trim()}: now ${String(i.role)}`,
  },
}
