/**
 * The fuse read-back against fake Electron binaries: bytes around Electron's fuse sentinel and a
 * fuse wire, exactly where @electron/fuses looks for them. Proves the script passes a hardened
 * binary, names every fuse that is not hardened, and refuses binaries it cannot read.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkFuses, findPackagedApps, HARDENED_FUSES } from '../../../scripts/release/check-fuses.mjs'

const ROOT = resolve(__dirname, '../../..')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ON = 0x31
const OFF = 0x30
/** Fuse indexes of @electron/fuses' FuseV1Options, in wire order. */
const ORDER = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
]

/** A fake binary: noise, the sentinel, wire version 1, the wire length, the fuse bytes, noise. */
function fakeElectron(path: string, fuses: Record<string, boolean>): string {
  const wire = ORDER.map((name) => ((fuses[name] ?? false) ? ON : OFF))
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(
    path,
    Buffer.concat([
      randomBytes(4096),
      Buffer.from(SENTINEL),
      Buffer.from([1, wire.length, ...wire]),
      randomBytes(512),
    ]),
  )
  return path
}

/** Electron's defaults: what an un-hardened build has. */
const STOCK = {
  RunAsNode: true,
  EnableCookieEncryption: false,
  EnableNodeOptionsEnvironmentVariable: true,
  EnableNodeCliInspectArguments: true,
  EnableEmbeddedAsarIntegrityValidation: false,
  OnlyLoadAppFromAsar: false,
  GrantFileProtocolExtraPrivileges: true,
}

const dir = () => mkdtempSync(join(tmpdir(), 'fuses-'))
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/release/check-fuses.mjs'), ...args], { encoding: 'utf8' })

describe('fuse read-back', () => {
  it('passes a binary whose fuses are all hardened', async () => {
    const exe = fakeElectron(join(dir(), 'faces-concur-desk'), HARDENED_FUSES)
    const result = await checkFuses(exe)
    expect(result.problems).toEqual([])
    expect(result.wireVersion).toBe('1')
    expect(result.lines).toContain('ok  RunAsNode: disabled')
  })

  it('names each fuse that is not hardened', async () => {
    const exe = fakeElectron(join(dir(), 'faces-concur-desk'), STOCK)
    expect((await checkFuses(exe)).problems).toEqual([
      'RunAsNode is enabled, must be disabled',
      'EnableCookieEncryption is disabled, must be enabled',
      'EnableNodeOptionsEnvironmentVariable is enabled, must be disabled',
      'EnableNodeCliInspectArguments is enabled, must be disabled',
      'EnableEmbeddedAsarIntegrityValidation is disabled, must be enabled',
      'OnlyLoadAppFromAsar is disabled, must be enabled',
      'GrantFileProtocolExtraPrivileges is enabled, must be disabled',
    ])
    const one = fakeElectron(join(dir(), 'faces-concur-desk'), {
      ...HARDENED_FUSES,
      EnableNodeCliInspectArguments: true,
    })
    expect((await checkFuses(one)).problems).toEqual([
      'EnableNodeCliInspectArguments is enabled, must be disabled',
    ])
  })

  it('finds the packaged apps of every platform in a dist folder', () => {
    const dist = dir()
    const linux = fakeElectron(join(dist, 'linux-unpacked', 'faces-concur-desk'), HARDENED_FUSES)
    const win = fakeElectron(join(dist, 'win-unpacked', 'Faces Concur Desk.exe'), HARDENED_FUSES)
    mkdirSync(join(dist, 'mac-arm64', 'Faces Concur Desk.app'), { recursive: true })
    writeFileSync(join(dist, 'faces-concur-desk-0.1.0-x86_64.AppImage'), 'installer, not an app dir')
    expect(
      findPackagedApps(dist, { productName: 'Faces Concur Desk', executableName: 'faces-concur-desk' }),
    ).toEqual([linux, join(dist, 'mac-arm64', 'Faces Concur Desk.app'), win])
  })

  it('as a command: exit 0 when hardened, 1 when not (or nothing packaged), 2 when unreadable', () => {
    const good = dir()
    fakeElectron(join(good, 'linux-unpacked', 'faces-concur-desk'), HARDENED_FUSES)
    const ok = run(good)
    expect(ok.status).toBe(0)
    expect(ok.stdout).toContain('1 of 1 packaged app(s) hardened')

    const bad = dir()
    fakeElectron(join(bad, 'win-unpacked', 'Faces Concur Desk.exe'), { ...HARDENED_FUSES, RunAsNode: true })
    const refused = run(bad)
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('is NOT hardened: RunAsNode is enabled, must be disabled')

    expect(run(dir()).status).toBe(1)
    const notElectron = join(dir(), 'plain-binary')
    writeFileSync(notElectron, randomBytes(2048))
    const unreadable = run(notElectron)
    expect(unreadable.status).toBe(2)
    expect(unreadable.stderr).toMatch(/Could not find sentinel/)
  })
})
