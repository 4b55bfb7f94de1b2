/**
 * Signing a dist/ folder the way electron-builder leaves it, and the desk accepting exactly that
 * feed: the release script and the updater agree on what is signed.
 */
import { createHash, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  checkUpdateSignatures,
  type UpdateFileEntry,
} from '../../../src/main/adapters/electron/update-signature'
import { signUpdateFeeds } from '../../../scripts/release/sign-update-feed'

const { privateKey, publicKey } = generateKeyPairSync('ed25519')
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

/** A dist folder with one installer and its feed, as electron-builder writes them. */
function dist(body = 'installer bytes', claimed?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dist-'))
  const name = 'faces-concur-desk-1.2.0-x86_64.AppImage'
  writeFileSync(join(dir, name), body)
  const sha512 = claimed ?? createHash('sha512').update(body).digest('base64')
  writeFileSync(
    join(dir, 'latest-linux.yml'),
    `version: 1.2.0\nfiles:\n  - url: ${name}\n    sha512: ${sha512}\n    size: ${body.length}\n    blockMapSize: 123\npath: ${name}\nsha512: ${sha512}\nreleaseDate: '2026-12-01T09:00:00.000Z'\n`,
  )
  return dir
}
const feed = (dir: string) =>
  parse(readFileSync(join(dir, 'latest-linux.yml'), 'utf8')) as { version: string; files: UpdateFileEntry[] }

describe('signing the update feed', () => {
  it('signs every entry so the desk accepts it, keeping the rest of the feed', async () => {
    const dir = dist()
    expect(await signUpdateFeeds(dir, privatePem)).toEqual({
      feeds: ['latest-linux.yml'],
      entries: 1,
      signed: true,
    })
    const signed = feed(dir)
    expect(signed.files[0]).toMatchObject({ blockMapSize: 123, deskSignature: expect.any(String) })
    expect(checkUpdateSignatures(publicKey, signed)).toBeNull()
  })

  it('leaves the feed unsigned without a key, which the desk refuses', async () => {
    const dir = dist()
    const before = readFileSync(join(dir, 'latest-linux.yml'), 'utf8')
    expect((await signUpdateFeeds(dir, null)).signed).toBe(false)
    expect(readFileSync(join(dir, 'latest-linux.yml'), 'utf8')).toBe(before)
    expect(checkUpdateSignatures(publicKey, feed(dir))).toMatch(/is not signed/)
  })

  it('refuses to sign a feed that does not describe the files beside it', async () => {
    await expect(signUpdateFeeds(dist('bytes', 'bm90IHRoZSBoYXNo'), privatePem)).rejects.toThrow(
      /the feed says bm90IHRoZSBoYXNo/,
    )
    const missing = dist()
    writeFileSync(
      join(missing, 'latest-linux.yml'),
      'version: 1.2.0\nfiles:\n  - url: gone.AppImage\n    sha512: x\n',
    )
    await expect(signUpdateFeeds(missing, privatePem)).rejects.toThrow(/gone\.AppImage, which is not in/)
    await expect(signUpdateFeeds(mkdtempSync(join(tmpdir(), 'empty-')), privatePem)).rejects.toThrow(
      /No update feed/,
    )
  })
})
