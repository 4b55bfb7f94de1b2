/**
 * The desk's own signature on its update feed. electron-updater checks a download against the
 * SHA-512 in `latest*.yml`, but that file comes from the same server as the download, and on
 * Linux no OS code signature is checked at all. So the release workflow signs each file entry
 * of the feed (version, url, sha512, size) with Umbrella's Ed25519 update key
 * (scripts/release/sign-update-feed.ts), and the desk refuses any update whose entries are not
 * signed by the public key baked into its own build, before downloading a byte.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** The extra field each `files[]` entry of latest*.yml carries. */
export const UPDATE_SIGNATURE_FIELD = 'deskSignature'

/** One file entry of an update feed, as electron-updater parses it. */
export type UpdateFileEntry = {
  url: string
  sha512: string
  size?: number
  [UPDATE_SIGNATURE_FIELD]?: unknown
}

/** The exact bytes that are signed for one file entry. */
export function updateSignatureMessage(version: string, file: UpdateFileEntry): Buffer {
  return Buffer.from(
    [
      'faces-concur-desk update signature v1',
      `version: ${version}`,
      `url: ${file.url}`,
      `sha512: ${file.sha512}`,
      `size: ${file.size ?? ''}`,
    ].join('\n'),
    'utf8',
  )
}

/** Signs one file entry with the Ed25519 private key (PEM); returns the base64 signature. */
export function signUpdateFile(privateKeyPem: string, version: string, file: UpdateFileEntry): string {
  return sign(null, updateSignatureMessage(version, file), privateKeyPem).toString('base64')
}

/** Reads a public key (PEM), or says why it cannot be used. */
export function parseUpdatePublicKey(pem: string): KeyObject | string {
  try {
    const key = createPublicKey(pem)
    return key.asymmetricKeyType === 'ed25519'
      ? key
      : `the update key is ${key.asymmetricKeyType}, not ed25519`
  } catch {
    return 'the update key baked into this build is not a valid public key'
  }
}

/**
 * Checks every file entry of an update: null when all are signed by `publicKey`, else a sentence
 * for the user saying which one was refused and why.
 */
export function checkUpdateSignatures(
  publicKey: KeyObject,
  info: { version: string; files: readonly UpdateFileEntry[] },
): string | null {
  if (info.files.length === 0) return `Version ${info.version} lists no files to download.`
  for (const file of info.files) {
    const signature = file[UPDATE_SIGNATURE_FIELD]
    if (typeof signature !== 'string' || signature.length === 0) {
      return `Version ${info.version} was refused: ${file.url} is not signed with Umbrella's update key. Nothing was downloaded or installed.`
    }
    const ok = verify(
      null,
      updateSignatureMessage(info.version, file),
      publicKey,
      Buffer.from(signature, 'base64'),
    )
    if (!ok) {
      return `Version ${info.version} was refused: the signature of ${file.url} does not match Umbrella's update key (the release was altered or signed with another key). Nothing was downloaded or installed.`
    }
  }
  return null
}

/** SHA-512 of a file, base64 (the encoding latest*.yml uses), streamed. */
export async function sha512OfFile(path: string): Promise<string> {
  const hash = createHash('sha512')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('base64')
}
