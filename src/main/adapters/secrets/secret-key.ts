/**
 * The key of the encrypted secret store: 32 random bytes, base64, from a key file that only its
 * owner may read (0600) or from FACES_CONCUR_DESK_SECRET_KEY. Its id (a hash prefix, never the
 * key) is stored beside every value, so a wrong key is named instead of failing as "damaged".
 */
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { DeskError } from '../../core/errors/desk-error'

/** The environment variable a key may come from (base64 of 32 bytes). */
export const SECRET_KEY_ENV = 'FACES_CONCUR_DESK_SECRET_KEY'

/** Bytes of an AES-256 key. */
export const SECRET_KEY_BYTES = 32

/** An encryption key and its public id. */
export type SecretKey = { id: string; bytes: Buffer; source: string }

/**
 * A key that cannot be used (or none where one is needed); the message says what to do and never
 * contains key material. Kind invalid-input: the user fixes a flag or a file (exit code 2 at start).
 */
export class SecretKeyError extends DeskError {
  constructor(message: string) {
    super('invalid-input', message)
    this.name = 'SecretKeyError'
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** The public id of a key: "k-" + 12 hex digits of its SHA-256 (reveals nothing of the key). */
export function secretKeyId(bytes: Buffer): string {
  return `k-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`
}

function decodeKey(text: string, source: string): SecretKey {
  const value = text.trim()
  const bytes = BASE64.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0)
  if (bytes.length !== SECRET_KEY_BYTES)
    throw new SecretKeyError(
      `${source} does not hold a secret key: it must be ${SECRET_KEY_BYTES} random bytes in base64 (make one with ./desk secrets new-key FILE, or openssl rand -base64 32).`,
    )
  return { id: secretKeyId(bytes), bytes, source }
}

/**
 * Reads a key file. Refuses a file that its group or others may read or write (the key is the
 * only thing between the database and every Concur secret), saying the chmod that fixes it.
 */
export function readSecretKeyFile(file: string): SecretKey {
  if (!existsSync(file)) throw new SecretKeyError(`The secret key file ${file} does not exist.`)
  const st = statSync(file)
  if (!st.isFile()) throw new SecretKeyError(`The secret key file ${file} is not a file.`)
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
    throw new SecretKeyError(
      `The secret key file ${file} can be read by other users (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}): run chmod 600 ${file} and start again.`,
    )
  return decodeKey(readFileSync(file, 'utf8'), `The secret key file ${file}`)
}

/** The key from the environment, or null when the variable is not set. */
export function secretKeyFromEnv(env: NodeJS.ProcessEnv = process.env): SecretKey | null {
  const value = env[SECRET_KEY_ENV]
  if (value === undefined || value.trim() === '') return null
  return decodeKey(value, `${SECRET_KEY_ENV}`)
}

/** The key the desk starts with: the file when given, else the environment, else null. */
export function loadSecretKey(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): SecretKey | null {
  return file ? readSecretKeyFile(file) : secretKeyFromEnv(env)
}

/** Writes a new random key to `file` (0600, never over an existing file) and returns its id. */
export function writeNewSecretKeyFile(file: string): string {
  const bytes = randomBytes(SECRET_KEY_BYTES)
  const fd = openSync(file, 'wx', 0o600)
  try {
    writeSync(fd, `${bytes.toString('base64')}\n`)
  } finally {
    closeSync(fd)
  }
  return secretKeyId(bytes)
}
