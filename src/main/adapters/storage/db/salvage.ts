/**
 * Copies what can still be read from a damaged (or newer) store into a fresh one: table by table,
 * in rowid order on SQLite, only the columns the fresh table has, stopping a table at its first
 * unreadable page. Reports per table how many rows came over and whether the table was complete.
 */
import { sql, type Kysely } from 'kysely'
import { DESK_TABLES, type DeskSchema, type DeskTable } from './desk-schema'
import type { DeskDialect } from './migrations/migration-kit'

/** What came over from one table. */
export type TableSalvage = { copied: number; complete: boolean; error: string | null }

/** What came over, per table. */
export type SalvageReport = Record<DeskTable, TableSalvage>

const PAGE = 2_000

async function columnsOf(db: Kysely<unknown>, dialect: DeskDialect, table: string): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db)
      : await sql<{
          name: string
        }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table}`.execute(
          db,
        )
  return rows.rows.map((r) => r.name)
}

async function* readSqlite(from: Kysely<unknown>, table: string): AsyncIterable<Record<string, unknown>[]> {
  let after = -Infinity
  for (;;) {
    const rows = await sql<
      Record<string, unknown>
    >`SELECT rowid AS salvage_rowid, * FROM ${sql.table(table)} WHERE rowid > ${after === -Infinity ? -9_007_199_254_740_991 : after} ORDER BY rowid LIMIT ${PAGE}`.execute(
      from,
    )
    if (rows.rows.length === 0) return
    after = Number(rows.rows.at(-1)!['salvage_rowid'])
    yield rows.rows
    if (rows.rows.length < PAGE) return
  }
}

async function* readPostgres(
  from: Kysely<unknown>,
  schema: string,
  table: string,
): AsyncIterable<Record<string, unknown>[]> {
  const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(`${schema}.${table}`)}`.execute(
    from,
  )
  for (let i = 0; i < rows.rows.length; i += PAGE) yield rows.rows.slice(i, i + PAGE)
}

/**
 * Copies every known table from `from` into the migrated `to`. `fromSchema`: on PostgreSQL, the
 * schema the damaged tables were moved to (read through `to`'s connection).
 */
export async function salvageInto(
  to: Kysely<DeskSchema>,
  dialect: DeskDialect,
  from: Kysely<unknown> | null,
  fromSchema: string | null,
): Promise<SalvageReport> {
  const report = {} as SalvageReport
  for (const table of DESK_TABLES) {
    const entry: TableSalvage = { copied: 0, complete: false, error: null }
    report[table] = entry
    const target = new Set(await columnsOf(to as Kysely<unknown>, dialect, table))
    try {
      if (!from && !fromSchema) throw new Error('nothing could be read')
      const pages =
        dialect === 'sqlite'
          ? readSqlite(from!, table)
          : readPostgres(to as Kysely<unknown>, fromSchema!, table)
      for await (const page of pages) {
        const rows = page.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => target.has(k))))
        for (let i = 0; i < rows.length; i += 500) {
          const chunk = rows.slice(i, i + 500)
          if (chunk.length === 0) continue
          await (to as Kysely<Record<string, Record<string, unknown>>>)
            .insertInto(table)
            .values(chunk)
            .onConflict((oc) => oc.doNothing())
            .execute()
          entry.copied += chunk.length
        }
      }
      entry.complete = true
    } catch (err) {
      entry.error = err instanceof Error ? err.message.split('\n')[0]! : String(err)
    }
  }
  // A copied audit trail keeps its numbers: PostgreSQL's sequence must continue after them.
  if (dialect === 'postgres')
    await sql`SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), COALESCE((SELECT max(seq) FROM audit_log), 0) + 1, false)`.execute(
      to,
    )
  return report
}
