/**
 * The runnable desk under Electron: the built app (out/) launched with Playwright's `_electron`,
 * one window, the Sandbox demo entities listed, the page sandboxed with only `window.desk`.
 *
 * Needs an Electron runtime (node_modules/electron/dist). Where there is none, the test is
 * reported as SKIPPED with the reason on stdout, never as passed. It never triggers the Electron
 * download: `require('electron')` would try to fetch the binary, so the runtime is found on disk.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const ROOT = resolve(__dirname, '..', '..')

/** Finds the Electron executable without downloading anything; returns why not when absent. */
export function findElectronRuntime(): { executablePath: string } | { missing: string } {
  const pkgDir = join(ROOT, 'node_modules', 'electron')
  const pathFile = join(pkgDir, 'path.txt')
  const relativeExe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const exe = join(override, relativeExe ?? 'electron')
    return existsSync(exe)
      ? { executablePath: exe }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${exe}` }
  }
  if (!relativeExe)
    return { missing: 'node_modules/electron/path.txt is absent (the Electron binary was never downloaded)' }
  const exe = join(pkgDir, 'dist', relativeExe)
  return existsSync(exe) ? { executablePath: exe } : { missing: `${exe} does not exist` }
}

/** Why Electron cannot open a window here even with a runtime (Linux without a display). */
function missingDisplay(): string | null {
  if (process.platform !== 'linux') return null
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY
    ? null
    : 'no DISPLAY or WAYLAND_DISPLAY (run under xvfb-run)'
}

test('the Electron app opens one sandboxed window listing the Sandbox demo entities', async () => {
  const runtime = findElectronRuntime()
  const reason = 'missing' in runtime ? runtime.missing : missingDisplay()
  if ('missing' in runtime || reason) {
    const message = `No Electron runtime on this machine: ${reason ?? 'unknown'}. Electron smoke test SKIPPED, not passed.`
    process.stdout.write(`${message}\n`)
    test.skip(true, message)
    return
  }
  expect(existsSync(join(ROOT, 'out', 'main', 'index.js')), 'build first: npm run build').toBe(true)

  const dataDir = mkdtempSync(join(tmpdir(), 'desk-electron-e2e-'))
  const app = await electron.launch({
    executablePath: runtime.executablePath,
    args: [ROOT, '--data-dir', dataDir],
    cwd: ROOT,
    env: { ...process.env, FACES_CONCUR_DESK_DATA_DIR: dataDir },
  })
  try {
    const page = await app.firstWindow()
    await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
    expect(app.windows()).toHaveLength(1)
    expect(page.url()).toMatch(/^app:\/\/desk\//)

    const bridge = await page.evaluate(() => {
      const g = globalThis as unknown as {
        desk?: { transport?: string }
        require?: unknown
        process?: unknown
      }
      return {
        desk: typeof g.desk,
        transport: g.desk?.transport,
        require: typeof g.require,
        process: typeof g.process,
      }
    })
    expect(bridge).toEqual({
      desk: 'object',
      transport: 'electron',
      require: 'undefined',
      process: 'undefined',
    })

    // Exactly one web contents exists: no hidden or child windows were opened.
    const contentsCount = await app.evaluate(({ webContents }) => webContents.getAllWebContents().length)
    expect(contentsCount).toBe(1)

    await page.screenshot({ path: 'test-results/screenshots/electron-smoke-entities.png', fullPage: true })
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
