/**
 * Who is acting: the principal behind a request (a named user, a personal access token, the solo
 * desk's launch-link session, or the local user of the Electron app). Every transport hands one
 * to the dispatch; the role table (shared/channel-roles.ts) and the audit trail read it.
 */
import type { UserRole } from '../../../shared/team-model'

/** How a principal proved who it is. */
export type PrincipalVia = 'launch-link' | 'password' | 'access-token' | 'local'

/** Who made a request. */
export type Principal = {
  /** Stable id: a user id for named users, `solo` for the solo desk's launch-link session, `local` under Electron. */
  readonly id: string
  readonly displayName: string
  readonly role: UserRole
  readonly via: PrincipalVia
  /** The signed-in session's id hash (password sign-ins only): sign-out deletes it. */
  readonly sessionKey?: string
  /** The personal access token's id (access-token principals only): revoking it ends its streams. */
  readonly tokenId?: string
}

/** The solo desk's one person (no named users): the whole desk is theirs. */
export function soloPrincipal(displayName: string, via: PrincipalVia): Principal {
  return { id: via === 'local' ? 'local' : 'solo', displayName, role: 'admin', via }
}
