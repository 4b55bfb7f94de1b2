/**
 * The SecretStore of a headless team desk without a keychain: every value AES-256-GCM encrypted
 * (secret-cipher.ts) in the secret vault (secret-vault-db.ts), the key's id beside it. Opening
 * refuses a key that does not match what is stored (naming both ids, never a value); key rotation
 * re-encrypts every value in one transaction, reading with the old key until it commits.
 */
import type { Clock, SecretName, SecretStore } from '../../core/ports'
import { DeskError } from '../../core/errors/desk-error'
import { openSealedSecret, sealSecret, type SealedSecret } from './secret-cipher'
import { SecretKeyError, type SecretKey } from './secret-key'
import type { SecretVaultDb } from './secret-vault-db'

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
 * only read, e.g. during a rotation). Throws SecretKeyError when a stored value needs a key that
 * was not given.
 */
export async function openEncryptedSecretStore(
  vault: SecretVaultDb,
  keys: readonly SecretKey[],
  clock: Clock,
): Promise<EncryptedSecretStore> {
  const { db } = vault
  let keyring = [...keys]
  // Writes wait for a running rotation, so none lands under the key it is rotating away from.
  let rotation: Promise<unknown> = Promise.resolve()
  const primary = (): SecretKey => {
    const k = keyring[0]
    if (!k) throw new SecretKeyError('No secret key was given.')
    return k
  }
  primary()
  const stored = (await db.selectFrom('secret_values').select('key_id').distinct().execute()).map(
    (r) => r.key_id,
  )
  const unknown = stored.filter((id) => !keyring.some((k) => k.id === id))
  if (unknown.length > 0)
    throw new SecretKeyError(
      wrongKeyMessage(
        `The secrets in ${vault.describe} are`,
        unknown,
        keyring.map((k) => k.id),
      ),
    )

  return {
    get keyId() {
      return primary().id
    },
    async read(name: SecretName) {
      const row = await db.selectFrom('secret_values').selectAll().where('name', '=', name).executeTakeFirst()
      return row ? decrypt(keyring, name, sealedOf(row)) : null
    },
    async write(name, value) {
      await rotation
      const s = sealSecret(primary(), name, value)
      const row = {
        key_id: s.keyId,
        iv: s.iv,
        tag: s.tag,
        ciphertext: s.ciphertext,
        updated_at_ms: clock.nowMs(),
      }
      await db
        .insertInto('secret_values')
        .values({ name, ...row })
        .onConflict((oc) => oc.column('name').doUpdateSet(row))
        .execute()
    },
    async remove(name) {
      await db.deleteFrom('secret_values').where('name', '=', name).execute()
    },
    describe: () => ({
      backend: 'encrypted',
      detail: `encrypted in ${vault.describe} (AES-256-GCM, key ${primary().id})`,
    }),
    async rotateKey(next) {
      const readable = [...keyring, next]
      const run = db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('secret_values').selectAll().execute()
        const from = [...new Set(rows.map((r) => r.key_id))]
        for (const row of rows) {
          const s = sealSecret(next, row.name, decrypt(readable, row.name, sealedOf(row)))
          await trx
            .updateTable('secret_values')
            .set({
              key_id: s.keyId,
              iv: s.iv,
              tag: s.tag,
              ciphertext: s.ciphertext,
              updated_at_ms: clock.nowMs(),
            })
            .where('name', '=', row.name)
            .execute()
        }
        return { rotated: rows.length, from, to: next.id }
      })
      rotation = run.catch(() => {})
      const result = await run
      // This process keeps the old keys readable (a value another instance wrote meanwhile);
      // a restart needs only the new one.
      keyring = [next, ...keyring.filter((k) => k.id !== next.id)]
      return result
    },
    close: () => db.destroy(),
  }
}
