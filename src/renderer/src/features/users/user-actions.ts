/**
 * What an admin can do to one user on the Users screen, and the confirmation each asks for. The
 * desk enforces the rules (last enabled admin, nobody disables themselves); this only offers the
 * actions that can work and explains the others.
 */
import type { UserView } from '../../../../shared/users-contract'

/** One action on a user. */
export type UserAction = {
  id: 'disable' | 'enable' | 'reset' | 'make-admin' | 'make-agent'
  label: string
  /** The confirmation's question and what happens. */
  confirmTitle: string
  confirmText: string
  /** Why it cannot be done now, or null. */
  blockedBecause: string | null
}

/** The actions on `user` for the admin `meId`, given the whole list. */
export function userActions(user: UserView, meId: string | null, users: UserView[]): UserAction[] {
  const enabledAdmins = users.filter((u) => u.role === 'admin' && !u.disabled).length
  const lastAdmin = user.role === 'admin' && !user.disabled && enabledAdmins <= 1
  const isMe = user.id === meId
  const lastAdminText = `${user.name} is the last enabled admin: make another user an admin first.`
  const actions: UserAction[] = []
  if (user.disabled)
    actions.push({
      id: 'enable',
      label: 'Enable',
      confirmTitle: `Enable ${user.name}?`,
      confirmText: `${user.name} can sign in again with their password.`,
      blockedBecause: null,
    })
  else
    actions.push({
      id: 'disable',
      label: 'Disable',
      confirmTitle: `Disable ${user.name}?`,
      confirmText: `${user.name} is signed out everywhere at once (open pages show "signed out") and their access tokens stop working. Enable undoes it.`,
      blockedBecause: isMe
        ? 'You cannot disable yourself: ask another admin.'
        : lastAdmin
          ? lastAdminText
          : null,
    })
  actions.push({
    id: 'reset',
    label: 'Reset password',
    confirmTitle: `Reset ${user.name}'s password?`,
    confirmText: `${user.name} gets a new one-time password (shown once, here) and every session of theirs ends; they choose their own password at the next sign-in.`,
    blockedBecause: null,
  })
  if (user.role === 'agent')
    actions.push({
      id: 'make-admin',
      label: 'Make admin',
      confirmTitle: `Make ${user.name} an admin?`,
      confirmText: `${user.name} can then change settings, secrets and users.`,
      blockedBecause: null,
    })
  else
    actions.push({
      id: 'make-agent',
      label: 'Make agent',
      confirmTitle: `Make ${user.name} an agent?`,
      confirmText: `${user.name} keeps pasting, exchanging and syncing, but can no longer change settings, secrets or users.`,
      blockedBecause: lastAdmin ? lastAdminText : null,
    })
  return actions
}

/** The state column's words. */
export function userState(user: UserView): string {
  if (user.disabled) return 'disabled'
  if (user.mustChangePassword) return 'must set a password'
  return 'active'
}
