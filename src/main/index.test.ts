import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => (await import('./adapters/electron/fake-electron')).fakeElectronModule())
const shell = vi.hoisted(() => ({ startElectronShell: vi.fn(async (_deps: unknown) => null) }))
vi.mock('./adapters/electron/electron-shell', () => shell)

const { fakeElectron } = await import('./adapters/electron/fake-electron')

describe('the Electron entry', () => {
  it('registers the app scheme before ready and starts the shell in the --data-dir folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-entry-'))
    const argv = process.argv
    process.argv = [...argv, '--data-dir', dataDir]
    try {
      await import('./index')
    } finally {
      process.argv = argv
    }
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1)
    expect(fakeElectron.app.setPath).toHaveBeenCalledWith('userData', dataDir)
    expect(shell.startElectronShell).toHaveBeenCalledTimes(1)
    const deps = shell.startElectronShell.mock.calls[0]?.[0] as Record<string, unknown>
    expect(deps).toMatchObject({ dataDir, version: '0.0.0-test' })
    expect(String(deps.preloadPath)).toMatch(/preload[\\/]index\.js$/)
    expect(String(deps.rendererDir)).toMatch(/renderer$/)
    expect(String(deps.iconPath)).toMatch(/build[\\/]tray\.png$/)
    expect(typeof deps.createUpdater).toBe('function')
  })
})
