#!/usr/bin/env node
/**
 * Fuse read-back on packaged apps: reads the fuse wire of every packaged Electron binary with
 * @electron/fuses (the library electron-builder flips them with) and fails unless each fuse is in
 * its hardened state. The release workflow runs it on dist/ after electron-builder, before any
 * installer is uploaded, so a build whose hardening silently did not apply never ships.
 *
 *   node scripts/release/check-fuses.mjs dist            # every packaged app below dist/
 *   node scripts/release/check-fuses.mjs path/to/app …   # an executable, or a macOS .app
 *
 * Exit codes: 0 all hardened, 1 a fuse is not hardened or no packaged app was found, 2 a binary
 * could not be read (no fuse sentinel: not an Electron 12+ binary).
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import fuses from '@electron/fuses'

const { FuseV1Options, getCurrentFuseWire } = fuses

/**
 * The hardened state of every fuse the desk relies on (true = enabled). electron.builder.yml's
 * `electronFuses` must say the same (its config test checks that against this list).
 */
export const HARDENED_FUSES = Object.freeze({
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  GrantFileProtocolExtraPrivileges: false,
})

/** Bytes of a fuse on the wire (@electron/fuses' FuseState, which its index does not export). */
const STATE_NAMES = { 0x30: 'disabled', 0x31: 'enabled', 0x72: 'removed', 0x90: 'inherit' }

/** The packaged apps electron-builder leaves in a dist folder (unpacked dirs of every target). */
export function findPackagedApps(distDir, { productName, executableName }) {
  if (!existsSync(distDir)) return []
  const found = []
  for (const entry of readdirSync(distDir)) {
    const dir = join(distDir, entry)
    if (!statSync(dir).isDirectory()) continue
    if (/^linux(?:-[a-z0-9]+)?-unpacked$/.test(entry)) {
      const exe = join(dir, executableName)
      if (existsSync(exe)) found.push(exe)
    } else if (/^win(?:-[a-z0-9]+)?-unpacked$/.test(entry)) {
      const exe = join(dir, `${productName}.exe`)
      if (existsSync(exe)) found.push(exe)
    } else if (/^mac(?:-[a-z0-9]+)?$/.test(entry) || entry === 'mas') {
      const app = join(dir, `${productName}.app`)
      if (existsSync(app)) found.push(app)
    }
  }
  return found.sort()
}

/** Reads one binary's fuses: a line per fuse and the problems (empty when hardened). */
export async function checkFuses(appPath) {
  const wire = await getCurrentFuseWire(appPath)
  const lines = []
  const problems = []
  for (const [name, wantEnabled] of Object.entries(HARDENED_FUSES)) {
    const index = FuseV1Options[name]
    const state = wire[index]
    const want = wantEnabled ? 'enabled' : 'disabled'
    const have = state === undefined ? 'missing from the fuse wire' : (STATE_NAMES[state] ?? `byte ${state}`)
    // A fuse Electron removed cannot turn its feature on: fine when the hardened state is "off".
    const ok = have === want || (have === 'removed' && !wantEnabled)
    lines.push(`${ok ? 'ok ' : 'BAD'} ${name}: ${have}${ok ? '' : ` (must be ${want})`}`)
    if (!ok) problems.push(`${name} is ${have}, must be ${want}`)
  }
  return { wireVersion: wire.version, lines, problems }
}

async function main(args) {
  const targets = args.length > 0 ? args : ['dist']
  const apps = targets.flatMap((t) => {
    const path = resolve(t)
    if (path.endsWith('.app') || (existsSync(path) && statSync(path).isFile())) return [path]
    return findPackagedApps(path, {
      productName: 'Faces Concur Desk',
      executableName: 'faces-concur-desk',
    })
  })
  if (apps.length === 0) {
    process.stderr.write(
      `check-fuses: no packaged app found in ${targets.join(', ')}. Run electron-builder first.\n`,
    )
    return 1
  }
  let failed = 0
  for (const app of apps) {
    let result
    try {
      result = await checkFuses(app)
    } catch (err) {
      process.stderr.write(
        `check-fuses: cannot read the fuses of ${app}: ${err instanceof Error ? err.message : String(err)}\n`,
      )
      return 2
    }
    process.stdout.write(`${app} (fuse wire v${result.wireVersion})\n  ${result.lines.join('\n  ')}\n`)
    if (result.problems.length > 0) {
      failed++
      process.stderr.write(`check-fuses: ${app} is NOT hardened: ${result.problems.join('; ')}\n`)
    }
  }
  process.stdout.write(`check-fuses: ${apps.length - failed} of ${apps.length} packaged app(s) hardened\n`)
  return failed > 0 ? 1 : 0
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
