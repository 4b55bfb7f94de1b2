/**
 * "The desk says what happened", in Debian Chromium against service mode on the Sandbox (real
 * simulators): toasts for actions and for the end of a run, the notification history (kept over a
 * reload), the Manual sync card with the latest run only and labelled counts, the run history with
 * a run's own log lines, the traveller detail (both sides, last change, history) and a traveller
 * sync that never stays "Started", and the CSV export named in CET/CEST.
 * Screenshots: test-results/screenshots/says-*.png; axe on every screen visited.
 */
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { connectThroughSandbox, openEntity, show, syncNowAndWait } from './journey-steps'
import { expect, test } from './service-fixture'
import { expectNoSeriousAxe } from './ui-harness'

const SHOTS = 'test-results/screenshots'
test.use({ bypassCSP: true, viewport: { width: 1400, height: 900 } })

const toasts = (page: Page) => page.getByRole('region', { name: /Notifications/ })

test('a manual sync toasts its end in labelled counts; the card shows the latest run; the history opens to its log lines', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await connectThroughSandbox(page, 'Nordlicht Reisen AG')
  const manual = page.getByRole('region', { name: 'Manual sync' })
  await manual.getByRole('button', { name: 'Sync now' }).click()
  await expect(toasts(page).getByText('Manual sync of Nordlicht Reisen AG succeeded')).toBeVisible({
    timeout: 45_000,
  })
  await expect(toasts(page)).toContainText(/\d read, \d+ unchanged, \d+ written/)
  await expect(manual.locator('.badge').first()).toHaveText('Succeeded')
  await expect(manual.locator('.run-counts')).toHaveText(/^\d+ read, \d+ unchanged, \d+ written/)
  // One latest run, not a growing stack; no bare ratio anywhere on the card.
  await expect(manual.locator('.latest-run')).toHaveCount(1)
  expect(await manual.textContent()).not.toMatch(/(?:^|\D)\d\/\d/)

  const history = page.getByRole('region', { name: 'Run history' })
  await expect(history.getByRole('row')).not.toHaveCount(1)
  await expect(history).toContainText('Manual sync')
  await history.getByRole('button', { expanded: false }).first().click()
  const lines = history.getByRole('list', { name: 'Log lines of this run' })
  await expect(lines).toContainText('Manual sync started')
  await expect(lines).toContainText(/Manual sync finished: \d+ read/)
  await page.screenshot({ path: `${SHOTS}/says-run-history.png`, fullPage: true })
  await expectNoSeriousAxe(page, 'entity with run history')

  // Polling off and on again: each says what it did.
  const polling = page.getByRole('checkbox', { name: 'Polling active' })
  await polling.click()
  await expect(
    toasts(page).getByText(`Polling ${(await polling.isChecked()) ? 'on' : 'off'} for Nordlicht Reisen AG`),
  ).toBeVisible()

  // The history keeps every toast, also over a reload of the page.
  await page.getByRole('button', { name: /^Notifications/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Notifications' })
  await expect(dialog).toContainText('Manual sync of Nordlicht Reisen AG succeeded')
  await page.screenshot({ path: `${SHOTS}/says-notification-history.png` })
  await expectNoSeriousAxe(page, 'notification history')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.reload()
  await page.getByRole('button', { name: /^Notifications/ }).click()
  await expect(page.getByRole('dialog', { name: 'Notifications' })).toContainText(
    'Manual sync of Nordlicht Reisen AG succeeded',
  )
})

test('a traveller shows both sides, its last change and history; its sync ends in words, never a stale "Started"', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await connectThroughSandbox(page, 'Umbrella Demo GmbH')
  await syncNowAndWait(page)
  const travellers = page.getByRole('region', { name: 'Travellers' })
  await travellers.getByRole('button', { name: 'Refresh' }).click()
  const first = travellers.getByRole('row').nth(1)
  await first.getByRole('button', { name: /Concur → Faces: sync/ }).click()
  await expect(first.getByRole('status')).toHaveText(/^Succeeded: 1 read, \d unchanged, \d written$/, {
    timeout: 30_000,
  })
  await expect(first.getByRole('status')).not.toHaveText(/Started/)

  await first.getByRole('button').first().click()
  await expect(page.getByRole('heading', { name: 'Fields on both sides' })).toBeVisible({ timeout: 20_000 })
  await expect(page.locator(':focus')).toHaveAttribute('id', 'traveller-title')
  const fields = page.getByRole('region', { name: 'Fields on both sides' })
  await expect(fields.getByRole('row', { name: /Last name/ })).toContainText('same')
  await expect(page.getByRole('region', { name: 'Last change Concur → Faces' })).toContainText(
    /first copy|changed/,
  )
  await expect(page.getByRole('region', { name: 'History' })).toContainText(
    /Created in Faces|Updated in Faces|already/,
  )
  await page.screenshot({ path: `${SHOTS}/says-traveller-detail.png`, fullPage: true })
  await expectNoSeriousAxe(page, 'traveller detail')
  await page.getByRole('button', { name: /^← Umbrella Demo GmbH/ }).click()
  await expect(page.getByRole('heading', { name: 'Umbrella Demo GmbH', level: 1 })).toBeFocused()
})

