/**
 * Version 0010 (team desk): named users, their sign-in sessions and personal access tokens, the
 * failed sign-in counters and the audit trail. Passwords, session ids and tokens are stored only
 * as hashes (argon2id for passwords, SHA-256 for the high-entropy ids and tokens).
 */
import type { Kysely } from 'kysely'
import { bigintType, type DeskDialect, type DeskMigration } from './migration-kit'

async function up(db: Kysely<unknown>, dialect: DeskDialect): Promise<void> {
  const ms = bigintType(dialect)
  const s = db.schema
  await s
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', ms, (c) => c.notNull())
    .addColumn('updated_at_ms', ms, (c) => c.notNull())
    .execute()

  await s
    .createTable('user_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', ms, (c) => c.notNull())
    .addColumn('last_seen_at_ms', ms, (c) => c.notNull())
    .addColumn('expires_at_ms', ms, (c) => c.notNull())
    .addColumn('client', 'text', (c) => c.notNull())
    .execute()
  await s.createIndex('user_sessions_user').on('user_sessions').column('user_id').execute()

  await s
    .createTable('access_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', ms, (c) => c.notNull())
    .addColumn('last_used_at_ms', ms)
    .addColumn('revoked_at_ms', ms)
    .execute()
  await s.createIndex('access_tokens_user').on('access_tokens').column('user_id').execute()

  await s
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start_ms', ms, (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .execute()

  await s
    .createTable('audit_log')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at_ms', ms, (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('entity_name', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute()
  await s.createIndex('audit_log_at').on('audit_log').column('at_ms').execute()
  await s.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'at_ms']).execute()
  await s.createIndex('audit_log_entity').on('audit_log').columns(['entity_id', 'at_ms']).execute()
}

/** Migration 0010. */
export const teamMigration: DeskMigration = { name: '0010-team', up }
