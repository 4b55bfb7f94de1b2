/** Every team store over one database (TeamStores). */
import type { Kysely } from 'kysely'
import type { TeamStores } from '../../../core/team/team-stores'
import type { DeskSchema } from '../db/desk-schema'
import { createSqlAuditStore } from './sql-audit-store'
import {
  createSqlAccessTokenStore,
  createSqlSessionStore,
  createSqlSignInFailureStore,
  createSqlUserStore,
} from './sql-team-users'

/** The team stores of `db`. */
export function createSqlTeamStores(db: Kysely<DeskSchema>): TeamStores {
  return {
    users: createSqlUserStore(db),
    sessions: createSqlSessionStore(db),
    accessTokens: createSqlAccessTokenStore(db),
    signInFailures: createSqlSignInFailureStore(db),
    audit: createSqlAuditStore(db),
  }
}
