/**
 * The SecretStore of a headless team desk without a keychain: every value AES-256-GCM encrypted
 * (secret-cipher.ts) in the secret vault (secret-vault-db.ts), the key's id beside it. Opening
 * refuses a key that does not match what is stored (naming both ids, never a value); key rotation
 * re-encrypts every value in one transaction, reading with the old key until it commits. A write
 * seals with the key the vault names inside its own transaction, under the lock the rotation
 * takes (secret-vault-key.ts), so no value lands under a key rotated away from.
 */
import pLimit from 'p-limit'
import type { Clock, SecretName, SecretStore } from '../../core/ports'
import { DeskError } from '../../core/errors/desk-error'
import { exclusiveTransaction } from '../storage/db/exclusive-transaction'
import { openSealedSecret, sealSecret, type SealedSecret } from './secret-cipher'
import { SecretKeyError, type SecretKey } from './secret-key'
import type { SecretVaultDb } from './secret-vault-db'
import { currentVaultKeyId, keyForWrite, setVaultKeyId, VAULT_LOCK } from './secret-vault-key'

/** The encrypted store plus what only its owner does (rotation, closing). */
export type EncryptedSecretStore = SecretStore & {
  /** The id of the key new values are encrypted with. */
  readonly keyId: string
  /** Re-encrypts every value with `next` in one transaction; afterwards only `next` is needed. */
  rotateKey(next: SecretKey): Promise<{ rotated: number; from: string[]; to: string }>
  close(): Promise<void>
}

const sealedOf = (row: { key_id: string; iv: string; tag: string; ciphertext: string }): SealedSecret => ({
  keyId: row.key_id,
  iv: row.iv,
  tag: row.tag,
  ciphertext: row.ciphertext,
})

function wrongKeyMessage(what: string, stored: string[], given: string[]): string {
  return (
    `${what} encrypted with key ${stored.join(', ')}, but this desk was given key ${given.join(', ')}. ` +
    `Start it with the key file of ${stored.join(', ')} (--secret-key-file FILE or FACES_CONCUR_DESK_SECRET_KEY; after ./desk secrets rotate-key that is the new key file).`
  )
}

function decrypt(keys: readonly SecretKey[], name: string, sealed: SealedSecret): string {
  const key = keys.find((k) => k.id === sealed.keyId)
  if (!key)
    throw new DeskError(
      'keychain-unavailable',
      wrongKeyMessage(
        `The secret "${name}" is`,
        [sealed.keyId],
        keys.map((k) => k.id),
      ),
    )
  const value = openSealedSecret(key, name, sealed)
  if (value === null)
    throw new DeskError(
      'keychain-unavailable',
      `The secret "${name}" failed its integrity check (key ${key.id}): its stored value was changed or damaged, so it was not used. Set it again (Settings, or a new request token for an entity).`,
    )
  return value
}

/**
 * Opens the encrypted store over an open vault with `keys` (the first encrypts; the others are
 * only read, e.g. during a rotation). Throws SecretKeyError when a stored value, or the vault's
 * current key, needs a key that was not given.
 */
export async function openEncryptedSecretStore(
  vault: SecretVaultDb,
  keys: readonly SecretKey[],
  clock: Clock,
): Promise<EncryptedSecretStore> {
  const { db } = vault
  let keyring = [...keys]
  // One operation at a time in this process: a write or read never overlaps this process's own
  // rotation (its key is picked, and its row read, after the rotation committed or rolled back).
  const serial = pLimit(1)
  const primary = (): SecretKey => {
    const k = keyring[0]
    if (!k) throw new SecretKeyError('No secret key was given.')
    return k
  }
  primary()
  const stored = (await db.selectFrom('secret_values').select('key_id').distinct().execute()).map(
    (r) => r.key_id,
  )
  const current = await currentVaultKeyId(db, stored[0] ?? primary().id, clock.nowMs())
  const unknown = [...new Set([...stored, current])].filter((id) => !keyring.some((k) => k.id === id))
  if (unknown.length > 0)
    throw new SecretKeyError(
      wrongKeyMessage(
        `The secrets in ${vault.describe} are`,
        unknown,
        keyring.map((k) => k.id),
      ),
    )
  const sealWith = (key: SecretKey, name: string, value: string) => {
    const s = sealSecret(key, name, value)
    return { key_id: s.keyId, iv: s.iv, tag: s.tag, ciphertext: s.ciphertext, updated_at_ms: clock.nowMs() }
  }

  return {
    get keyId() {
      return primary().id
    },
    read: (name: SecretName) =>
      serial(async () => {
        const row = await db
          .selectFrom('secret_values')
          .selectAll()
          .where('name', '=', name)
          .executeTakeFirst()
        return row ? decrypt(keyring, name, sealedOf(row)) : null
      }),
    write: (name, value) =>
      serial(() =>
        exclusiveTransaction(db, VAULT_LOCK, async (trx) => {
          // The key is the vault's, read under the lock a rotation holds: never one captured earlier.
          const vaultKeyId = await currentVaultKeyId(trx, primary().id, clock.nowMs())
          const key = keyForWrite(keyring, vaultKeyId, name, vault.describe)
          const row = sealWith(key, name, value)
          await trx
            .insertInto('secret_values')
            .values({ name, ...row })
            .onConflict((oc) => oc.column('name').doUpdateSet(row))
            .execute()
        }),
      ),
    remove: (name) =>
      serial(async () => {
        await db.deleteFrom('secret_values').where('name', '=', name).execute()
      }),
    describe: () => ({
      backend: 'encrypted',
      detail: `encrypted in ${vault.describe} (AES-256-GCM, key ${primary().id})`,
    }),
    rotateKey: (next) =>
      serial(async () => {
        const readable = [...keyring, next]
        const result = await exclusiveTransaction(db, VAULT_LOCK, async (trx) => {
          const rows = await trx.selectFrom('secret_values').selectAll().execute()
          const from = [...new Set(rows.map((r) => r.key_id))]
          for (const row of rows)
            await trx
              .updateTable('secret_values')
              .set(sealWith(next, row.name, decrypt(readable, row.name, sealedOf(row))))
              .where('name', '=', row.name)
              .execute()
          await setVaultKeyId(trx, next.id, clock.nowMs())
          return { rotated: rows.length, from, to: next.id }
        })
        // This process keeps the old keys readable (a value another instance wrote before the
        // rotation and this one has not reread); a restart needs only the new one.
        keyring = [next, ...keyring.filter((k) => k.id !== next.id)]
        return result
      }),
    close: () => serial(() => db.destroy()),
  }
}
