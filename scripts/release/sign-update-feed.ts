/**
 * Release step "Sign the update feed": adds Umbrella's Ed25519 signature to every file entry of
 * the update feeds electron-builder wrote (dist/latest.yml, latest-mac.yml, latest-linux.yml),
 * after checking that each named file exists in dist/ and has the SHA-512 the feed states. The
 * desk verifies these signatures before it downloads an update (update-signature.ts).
 *
 *   UPDATE_SIGNING_KEY=… node scripts/run-ts.mjs scripts/release/sign-update-feed.ts dist
 *
 * Without UPDATE_SIGNING_KEY the feed is checked but left unsigned, with a ::warning (copies with
 * a key then refuse this release). Exit codes: 0 done, 1 no feed, a missing file or a mismatch.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDocument } from 'yaml'
import {
  sha512OfFile,
  signUpdateFile,
  UPDATE_SIGNATURE_FIELD,
  type UpdateFileEntry,
} from '../../src/main/adapters/electron/update-signature'

/** What signing one dist folder did. */
export type FeedSigningReport = { feeds: string[]; entries: number; signed: boolean }

/** Checks (and with a key, signs) every latest*.yml in `distDir`; throws on anything inconsistent. */
export async function signUpdateFeeds(
  distDir: string,
  privateKeyPem: string | null,
): Promise<FeedSigningReport> {
  const feeds = existsSync(distDir)
    ? readdirSync(distDir).filter((f) => /^latest(?:-[a-z0-9]+)?\.yml$/.test(f))
    : []
  if (feeds.length === 0)
    throw new Error(
      `No update feed (latest*.yml) in ${distDir}: did electron-builder run with a publish config?`,
    )
  let entries = 0
  for (const feed of feeds.sort()) {
    const path = join(distDir, feed)
    const doc = parseDocument(readFileSync(path, 'utf8'))
    const info = doc.toJS() as { version?: unknown; files?: UpdateFileEntry[] }
    if (typeof info.version !== 'string' || !Array.isArray(info.files) || info.files.length === 0)
      throw new Error(`${feed} has no version or no files.`)
    for (const [index, file] of info.files.entries()) {
      const local = join(distDir, decodeURIComponent(file.url))
      if (!existsSync(local)) throw new Error(`${feed} names ${file.url}, which is not in ${distDir}.`)
      const actual = await sha512OfFile(local)
      if (actual !== file.sha512)
        throw new Error(`${feed}: the SHA-512 of ${file.url} is ${actual}, the feed says ${file.sha512}.`)
      if (privateKeyPem)
        doc.setIn(['files', index, UPDATE_SIGNATURE_FIELD], signUpdateFile(privateKeyPem, info.version, file))
      entries++
    }
    if (privateKeyPem) writeFileSync(path, doc.toString())
  }
  return { feeds, entries, signed: privateKeyPem !== null }
}

async function main(args: string[]): Promise<number> {
  const key = process.env.UPDATE_SIGNING_KEY?.trim() || null
  try {
    const report = await signUpdateFeeds(resolve(args[0] ?? 'dist'), key)
    if (report.signed)
      process.stdout.write(
        `sign-update-feed: signed ${report.entries} file(s) in ${report.feeds.join(', ')}\n`,
      )
    else
      process.stdout.write(
        `::warning title=Update feed not signed::No UPDATE_SIGNING_KEY: ${report.feeds.join(', ')} checked but left unsigned. Installed copies with an update key will refuse this release.\n`,
      )
    return 0
  } catch (err) {
    process.stderr.write(`sign-update-feed: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
