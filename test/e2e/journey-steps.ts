/**
 * Steps of the support-desk journeys shared by the service-mode journeys (Debian Chromium) and
 * the Electron smoke test (the real app): the same clicks, whichever shell hosts the renderer.
 */
import { expect, type Page } from '@playwright/test'

/** Opens a screen from the navigation. */
export async function show(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: label, exact: true })
    .click()
}

/** Opens an entity's detail screen from the list. */
export async function openEntity(page: Page, name: string): Promise<void> {
  await show(page, 'Entities')
  await page.getByRole('button', { name, exact: true }).click()
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible()
}

/**
 * Connects a Sandbox entity the quick way: simulated reply from SAP → Paste tokens → submit and
 * exchange → back on the entity, whose refresh token is in the keychain.
 */
export async function connectThroughSandbox(page: Page, name: string): Promise<void> {
  await openEntity(page, name)
  await page.getByRole('button', { name: "Simulate SAP's reply" }).click()
  await page.getByRole('button', { name: 'Paste it into Paste tokens' }).click()
  await page.getByRole('button', { name: /Submit and exchange 1 token/ }).click()
  await expect(page.getByText('Exchanged: refresh token stored')).toBeVisible({ timeout: 30_000 })
  await page
    .getByRole('button', { name: /^Open (entity|Umbrella Demo GmbH|Nordlicht Reisen AG)$/ })
    .first()
    .click()
  await expect(page.getByText(/Refresh token in keychain since/)).toBeVisible()
}

/** Runs "Sync now" on the open entity and waits until the poll is done. */
export async function syncNowAndWait(page: Page): Promise<void> {
  const manual = page.getByRole('region', { name: 'Manual sync' })
  await manual.getByRole('button', { name: 'Sync now' }).click()
  await expect(manual.locator('.badge').first()).toHaveText(/Running|Waiting to start|Succeeded/)
  await expect(manual.locator('.badge').first()).toHaveText('Succeeded', { timeout: 45_000 })
}
