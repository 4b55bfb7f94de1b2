/**
 * A check-then-write transaction that no other writer interleaves with, in this process or
 * another one on the same database. SQLite: BEGIN IMMEDIATE (the write lock is taken before the
 * first read, so a second process waits its busy timeout and then reads the committed state; a
 * deferred transaction would read a stale snapshot and fail with SQLITE_BUSY on its first write).
 * PostgreSQL: a transaction holding a transaction-scoped advisory lock named by `lockName`, taken
 * before the first read (READ COMMITTED: every later statement sees what the previous holder
 * committed). Every writer of the guarded rows must go through here with the same name.
 */
import { SqliteAdapter, sql, type Kysely } from 'kysely'

/** Runs `fn` in a transaction exclusive among callers of `lockName` (the whole file on SQLite). */
export async function exclusiveTransaction<DB, T>(
  db: Kysely<DB>,
  lockName: string,
  fn: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter))
    return db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`desk-exclusive:${lockName}`}))`.execute(trx)
      return fn(trx)
    })
  // Kysely's SQLite transactions BEGIN deferred; one connection of its own runs the immediate one.
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn)
    try {
      const result = await fn(conn)
      await sql`COMMIT`.execute(conn)
      return result
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => {})
      throw err
    }
  })
}
