/**
 * Every migration of the desk's schema, in order. Add a new one at the end with the next number;
 * never change one that shipped (a desk that ran it will not run it again).
 */
import { initialMigration } from './0001-initial'
import { syncLogSearchMigration } from './0002-sync-log-search'
import { syncRunsMigration } from './0003-sync-runs'
import { runOutcomesMigration } from './0004-run-outcomes'
import { travellerAppliedModifiedMigration } from './0005-traveller-applied-modified'
import { teamMigration } from './0010-team'
import { syncLogEntityOutcomeMigration } from './0011-sync-log-entity-outcome'
import { teamInstancesMigration } from './0020-team-instances'
import { travellerChangeNotesMigration } from './0021-traveller-change-notes'
import type { DeskMigration } from './migration-kit'

/** The migrations, oldest first. */
export const DESK_MIGRATIONS: readonly DeskMigration[] = [
  initialMigration,
  syncLogSearchMigration,
  syncRunsMigration,
  runOutcomesMigration,
  travellerAppliedModifiedMigration,
  teamMigration,
  syncLogEntityOutcomeMigration,
  teamInstancesMigration,
  travellerChangeNotesMigration,
]

/** The schema version a fully migrated store has (the number of migrations). */
export const LATEST_SCHEMA_VERSION = DESK_MIGRATIONS.length
