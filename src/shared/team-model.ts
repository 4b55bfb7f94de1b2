/**
 * Plain data of the team desk shared by main and renderer: roles, who is signed in, the audit
 * trail, personal access tokens and presence.
 */

/** The two roles: agents work the cases, admins also change settings, secrets and users. */
export const USER_ROLES = ['admin', 'agent'] as const
/** A user's role. */
export type UserRole = (typeof USER_ROLES)[number]

/** `session:me`: who this UI acts as, and what the desk is. */
export type SessionMe = {
  id: string
  name: string
  role: UserRole
  /** How this principal signed in (`local`: the Electron app's own user). */
  via: 'launch-link' | 'password' | 'access-token' | 'local'
  /** `team`: the desk has named users; `solo`: one person, no sign-in names. */
  mode: 'solo' | 'team'
}

/** How an audited action ended. `denied`: the role may not do it. */
export type AuditOutcome = 'ok' | 'failed' | 'denied'

/** Filters of the audit trail (all optional) and paging. */
export type AuditQuery = {
  /** The actor's user name (exact, any case). */
  actor?: string
  /** An action such as `token.exchange`. */
  action?: string
  entityId?: string
  fromMs?: number
  toMs?: number
  /** Records older than this sequence number (the next page). */
  beforeSeq?: number
}

/** One audit record as the UI shows it. */
export type AuditRecordView = {
  seq: number
  atMs: number
  actor: string
  action: string
  entityId: string | null
  entityName: string | null
  outcome: AuditOutcome
  /** What happened in words; never a secret. */
  detail: string
}

/** One page of the audit trail, newest first. */
export type AuditPage = {
  records: AuditRecordView[]
  /** How many records match the filters. */
  total: number
  /** Pass as `beforeSeq` for the next page; null at the end. */
  nextBeforeSeq: number | null
}

/** A personal access token's metadata (the token itself is shown once, when created). */
export type AccessTokenView = {
  id: string
  name: string
  /** e.g. `fcd_3f…9c` */
  preview: string
  createdAtMs: number
  lastUsedAtMs: number | null
}

/** What someone is doing right now, e.g. exchanging the token of an entity. */
export type PresenceActivity = {
  /** In words: "exchanging the token". */
  what: string
  entityId: string | null
  entityName: string | null
  sinceMs: number
}

/** One signed-in person. */
export type PresenceUser = {
  name: string
  role: UserRole
  lastSeenMs: number
  activities: PresenceActivity[]
}

/** Who is signed in and what they are doing. */
export type PresenceView = { users: PresenceUser[] }
