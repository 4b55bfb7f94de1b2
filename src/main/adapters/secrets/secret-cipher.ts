/**
 * AES-256-GCM for one secret: a random 96-bit IV per value, the 128-bit auth tag checked on every
 * read, and the secret's name as additional authenticated data, so a stored value copied onto
 * another name (e.g. one entity's refresh token onto another's) fails to decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretKey } from './secret-key'

/** One encrypted value as stored (base64 text columns). */
export type SealedSecret = { keyId: string; iv: string; tag: string; ciphertext: string }

const IV_BYTES = 12
const TAG_BYTES = 16

const aadOf = (name: string): Buffer => Buffer.from(`faces-concur-desk/secret/v1/${name}`, 'utf8')

/** Encrypts `value` for the secret `name` with `key`. */
export function sealSecret(key: SecretKey, name: string, value: string): SealedSecret {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(aadOf(name))
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
  return {
    keyId: key.id,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  }
}

/** Decrypts a sealed value; null when the tag does not check out (tampered, swapped or damaged). */
export function openSealedSecret(key: SecretKey, name: string, sealed: SealedSecret): string | null {
  const iv = Buffer.from(sealed.iv, 'base64')
  const tag = Buffer.from(sealed.tag, 'base64')
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(aadOf(name))
    decipher.setAuthTag(tag)
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()])
    return plain.toString('utf8')
  } catch {
    return null
  }
}
