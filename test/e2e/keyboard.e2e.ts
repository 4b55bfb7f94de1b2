/**
 * Keyboard-only runs of the main journeys in Debian Chromium against service mode on the Sandbox:
 * no mouse at all. Onboarding (find the entity, simulate SAP's reply, paste with `p`, submit with
 * Ctrl+Enter), a manual sync and its run history (arrow keys between rows, Enter opens a run),
 * Escape cancelling the inline archive confirmation, the help overlay (`?`) and the notification
 * history (`n`). After every step focus is on something meaningful, never the page body.
 */
import type { Page } from '@playwright/test'
import { expect, test } from './service-fixture'
import { axeViolations } from './ui-harness'

const SHOTS = 'test-results/screenshots'
test.use({ bypassCSP: true, viewport: { width: 1400, height: 900 } })

/** Presses Tab until the focused element's accessible name matches (at most `max` presses). */
async function tabTo(page: Page, name: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const label = await page.evaluate<string>(
      `(() => { const el = document.activeElement; return el ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : '' })()`,
    )
    if (name.test(label)) return
  }
  throw new Error(`Tab never reached ${name}`)
}

/** Focus is on an element of the page, never the body (nothing dropped after an action). */
async function expectFocusKept(page: Page, where: string): Promise<void> {
  const tag = await page.evaluate<string>(`document.activeElement ? document.activeElement.tagName : 'none'`)
  expect(tag, `focus after ${where}`).not.toBe('BODY')
}

test('onboard an entity and sync it with the keyboard only', async ({ page, desk }) => {
  await page.goto(desk.url)
  await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
  await page.locator('body').press('/')
  await expect(page.getByLabel('Search')).toBeFocused()
  await page.keyboard.type('Nordlicht')
  await tabTo(page, /^Nordlicht Reisen AG$/)
  await page.keyboard.press('Enter')
  const heading = page.getByRole('heading', { name: 'Nordlicht Reisen AG', level: 1 })
  await expect(heading).toBeFocused()

  await tabTo(page, /^Simulate SAP's reply$/)
  await page.keyboard.press('Enter')
  await tabTo(page, /^Paste it into Paste tokens$/)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Paste request tokens' })).toBeFocused()
  // Into the paste box with the shortcut, then submit from inside it with Ctrl+Enter.
  await page.keyboard.press('p')
  await expect(page.locator('#paste-text')).toBeFocused()
  await expect(page.getByRole('listitem', { name: 'Block 1' })).toContainText('Valid')
  await page.keyboard.press('Control+Enter')
  await expect(page.getByText('Exchanged: refresh token stored')).toBeVisible({ timeout: 30_000 })
  await expectFocusKept(page, 'submitting')
  // The result offers the entity: Tab to it and open it.
  await tabTo(page, /^Open (entity|Nordlicht Reisen AG)$/)
  await page.keyboard.press('Enter')
  await expect(heading).toBeFocused()
  await expect(page.getByText(/Refresh token in keychain since/)).toBeVisible()
  await tabTo(page, /^Sync now$/)
  await page.keyboard.press('Enter')
  const manual = page.getByRole('region', { name: 'Manual sync' })
  // The button disables itself while the run works: focus is on the run, not dropped.
  await expect(manual.locator('.latest-run')).toBeFocused()
  await expect(manual.locator('.badge').first()).toHaveText('Succeeded', { timeout: 45_000 })
  await expectFocusKept(page, 'the sync')

  // Run history: Tab to the first run, arrows move between runs, Enter opens one.
  await tabTo(page, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+, \d\d:\d\d CES?T$/)
  const history = page.getByRole('region', { name: 'Run history' })
  const runButtons = history.locator('tbody tr:not(.run-detail) td:first-child button')
  await expect(runButtons.first()).toBeFocused()
  if ((await runButtons.count()) > 1) {
    await page.keyboard.press('ArrowDown')
    await expect(runButtons.nth(1)).toBeFocused()
    await page.keyboard.press('ArrowUp')
    await expect(runButtons.first()).toBeFocused()
  }
  await page.keyboard.press('Enter')
  await expect(history.getByRole('list', { name: 'Log lines of this run' })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/keyboard-run-history.png` })
  expect(await axeViolations(page), 'entity after keyboard journey').toEqual([])
})

test('Escape cancels the inline archive confirmation and dialogs; ? and n open help and history', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
  // Arrow keys move between the rows of the entity list.
  await page.locator('body').press('/')
  await tabTo(page, /^Nordlicht Reisen AG$/)
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('button', { name: 'Nordlicht Reisen AG', exact: true })).not.toBeFocused()
  await expect(page.getByTestId('entities-scroll').locator(':focus')).toHaveCount(1)
  await page.keyboard.press('ArrowUp')
  await expect(page.getByRole('button', { name: 'Nordlicht Reisen AG', exact: true })).toBeFocused()
  await page.keyboard.press('/')
  await page.keyboard.type('Umbrella')
  await tabTo(page, /^Umbrella Demo GmbH$/)
  await page.keyboard.press('Enter')
  await tabTo(page, /^Archive…$/)
  await page.keyboard.press('Enter')
  const confirm = page.getByRole('button', { name: 'Archive: stop polling and hide it' })
  await expect(confirm).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(confirm).toBeHidden()
  await expect(page.getByRole('button', { name: 'Archive…' })).toBeFocused()
  await expect(page.getByText('· archived')).toHaveCount(0)

  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(help).toContainText('Ctrl+Enter')
  await expect(help).toContainText('Paste tokens')
  await page.screenshot({ path: `${SHOTS}/keyboard-help.png` })
  expect(await axeViolations(page), 'help overlay').toEqual([])
  await page.keyboard.press('Escape')
  await expect(help).toBeHidden()
  await expectFocusKept(page, 'closing help')

  await page.keyboard.press('n')
  await expect(page.getByRole('dialog', { name: 'Notifications' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'Notifications' })).toBeHidden()

  // Single-key shortcuts never fire inside a field, and can be turned off.
  await page.keyboard.press('t')
  await expect(page.getByRole('heading', { name: 'Today', level: 1 })).toBeFocused()
  await page.keyboard.press('l')
  await expect(page.getByRole('heading', { name: 'Sync log', level: 1 })).toBeFocused()
  await page.getByLabel('Text').focus()
  await page.keyboard.type('pel')
  await expect(page.getByLabel('Text')).toHaveValue('pel')
  await expect(page.getByRole('heading', { name: 'Sync log', level: 1 })).toBeVisible()
})
