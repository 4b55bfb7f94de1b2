import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkUpdateSignatures,
  parseUpdatePublicKey,
  sha512OfFile,
  signUpdateFile,
  UPDATE_SIGNATURE_FIELD,
  type UpdateFileEntry,
} from './update-signature'

const { privateKey, publicKey } = generateKeyPairSync('ed25519')
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const entry: UpdateFileEntry = { url: 'faces-concur-desk-setup-1.2.0.exe', sha512: 'c2hhNTEy', size: 1234 }
const signed = (e: UpdateFileEntry, version = '1.2.0') => ({
  ...e,
  [UPDATE_SIGNATURE_FIELD]: signUpdateFile(privatePem, version, e),
})

describe('update feed signatures', () => {
  it('accepts entries signed with the release key', () => {
    expect(checkUpdateSignatures(publicKey, { version: '1.2.0', files: [signed(entry)] })).toBeNull()
  })

  it('refuses a feed with no files, an unsigned entry, and any altered field', () => {
    expect(checkUpdateSignatures(publicKey, { version: '1.2.0', files: [] })).toMatch(/lists no files/)
    expect(
      checkUpdateSignatures(publicKey, {
        version: '1.2.0',
        files: [signed(entry), { ...entry, url: 'x.exe' }],
      }),
    ).toMatch(/x\.exe is not signed/)
    const good = signed(entry)
    for (const altered of [
      { ...good, url: 'evil.exe' },
      { ...good, sha512: 'b3RoZXI=' },
      { ...good, size: 99 },
    ]) {
      expect(checkUpdateSignatures(publicKey, { version: '1.2.0', files: [altered] })).toMatch(
        /does not match Umbrella's update key/,
      )
    }
    // The version is part of what is signed: an old signed entry cannot be replayed as a new version.
    expect(checkUpdateSignatures(publicKey, { version: '9.9.9', files: [good] })).toMatch(/does not match/)
  })

  it('only takes an Ed25519 public key', () => {
    expect(typeof parseUpdatePublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBe(
      'object',
    )
    expect(parseUpdatePublicKey('not a key')).toMatch(/not a valid public key/)
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey
    expect(parseUpdatePublicKey(rsa.export({ type: 'spki', format: 'pem' }).toString())).toMatch(
      /rsa, not ed25519/,
    )
  })

  it('hashes a file the way latest*.yml does (SHA-512, base64)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sha-')), 'f')
    writeFileSync(file, 'abc')
    expect(await sha512OfFile(file)).toBe(
      '3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==',
    )
  })
})
