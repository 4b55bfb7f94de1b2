/**
 * What every migration gets: the Kysely instance of the migration's transaction and the dialect,
 * so one migration file writes the same schema for SQLite and PostgreSQL (only column types and
 * the text-search index differ).
 */
import type { Kysely } from 'kysely'

/** The two backends. */
export type DeskDialect = 'sqlite' | 'postgres'

/** One numbered migration; `name` sorts in order ("0001-initial"). */
export type DeskMigration = {
  name: string
  up(db: Kysely<unknown>, dialect: DeskDialect): Promise<void>
}

/** Column type of epoch milliseconds and other 64-bit counts. */
export const bigintType = (dialect: DeskDialect): 'integer' | 'bigint' =>
  dialect === 'postgres' ? 'bigint' : 'integer'
