/**
 * Steps of the Sandbox journeys (service mode, real simulators): the Sandbox panel's switches and
 * banner, connecting an entity through the paste screen, and the checks every journey repeats
 * (axe on the screen, a screenshot kept under test-results/screenshots/).
 */
import { expect, type Page } from '@playwright/test'
import { openEntity, show } from './journey-steps'
import { axeViolations } from './ui-harness'

/** Where the journeys keep their screenshots (listed in the issue notes). */
export const SHOTS = 'test-results/screenshots'

/** A screenshot under test-results/screenshots/ and no serious or critical axe violation there. */
export async function checkpoint(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: options.fullPage ?? false })
  expect(await axeViolations(page), name).toEqual([])
}

/** The banner region shown while switches are on. */
export function banner(page: Page) {
  return page.getByRole('region', { name: 'Sandbox switches that are on' })
}

/** Turns a Sandbox switch on from the panel (choosing the entity when it needs one). */
export async function switchOn(page: Page, title: string, entityName?: string): Promise<void> {
  await show(page, 'Sandbox')
  await expect(page.getByRole('heading', { name: 'Sandbox', level: 1 })).toBeVisible()
  const box = page.getByRole('checkbox', { name: title, exact: true })
  const item = page.locator('.switch-item').filter({ has: box })
  if (entityName) await item.getByLabel('Entity').selectOption({ label: entityName })
  await box.check()
  await expect(item).toContainText('On since')
}

/** Turns a switch off from the banner ("Turn off"), as staff would from any screen. */
export async function switchOffFromBanner(page: Page, title: string): Promise<void> {
  await banner(page)
    .getByRole('button', { name: `Turn off: ${title}` })
    .click()
  await expect(page.getByRole('button', { name: `Turn off: ${title}` })).toHaveCount(0)
}

/** Simulated reply → Paste tokens → (exchange later?) submit; returns once the token's badge shows `badge`. */
export async function pasteReplyFor(
  page: Page,
  name: string,
  options: { exchangeLater?: boolean; badge?: RegExp | string } = {},
): Promise<void> {
  await openEntity(page, name)
  await page.getByRole('button', { name: "Simulate SAP's reply" }).click()
  await page.getByRole('button', { name: 'Paste it into Paste tokens' }).click()
  await expect(page.getByRole('listitem', { name: 'Block 1' })).toContainText(name)
  const later = page.getByLabel(/Exchange later/)
  if (options.exchangeLater) await later.check()
  else await later.uncheck()
  await page
    .getByRole('button', { name: options.exchangeLater ? /^Submit 1 token/ : /^Submit and exchange 1 token/ })
    .click()
  const item = page.getByRole('listitem', { name: `Token for ${name}` })
  await expect(item.locator('.badge').first()).toHaveText(options.badge ?? /./, { timeout: 30_000 })
}

/** Connects an entity through the paste screen and waits until its first sync is done. */
export async function connect(page: Page, name: string): Promise<void> {
  await pasteReplyFor(page, name, { badge: 'Exchanged: refresh token stored' })
  await expect(page.getByRole('list', { name: `What happened to the token for ${name}` })).toContainText(
    /(First sync|Next poll): \d+ travellers? synced/,
    { timeout: 45_000 },
  )
}

/** The header chip says how many entities are in error (waiting up to `timeoutMs` for it). */
export async function expectInError(page: Page, count: number, timeoutMs = 10_000): Promise<void> {
  const name = `${count} entit${count === 1 ? 'y' : 'ies'} in error`
  await expect(page.locator('.desk-header').getByRole('button', { name })).toBeVisible({ timeout: timeoutMs })
}
