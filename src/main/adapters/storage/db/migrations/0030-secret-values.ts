/**
 * 0030: the encrypted secret store's one table (a headless team desk without a keychain). It lives
 * in its own store beside the desk's (secrets.sqlite / schema desk_secrets) with its own migration
 * table, so it is shared by both environments like the keychain and never touched by the Sandbox
 * reset or a damaged-store salvage. Values are AES-256-GCM ciphertext, never plain text.
 */
import type { DeskMigration } from './migration-kit'
import { bigintType } from './migration-kit'

/** Creates `secret_values` (name, key id, IV, auth tag, ciphertext; all base64 text). */
export const secretValuesMigration: DeskMigration = {
  name: '0030-secret-values',
  async up(db, dialect) {
    await db.schema
      .createTable('secret_values')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('iv', 'text', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .addColumn('ciphertext', 'text', (c) => c.notNull())
      .addColumn('updated_at_ms', bigintType(dialect), (c) => c.notNull())
      .execute()
  },
}

/**
 * 0031: `secret_vault_key`, one row naming the key every value is sealed with now. A write and a
 * rotation lock and read it in their transaction, so a write never lands under a key that a
 * rotation (of any instance on the database) already rotated away from, even in an empty store.
 */
export const secretVaultKeyMigration: DeskMigration = {
  name: '0031-secret-vault-key',
  async up(db, dialect) {
    await db.schema
      .createTable('secret_vault_key')
      .addColumn('slot', 'text', (c) => c.primaryKey())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('updated_at_ms', bigintType(dialect), (c) => c.notNull())
      .execute()
  },
}

/** The secret store's migrations, oldest first (numbers 0030–0039 are reserved for it). */
export const SECRET_MIGRATIONS: readonly DeskMigration[] = [secretValuesMigration, secretVaultKeyMigration]