test('the entity header names the data centre, never a bare simulator URL; the CSV is named in CET/CEST', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await connectThroughSandbox(page, 'Nordlicht Reisen AG')
  const header = page.locator('.screen-head').first()
  await expect(header).toContainText(/Sandbox data centre (?:[A-Z]+ \d+ )?\(simulated\)/)
  expect(await header.textContent()).not.toMatch(/https?:\/\//)
  await show(page, 'Sync log')
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^sync-log-\d{4}-\d{2}-\d{2}-\d{6}-CES?T\.csv$/)
  expect(readFileSync(await file.path(), 'utf8').split('\n')[0]).toMatch(/^seq,atMs/)
  await expect(toasts(page).getByText(/Exported \d+ records to sync-log-/)).toBeVisible()
})

test('a failed exchange is in the credential history and the entity log; the sync log filters credential events', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await openEntity(page, 'Umbrella Demo GmbH')
  await page.getByRole('button', { name: "Simulate SAP's reply" }).click()
  await page.getByRole('button', { name: 'Paste it into Paste tokens' }).click()
  const paste = page.locator('#paste-text')
  // The same reply with a token Concur never issued (its characters reversed): the exchange fails.
  const text = await paste.inputValue()
  const forged = text.replace(
    /Request_Token: (\S+)/,
    (_m, t: string) => `Request_Token: ${[...t].reverse().join('')}`,
  )
  expect(forged).not.toBe(text)
  await paste.fill(forged)
  await page.getByRole('button', { name: /Submit and exchange 1 token/ }).click()
  await openEntity(page, 'Umbrella Demo GmbH')
  await expect(page.getByRole('region', { name: 'Credentials' })).toContainText(/exchange failed|rejected/i, {
    timeout: 30_000,
  })
  const history = page.getByRole('region', { name: /Credential history/ })
  await expect(history).toContainText('Exchange')
  await expect(history).toContainText('Failed')
  const entityLog = page.getByRole('region', { name: 'Log' })
  await expect(entityLog).toContainText('Concur did not exchange the request token')
  await expect(entityLog).not.toContainText('Nothing logged')
  await page.screenshot({ path: `${SHOTS}/says-exchange-failed.png`, fullPage: true })
  await expectNoSeriousAxe(page, 'entity after a failed exchange')

  await show(page, 'Sync log')
  await page.getByLabel('Kind').selectOption('credential')
  const table = page.getByRole('table', { name: 'Sync log records' })
  await expect(table).toContainText('Concur did not exchange the request token')
  await expect(table).not.toContainText('Manual sync')
})
