/** Version 1: entities, request tokens, credential metadata, sync state, outbox, desk state, sync log. */
import type { Kysely } from 'kysely'
import { bigintType, type DeskDialect, type DeskMigration } from './migration-kit'

async function up(db: Kysely<unknown>, dialect: DeskDialect): Promise<void> {
  const ms = bigintType(dialect)
  const s = db.schema
  await s
    .createTable('entities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('outtask_id', 'text', (c) => c.notNull())
    .addColumn('company_uuid', 'text', (c) => c.notNull())
    .addColumn('site_ids', 'text', (c) => c.notNull())
    .addColumn('vendor_site_ids', 'text', (c) => c.notNull())
    .addColumn('travel_config_ids', 'text', (c) => c.notNull())
    .addColumn('faces_company_id', 'text', (c) => c.notNull())
    .addColumn('geolocation', 'text')
    .addColumn('archived', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', ms, (c) => c.notNull())
    .addColumn('updated_at_ms', ms, (c) => c.notNull())
    .addColumn('checklist', 'text', (c) => c.notNull())
    .addColumn('polling_active', 'integer', (c) => c.notNull())
    .addColumn('login_id_changes_acked', 'integer', (c) => c.notNull())
    .execute()
  await s.createIndex('entities_outtask').on('entities').columns(['outtask_id', 'archived']).execute()

  await s
    .createTable('request_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('outtask_id', 'text', (c) => c.notNull())
    .addColumn('company_uuid', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('token_preview', 'text', (c) => c.notNull())
    .addColumn('received_at_ms', ms, (c) => c.notNull())
    .addColumn('expires_at_ms', ms, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('problem', 'text')
    .addColumn('exchanged_at_ms', ms)
    .addColumn('hand_off', 'text')
    .addColumn('discarded_at_ms', ms)
    .execute()
  await s.createIndex('request_tokens_entity').on('request_tokens').column('entity_id').execute()

  await s
    .createTable('credential_meta')
    .addColumn('entity_id', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('meta', 'text', (c) => c.notNull())
    .addColumn('updated_at_ms', ms, (c) => c.notNull())
    .execute()

  await s
    .createTable('sync_entities')
    .addColumn('entity_id', 'text', (c) => c.primaryKey())
    .addColumn('watermark_ms', ms)
    .addColumn('last_success_ms', ms)
    .addColumn('last_poll', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
    .addColumn('login_id_changes', 'integer', (c) => c.notNull())
    .execute()

  await s
    .createTable('sync_retry')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('login_key', 'text', (c) => c.notNull())
    .addColumn('login_id', 'text', (c) => c.notNull())
    .addColumn('last_modified_ms', ms, (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('since_ms', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_retry_pk', ['entity_id', 'login_key'])
    .execute()

  await s
    .createTable('sync_travellers')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('traveller_key', 'text', (c) => c.notNull())
    .addColumn('login_id', 'text', (c) => c.notNull())
    .addColumn('concur_uuid', 'text')
    .addColumn('employee_id', 'text')
    .addColumn('faces_id', 'text')
    .addColumn('faces_version', ms)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('base', 'text', (c) => c.notNull())
    .addColumn('base_hash', 'text', (c) => c.notNull())
    .addColumn('pending', 'text')
    .addColumn('pending_first_contact', 'integer', (c) => c.notNull())
    .addColumn('c2f_hash', 'text')
    .addColumn('f2c_hash', 'text')
    .addColumn('last_concur_to_faces_ms', ms)
    .addColumn('last_faces_to_concur_ms', ms)
    .addColumn('last_outcome', 'text')
    .addColumn('extra', 'text')
    .addPrimaryKeyConstraint('sync_travellers_pk', ['entity_id', 'traveller_key'])
    .execute()

  await s
    .createTable('poll_stats')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('at_ms', ms, (c) => c.notNull())
    .addColumn('synced', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .execute()
  await s.createIndex('poll_stats_entity_time').on('poll_stats').columns(['entity_id', 'at_ms']).execute()

  await s
    .createTable('outbox_items')
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('traveller_id', 'text', (c) => c.notNull())
    .addColumn('concur_login_id', 'text')
    .addColumn('seq', ms, (c) => c.notNull())
    .addColumn('first_seen_ms', ms, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_ms', ms, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('outbox_items_pk', ['company_id', 'traveller_id'])
    .execute()

  await s
    .createTable('desk_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at_ms', ms, (c) => c.notNull())
    .execute()

  // seq is the rowid on SQLite (INTEGER PRIMARY KEY), so the text index of 0002 can point at it.
  await s
    .createTable('sync_log')
    .addColumn('seq', ms, (c) => c.primaryKey())
    .addColumn('at_ms', ms, (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('entity_name', 'text')
    .addColumn('run_id', 'text')
    .addColumn('direction', 'text')
    .addColumn('traveller', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('duration_ms', ms)
    .addColumn('error', 'text')
    .addColumn('correlation_id', 'text')
    .addColumn('credential', 'text')
    .addColumn('extra', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .execute()
  // Every filter of the log screen has an index that ends in seq, so "newest first" pages read in order.
  for (const column of ['entity_id', 'run_id', 'outcome', 'kind', 'direction', 'at_ms'] as const) {
    await s.createIndex(`sync_log_${column}`).on('sync_log').columns([column, 'seq']).execute()
  }
}

/** Migration 0001. */
export const initialMigration: DeskMigration = { name: '0001-initial', up }
