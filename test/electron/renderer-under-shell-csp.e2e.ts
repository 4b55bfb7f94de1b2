/**
 * The built renderer under the Electron shell's own serving rules, in Debian Chromium: every file
 * answered by `answerAppRequest` (what the `app://desk` protocol handler returns, CSP header
 * included) and `window.desk` stubbed the way the preload exposes it. Proves the shell's CSP lets
 * the real bundle run (no violation, requests reach `window.desk`) on machines without Electron.
 *
 * Chromium cannot register `app:`, so the same files are served on a routed http origin.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { answerAppRequest } from '../../src/main/adapters/electron/app-origin'
import { CONTENT_SECURITY_POLICY } from '../../src/main/adapters/electron/session-security'

const ROOT = resolve(__dirname, '..', '..')
const RENDERER_DIR = join(ROOT, 'out', 'renderer')
const ORIGIN = 'http://desk.invalid'

test('the built renderer runs under the shell CSP without a single violation', async ({ page }) => {
  expect(existsSync(join(RENDERER_DIR, 'index.html')), 'build first: npm run build').toBe(true)

  await page.route(`${ORIGIN}/**`, async (route) => {
    const appUrl = route.request().url().replace(ORIGIN, 'app://desk')
    const response = await answerAppRequest(appUrl, RENDERER_DIR)
    await route.fulfill({
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: Buffer.from(await response.arrayBuffer()),
    })
  })
  // What the preload exposes, minus IPC: every call fails as "offline", pushes never come.
  await page.addInitScript(() => {
    const g = globalThis as unknown as {
      desk: unknown
      deskCalls: string[]
      cspViolations: string[]
      addEventListener(
        type: string,
        listener: (e: { violatedDirective: string; blockedURI: string }) => void,
      ): void
    }
    g.deskCalls = []
    g.cspViolations = []
    g.addEventListener('securitypolicyviolation', (e) =>
      g.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    )
    g.desk = Object.freeze({
      transport: 'electron',
      call: (channel: string) => {
        g.deskCalls.push(channel)
        return Promise.resolve({ ok: false, problem: { kind: 'offline', message: 'Stubbed main process.' } })
      },
      subscribe: () => () => {},
    })
  })
  const pageErrors: string[] = []
  page.on('pageerror', (err) => pageErrors.push(err.message))

  const response = await page.goto(`${ORIGIN}/index.html`)
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
  await expect(page.locator('#root > *').first()).toBeAttached()
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { deskCalls: string[] }).deskCalls.length))
    .toBeGreaterThan(0)

  const violations = await page.evaluate(
    () => (globalThis as unknown as { cspViolations: string[] }).cspViolations,
  )
  expect(violations).toEqual([])
  expect(pageErrors).toEqual([])
  await page.screenshot({ path: 'test-results/screenshots/renderer-under-shell-csp.png', fullPage: true })
})
