import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Configuration } from 'app-builder-lib'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { HARDENED_FUSES } from '../../../../scripts/release/check-fuses.mjs'

const ROOT = resolve(__dirname, '../../../..')
const CONFIG_FILE = join(ROOT, 'electron.builder.yml')
const RELEASE_CONFIG_FILE = join(ROOT, 'build', 'release.builder.yml')

async function loadAndValidate(projectDir: string, configFile: string): Promise<Configuration> {
  const config = await getConfig(projectDir, configFile, null)
  await validateConfiguration(config, new DebugLogger(false))
  return config
}

describe('electron.builder.yml', () => {
  it("passes electron-builder's own configuration validation", async () => {
    const config = await loadAndValidate(ROOT, CONFIG_FILE)
    expect(config.appId).toBe('ch.umbrella.faces-concur-desk')
    expect(config.productName).toBe('Faces Concur Desk')
    expect(config.directories?.buildResources).toBe('build')
    // electron-builder normalises `files` into one filter set.
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json'] }])
    expect(config.asar).toBe(true)
    expect(config.npmRebuild).toBe(true)
  })

  it('hardens every security-relevant Electron fuse, as the release read-back demands', async () => {
    const config = await loadAndValidate(ROOT, CONFIG_FILE)
    // scripts/release/check-fuses.mjs reads the packaged binaries against HARDENED_FUSES.
    const demanded = Object.fromEntries(
      Object.entries(HARDENED_FUSES).map(([name, on]) => [`${name[0]!.toLowerCase()}${name.slice(1)}`, on]),
    )
    expect(config.electronFuses).toEqual(demanded)
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeCliInspectArguments: false })
  })

  it('release builds add the generic update feed on top of the same config', async () => {
    const config = await loadAndValidate(ROOT, RELEASE_CONFIG_FILE)
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.DESK_UPDATE_URL}' })
    expect(config.appId).toBe('ch.umbrella.faces-concur-desk')
    expect(config.electronFuses).toMatchObject({ runAsNode: false })
    // The plain config has no feed: copies built without the release workflow say so.
    expect((await loadAndValidate(ROOT, CONFIG_FILE)).publish).toBeUndefined()
  })

  it('names installers without spaces, so GitHub keeps the names the update feed points to', async () => {
    const config = await loadAndValidate(ROOT, CONFIG_FILE)
    for (const name of [config.artifactName, config.nsis?.artifactName, config.dmg?.artifactName]) {
      expect(name).toMatch(/^\$\{name\}-[^ ]+\.\$\{ext\}$/)
    }
  })

  it('builds AppImage and deb on Linux, NSIS on Windows and a dmg on macOS', async () => {
    const config = await loadAndValidate(ROOT, CONFIG_FILE)
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.linux?.maintainer).toMatch(/<[^<@\s]+@[^>\s]+>/)
    expect(config.win?.target).toEqual(['nsis'])
    // electron-updater needs the zip on macOS (Squirrel.Mac installs from it).
    expect(config.mac?.target).toEqual(['dmg', 'zip'])
  })

  it('rejects a configuration with an unknown key, so the check above can fail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'builder-config-'))
    const bogus = join(dir, 'electron.builder.yml')
    writeFileSync(bogus, `${readFileSync(CONFIG_FILE, 'utf8')}\nsandboxDisabledForSpeed: true\n`)
    await expect(loadAndValidate(dir, bogus)).rejects.toThrow(/sandboxDisabledForSpeed/)
    const badFuse = join(dir, 'bad-fuse.yml')
    writeFileSync(
      badFuse,
      readFileSync(CONFIG_FILE, 'utf8').replace('runAsNode: false', 'runAsNodeEverywhere: false'),
    )
    await expect(loadAndValidate(dir, badFuse)).rejects.toThrow(/configuration\.electronFuses/)
  })

  it('ships the icons it names, drawn by build/generate-icons.mjs', () => {
    for (const [file, size] of [
      ['build/icon.png', 512],
      ['build/icons/512x512.png', 512],
      ['build/icons/256x256.png', 256],
      ['build/tray.png', 32],
    ] as const) {
      const png = readFileSync(join(ROOT, file))
      expect(png.subarray(1, 4).toString('ascii'), file).toBe('PNG')
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], file).toEqual([size, size])
    }
  })
})
