/**
 * The CredentialLock port across processes (issue 13 C): the in-process queue first (one waiter
 * per entity per instance), then a transaction-level advisory lock keyed by the store's schema and
 * the entity, held on a connection of a small pool of its own while the refresh runs. PostgreSQL
 * drops it when the transaction or connection ends (a killed instance included), so it never goes
 * stale. The credential owner re-reads the stored refresh token under the lock, so the second
 * instance refreshes with the token the first one just rotated in.
 */
import pg from 'pg'
import { createInProcessCredentialLock, type CredentialLock } from '../../../core/tokens/credential-lock'

/** A lock over its own pool (`max` refreshes of this instance hold a lock at once). */
export function createPostgresCredentialLock(deps: {
  url: string
  schema: string
  max?: number
}): CredentialLock & { close(): Promise<void> } {
  const pool = new pg.Pool({
    connectionString: deps.url,
    max: deps.max ?? 4,
    connectionTimeoutMillis: 10_000,
  })
  // An idle client that drops must not crash the process; the next withLock connects again.
  pool.on('error', () => {})
  const local = createInProcessCredentialLock()
  return {
    withLock(entityId, fn) {
      return local.withLock(entityId, async () => {
        const client = await pool.connect()
        let healthy = false
        try {
          await client.query('BEGIN')
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
            `faces-concur-desk:${deps.schema}:credential:${entityId}`,
          ])
          try {
            return await fn()
          } finally {
            await client.query('COMMIT').then(
              () => (healthy = true),
              () => {},
            )
          }
        } finally {
          // A connection whose transaction did not end cleanly is closed, never reused.
          client.release(!healthy)
        }
      })
    },
    close: () => pool.end(),
  }
}
