/**
 * THE list of actions the audit trail records, with the words the UI shows for each. The server
 * may record only these (`AuditAction` is the type of every record call), and the Audit screen's
 * filter offers exactly these, so the two cannot drift apart. Records written before an action
 * was renamed keep their old name in the store and show it as it is.
 */

/** Every audited action and its label. */
export const AUDIT_ACTIONS = {
  'sign-in': 'Signed in',
  'sign-out': 'Signed out',
  'user.password-changed': 'Chose a new password',
  'token.paste': 'Pasted a request token',
  'token.exchange': 'Exchanged a request token',
  'token.discard': 'Discarded a request token',
  'entity.create': 'Added an entity',
  'entity.update': 'Edited an entity',
  'entity.archive': 'Archived or restored an entity',
  'entity.import-csv': 'Imported entities from CSV',
  'entity.mark-step': 'Marked a set-up step',
  'entity.polling': 'Switched polling on or off',
  'entity.ack-login-changes': 'Acknowledged login changes',
  'sync.start': 'Started a sync',
  'sync.traveller': 'Synced one traveller',
  'sync.cancel': 'Cancelled a sync',
  'log.export': 'Exported the sync log',
  'settings.change': 'Changed settings',
  'secret.set': 'Set a secret',
  'updates.install': 'Installed an update',
  'audit.export': 'Exported the audit trail',
  'audit.prune': 'Removed old audit records',
  'access-token.create': 'Created an access token',
  'access-token.revoke': 'Revoked an access token',
  'user.add': 'Added a user',
  'user.disable': 'Disabled a user',
  'user.enable': 'Enabled a user',
  'user.reset': 'Reset a password',
  'user.set-role': 'Changed a role',
  'access.denied': 'Refused a call the role may not make',
} as const satisfies Record<string, string>

/** An action the audit trail records. */
export type AuditAction = keyof typeof AUDIT_ACTIONS

/** The actions in display order, for filters. */
export const AUDIT_ACTION_IDS = Object.keys(AUDIT_ACTIONS) as AuditAction[]

/** True when `action` is one of the audited actions. */
export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action)
}

/** The label of an action; an unknown (older) name is shown as it is. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : action
}
