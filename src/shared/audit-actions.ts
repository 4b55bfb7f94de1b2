/**
 * THE list of actions the audit trail records, with the words the UI shows for each. The server
 * may record only these (`AuditAction` is the type of every record call), and the Audit screen's
 * filter offers exactly these, so the two cannot drift apart. Records written before an action
 * was renamed keep their old name in the store and show it as it is.
 */

/** Every audited action and its label, phrased to read on its own and in "token pasted by Anna". */
export const AUDIT_ACTIONS = {
  'sign-in': 'Signed in',
  'sign-out': 'Signed out',
  'user.password-changed': 'Own password chosen',
  'token.paste': 'Token pasted',
  'token.exchange': 'Token exchanged',
  'token.discard': 'Token discarded',
  'entity.create': 'Entity created',
  'entity.update': 'Entity edited',
  'entity.archive': 'Archived or restored',
  'entity.import-csv': 'Entities imported from CSV',
  'entity.mark-step': 'Onboarding step marked',
  'entity.polling': 'Polling switched',
  'entity.ack-login-changes': 'Login changes acknowledged',
  'sync.start': 'Sync started',
  'sync.traveller': 'Traveller synced',
  'sync.cancel': 'Sync cancelled',
  'log.export': 'Sync log exported',
  'settings.change': 'Settings changed',
  'secret.set': 'Secret set',
  'updates.install': 'Update installed',
  'audit.export': 'Audit trail exported',
  'audit.prune': 'Old audit records removed',
  'access-token.create': 'Access token created',
  'access-token.revoke': 'Access token revoked',
  'user.add': 'User added',
  'user.disable': 'User disabled',
  'user.enable': 'User enabled',
  'user.reset': 'Password reset',
  'user.set-role': 'Role changed',
  'access.denied': 'Call refused (role)',
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
