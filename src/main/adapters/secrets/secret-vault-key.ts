/**
 * Which key the secret vault's values are sealed with now: one row (`secret_vault_key`), written
 * at the first open and by every rotation. A write reads it inside its exclusive transaction
 * (the lock a rotation holds), so a write that raced a rotation seals with the rotation's key,
 * and an instance that has not been given that key refuses the write instead of landing a value
 * that the desk, restarted with the new key only, could not read.
 */
import type { Kysely } from 'kysely'
import { DeskError } from '../../core/errors/desk-error'
import type { SecretKey } from './secret-key'
import type { SecretVaultSchema } from './secret-vault-db'

/** The exclusive-transaction name every write and rotation of the vault takes. */
export const VAULT_LOCK = 'secret-vault'

const SLOT = 'current'

/** The vault's current key id; records `fallback` (the stored values' key, or the given one) when none is yet. */
export async function currentVaultKeyId(
  db: Kysely<SecretVaultSchema>,
  fallback: string,
  nowMs: number,
): Promise<string> {
  await db
    .insertInto('secret_vault_key')
    .values({ slot: SLOT, key_id: fallback, updated_at_ms: nowMs })
    .onConflict((oc) => oc.column('slot').doNothing())
    .execute()
  const row = await db
    .selectFrom('secret_vault_key')
    .select('key_id')
    .where('slot', '=', SLOT)
    .executeTakeFirst()
  return row?.key_id ?? fallback
}

/** Records `keyId` as the vault's current key (inside the rotation's transaction). */
export async function setVaultKeyId(
  db: Kysely<SecretVaultSchema>,
  keyId: string,
  nowMs: number,
): Promise<void> {
  const row = { key_id: keyId, updated_at_ms: nowMs }
  await db
    .insertInto('secret_vault_key')
    .values({ slot: SLOT, ...row })
    .onConflict((oc) => oc.column('slot').doUpdateSet(row))
    .execute()
}

/** The key to seal a write of `name` with: the vault's current one, or a refusal naming both ids. */
export function keyForWrite(
  keyring: readonly SecretKey[],
  vaultKeyId: string,
  name: string,
  where: string,
): SecretKey {
  const key = keyring.find((k) => k.id === vaultKeyId)
  if (key) return key
  throw new DeskError(
    'keychain-unavailable',
    `The secret "${name}" was not saved: the secrets in ${where} were re-encrypted with key ${vaultKeyId} (./desk secrets rotate-key, perhaps for another instance), and this desk runs with key ${keyring.map((k) => k.id).join(', ')}. ` +
      `Restart it with the new key file (--secret-key-file FILE or FACES_CONCUR_DESK_SECRET_KEY), then save it again.`,
  )
}
