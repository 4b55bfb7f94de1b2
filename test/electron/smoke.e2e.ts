/**
 * The desk under the real Electron: the built app (out/) launched with Playwright's `_electron`,
 * as the release job runs it before it builds any installer (`./desk test-electron`):
 *   - one sandboxed window on app://desk, and nothing else opened;
 *   - the preload exposes exactly the typed API (`window.desk`: call, subscribe, transport), frozen,
 *     with no require, process or ipcRenderer in the page, and main refuses unknown requests;
 *   - secrets live in the OS's own keychain (libsecret, macOS Keychain, Windows Credential Manager);
 *   - the Sandbox journey: simulated reply from SAP → paste → exchange → polling → a poll run;
 *   - Settings → Updates tells a development run apart from an installed copy.
 *
 * Where no Electron runtime exists (our machines) it is SKIPPED, with the reason on stdout, and
 * never counted as passed; with DESK_REQUIRE_ELECTRON=1 a missing runtime fails it instead.
 * One test with steps, so the suite reports exactly one skip here.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { connectThroughSandbox, show, syncNowAndWait } from '../e2e/journey-steps'
import { decideElectronRun } from './electron-runtime'

const ROOT = resolve(__dirname, '..', '..')
const SHOTS = 'test-results/screenshots'

type PageGlobals = {
  desk?: Record<string, unknown> & {
    transport?: string
    call(
      channel: string,
      input: unknown,
    ): Promise<{ ok: boolean; value?: unknown; problem?: { kind: string } }>
  }
  require?: unknown
  process?: unknown
  ipcRenderer?: unknown
  electron?: unknown
}

test('the Electron app: one sandboxed window, only window.desk, the OS keychain and the Sandbox journey', async () => {
  test.setTimeout(180_000)
  const decision = decideElectronRun({
    packageDir: join(ROOT, 'node_modules', 'electron'),
    env: process.env,
    platform: process.platform,
  })
  if ('skip' in decision) {
    process.stdout.write(`${decision.skip}\n`)
    test.skip(true, decision.skip)
    return
  }
  if ('fail' in decision) throw new Error(decision.fail)
  expect(existsSync(join(ROOT, 'out', 'main', 'index.js')), 'build first: npm run build').toBe(true)

  const dataDir = mkdtempSync(join(tmpdir(), 'desk-electron-e2e-'))
  const app = await electron.launch({
    executablePath: decision.run,
    args: [ROOT, '--data-dir', dataDir],
    cwd: ROOT,
    env: { ...process.env, FACES_CONCUR_DESK_DATA_DIR: dataDir },
  })
  try {
    const page = await app.firstWindow()

    await test.step('one window on app://desk listing the Sandbox entities', async () => {
      await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
      expect(app.windows()).toHaveLength(1)
      expect(page.url()).toMatch(/^app:\/\/desk\//)
      expect(await app.evaluate(({ webContents }) => webContents.getAllWebContents().length)).toBe(1)
      await page.screenshot({ path: `${SHOTS}/electron-smoke-entities.png`, fullPage: true })
    })

    await test.step('the preload exposes only the typed API', async () => {
      const surface = await page.evaluate(async () => {
        const g = globalThis as unknown as PageGlobals
        const unknown = await g.desk?.call('shell:exec', { command: 'id' })
        return {
          keys: Object.keys(g.desk ?? {}).sort(),
          frozen: Object.isFrozen(g.desk),
          transport: g.desk?.transport,
          leaked: [typeof g.require, typeof g.process, typeof g.ipcRenderer, typeof g.electron],
          unknown,
        }
      })
      expect(surface).toEqual({
        keys: ['call', 'subscribe', 'transport'],
        frozen: true,
        transport: 'electron',
        leaked: ['undefined', 'undefined', 'undefined', 'undefined'],
        unknown: { ok: false, problem: expect.objectContaining({ kind: 'invalid-input' }) },
      })
    })

    await test.step("the secrets go to the OS's own keychain", async () => {
      const info = await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).desk?.call('app:info', {}),
      )
      expect(info).toMatchObject({
        ok: true,
        value: { transport: 'electron', environment: 'sandbox', keychain: { backend: 'keychain' } },
      })
    })

    await test.step('the Sandbox journey: simulated reply → paste → exchange → poll', async () => {
      await connectThroughSandbox(page, 'Umbrella Demo GmbH')
      const polling = page.getByRole('checkbox', { name: 'Polling active' })
      if (!(await polling.isChecked())) await polling.check()
      await expect(polling).toBeChecked()
      await syncNowAndWait(page)
      await page.screenshot({ path: `${SHOTS}/electron-smoke-synced.png`, fullPage: true })
    })

    await test.step('Settings → Updates knows this is a development run', async () => {
      await show(page, 'Settings')
      await expect(page.getByRole('group', { name: 'Updates' })).toContainText('development run')
    })
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
