/**
 * Support-desk journeys in Debian Chromium against service mode on the Sandbox (the lead's
 * fixture starts `out/main/service.js` in a fresh data folder): onboard an entity end to end,
 * watch a countdown move, run a manual sync and see its log lines, paste bad input, export the log.
 * Screenshots go to test-results/screenshots/; every screen visited is checked with axe.
 */
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { connectThroughSandbox, openEntity, show } from './journey-steps'
import { expect, test } from './service-fixture'
import { axeViolations } from './ui-harness'

const SHOTS = 'test-results/screenshots'

// axe is injected as a script tag, which the page's CSP would block; clipboard for "Copy all".
test.use({
  bypassCSP: true,
  viewport: { width: 1400, height: 900 },
  permissions: ['clipboard-read', 'clipboard-write'],
})

async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page), where).toEqual([])
}

test('onboard an entity end to end: compose the case, paste the token, watch it exchange, polling on', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await expect(page.getByText('Umbrella Demo GmbH')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/journey-entities.png` })
  await expectNoSeriousAxe(page, 'entities')

  await openEntity(page, 'Umbrella Demo GmbH')
  await page.getByRole('checkbox', { name: 'Approval obtained' }).check()
  await expect(page.getByRole('checkbox', { name: 'Approval obtained' })).toBeChecked()

  await page.getByRole('button', { name: 'Compose case' }).click()
  await expect(page.getByLabel('Subject')).toHaveValue(/110034|Umbrella/)
  await page.getByRole('button', { name: 'Copy all' }).click()
  await expect(page.getByText(/Copied the subject and body|Copy failed/)).toBeVisible()
  await page.getByRole('checkbox', { name: 'Case opened' }).check()
  await page.screenshot({ path: `${SHOTS}/journey-entity-case.png`, fullPage: true })
  await expectNoSeriousAxe(page, 'entity detail')

  await page.getByRole('button', { name: "Simulate SAP's reply" }).click()
  await expect(page.getByLabel(/Reply from SAP Concur/)).toHaveValue(/110034/)
  await page.getByRole('button', { name: 'Paste it into Paste tokens' }).click()

  await expect(page.getByRole('heading', { name: 'Paste request tokens' })).toBeVisible()
  const block = page.getByRole('listitem', { name: 'Block 1' })
  await expect(block).toContainText('Umbrella Demo GmbH')
  await expect(block).toContainText('Valid')
  await page.screenshot({ path: `${SHOTS}/journey-paste-preview.png` })
  await expectNoSeriousAxe(page, 'paste tokens')
  await page.getByRole('button', { name: /Submit and exchange 1 token/ }).click()

  await expect(page.getByText('Exchanged: refresh token stored')).toBeVisible({ timeout: 30_000 })
  await page.screenshot({ path: `${SHOTS}/journey-exchanged.png` })

  await page
    .getByRole('button', { name: /^Open (entity|Umbrella Demo GmbH|Nordlicht Reisen AG)$/ })
    .first()
    .click()
  await expect(page.getByText(/Refresh token in keychain since/)).toBeVisible()
  const polling = page.getByRole('checkbox', { name: 'Polling active' })
  if (!(await polling.isChecked())) await polling.check()
  await expect(polling).toBeChecked()
  await expect(page.locator('.status-strip')).toContainText(/Next poll: (in |Not scheduled)/)
  await page.screenshot({ path: `${SHOTS}/journey-entity-connected.png`, fullPage: true })
  await expectNoSeriousAxe(page, 'entity connected')
})

test('a manual sync shows progress and its log lines arrive in the entity log and the sync log', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  // Connect the entity the quick way (same steps as the onboarding journey).
  await connectThroughSandbox(page, 'Nordlicht Reisen AG')

  const manual = page.getByRole('region', { name: 'Manual sync' })
  await manual.getByRole('button', { name: 'Sync now' }).click()
  await expect(manual.getByRole('progressbar').first()).toBeVisible()
  await expect(manual.locator('.badge').first()).toHaveText(/Running|Waiting to start|Succeeded/)
  await expect(manual.locator('.badge').first()).toHaveText('Succeeded', { timeout: 45_000 })
  await page.screenshot({ path: `${SHOTS}/journey-sync-done.png`, fullPage: true })

  const entityLog = page.getByRole('region', { name: 'Log' })
  await expect(entityLog.locator('.log-line').first()).toBeVisible({ timeout: 20_000 })

  await show(page, 'Sync log')
  await expect(page.getByRole('table', { name: 'Sync log records' })).toContainText('Nordlicht Reisen AG', {
    timeout: 20_000,
  })
  await page.locator('.log-line').first().click()
  await expect(page.getByRole('complementary', { name: 'Details' })).toContainText('Record no.')
  await page.screenshot({ path: `${SHOTS}/journey-sync-log.png` })
  await expectNoSeriousAxe(page, 'sync log')
})

test('the header countdown to the window moves with the clock', async ({ page, desk }) => {
  await page.clock.install()
  await page.goto(desk.url)
  const chip = page.locator('.desk-header [role=status]').first()
  await expect(chip).toContainText(/Window (open|closing soon|closed)/)
  const countdown = chip.locator('.countdown')
  const before = await countdown.textContent()
  // Beyond a day the countdown reads in days and hours, so jump two hours ahead.
  await page.clock.fastForward('02:00:00')
  await expect(countdown).not.toHaveText(before ?? '')
})

test('pasting bad input shows the parser errors inline', async ({ page, desk }) => {
  await page.goto(desk.url)
  await show(page, 'Paste tokens')
  await page
    .getByLabel(/Paste the text/)
    .fill('Entity/Outtask ID: 11OO34\nClient_UUID: not-a-uuid\nRequest_Token: x')
  const block = page.getByRole('listitem', { name: 'Block 1' })
  await expect(block).toContainText('Needs fixing')
  await expect(block.locator('.field-error').first()).toBeVisible()
  await expect(page.getByRole('button', { name: /Submit and exchange/ })).toBeDisabled()
  await page.screenshot({ path: `${SHOTS}/journey-paste-errors.png` })
})

test('export the sync log as CSV', async ({ page, desk }) => {
  await page.goto(desk.url)
  await show(page, 'Sync log')
  await expect(page.getByRole('heading', { name: 'Sync log' })).toBeVisible()
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/\.csv$/)
  const path = await file.path()
  expect(readFileSync(path, 'utf8').split('\n')[0]).toMatch(/seq|time|message/i)
  await expect(page.getByText(/Exported \d+ records/)).toBeVisible()
})

test('settings show server validation messages inline and never show secrets', async ({ page, desk }) => {
  await page.goto(desk.url)
  await show(page, 'Settings')
  await page.getByLabel('Opens at').fill('25:00')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Use 24-hour HH:MM, e.g. 06:00')).toBeVisible()
  // Service mode cannot update itself: the Updates section says where updates come from.
  await expect(page.getByRole('group', { name: 'Updates' })).toContainText(
    'Updates come with the desktop app',
  )
  await page.getByLabel('Production').check()
  await expect(page.getByLabel('Concur client secret')).toHaveAttribute('type', 'password')
  await page.screenshot({ path: `${SHOTS}/journey-settings.png`, fullPage: true })
  await expectNoSeriousAxe(page, 'settings')
})

test('import entities from CSV and read the per-row report, then edit one', async ({ page, desk }) => {
  await page.goto(desk.url)
  await expect(page.getByText('Umbrella Demo GmbH')).toBeVisible()
  await page.getByRole('button', { name: 'Import CSV' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import entities from CSV' })
  await dialog
    .getByLabel('…or paste the CSV')
    .fill(
      'name,outtaskId,companyUuid,facesCompanyId\n' +
        'Bergblick Travel AG,120001,0b7e2f5a-1c3d-4e5f-8a9b-0c1d2e3f4a5b,FC-120001\n' +
        'Broken Row,12OO02,not-a-uuid,FC-120002\n',
    )
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  const report = dialog.getByRole('table')
  await expect(report).toContainText('created')
  await expect(report).toContainText('rejected')
  const toasts = page.getByRole('region', { name: /Notifications/ })
  await expect(toasts.getByText('CSV import: 1 created, 0 updated, 1 rejected')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/journey-csv-import.png` })
  await expectNoSeriousAxe(page, 'csv import dialog')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  await openEntity(page, 'Bergblick Travel AG')
  await page.getByRole('button', { name: 'Edit entity' }).click()
  const edit = page.getByRole('dialog', { name: /Edit Bergblick Travel AG/ })
  await edit.getByLabel('Entity/Outtask ID').fill('12x')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(edit.locator('.field-error')).toContainText('digits only')
  await edit.getByLabel('Entity/Outtask ID').fill('120001')
  await edit.getByLabel('Name').fill('Bergblick Travel AG (Zug)')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByRole('heading', { name: 'Bergblick Travel AG (Zug)', level: 1 })).toBeVisible()
  await expect(toasts.getByText('Bergblick Travel AG (Zug) saved')).toBeVisible()
})

test('archive an entity, find it again under "Show archived", and restore it', async ({ page, desk }) => {
  await page.goto(desk.url)
  await openEntity(page, 'Nordlicht Reisen AG')
  await page.getByRole('button', { name: 'Archive…' }).click()
  await page.getByRole('button', { name: 'Archive: stop polling and hide it' }).click()
  await expect(page.getByText('· archived')).toBeVisible()
  await show(page, 'Entities')
  await expect(page.getByRole('button', { name: 'Nordlicht Reisen AG', exact: true })).toHaveCount(0)
  await page.getByLabel('Show archived').check()
  await page.getByRole('button', { name: 'Nordlicht Reisen AG', exact: true }).click()
  await page.getByRole('button', { name: 'Restore from archive' }).click()
  await expect(page.getByText('· archived')).toHaveCount(0)
  await expectNoSeriousAxe(page, 'entity detail after restore')
})
