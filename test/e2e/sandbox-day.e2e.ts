/**
 * A day at the desk in the Sandbox, in Debian Chromium against service mode with the real
 * simulators: a new customer's entity end to end, tokens pasted now and exchanged later, a token
 * that expires in 5 minutes and one that arrived at 16:40, then the bad days, each switch on →
 * its effect where staff look (entity, header chip, Today, paste result, runs) → off → recovery.
 * Every screen is checked with axe; screenshots go to test-results/screenshots/sandbox-*.png.
 * The desk and the browser both start at a Tuesday 09:00 in Zurich (DESK_TEST_CLOCK_START and
 * Playwright's clock), so the window verdicts read the same whenever the suite runs.
 */
import { openEntity, show, syncNowAndWait } from './journey-steps'
import {
  banner,
  checkpoint,
  connect,
  expectInError,
  pasteReplyFor,
  switchOffFromBanner,
  switchOn,
} from './sandbox-steps'
import { expect, test } from './service-fixture'

/** A working day in Zurich, inside the intake window (06:00–15:00): Tuesday 10 March 2026, 09:00 CET. */
const PINNED_START = '2026-03-10T09:00:00+01:00'

test.use({ bypassCSP: true, viewport: { width: 1400, height: 900 }, clockStart: PINNED_START })
test.setTimeout(180_000)
test.beforeEach(async ({ page, desk }) => {
  await page.clock.install({ time: desk.nowMs() })
})

test('morning: a new customer added by hand goes all the way, and its submit result says what happened next', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await show(page, 'Entities')
  await page.getByRole('button', { name: 'Add entity' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add entity' })
  await dialog.getByLabel('Name').fill('Bergblick Travel AG')
  await dialog.getByLabel('Entity/Outtask ID').fill('120001')
  await dialog.getByLabel('Company UUID').fill('0b7e2f5a-1c3d-4e5f-8a9b-0c1d2e3f4a5b')
  await dialog.getByLabel('Faces company ID').fill('FC-120001')
  await dialog.getByRole('button', { name: 'Add entity' }).click()
  await expect(page.getByRole('heading', { name: 'Bergblick Travel AG', level: 1 })).toBeVisible()

  await connect(page, 'Bergblick Travel AG')
  const steps = page.getByRole('list', { name: 'What happened to the token for Bergblick Travel AG' })
  await expect(steps).toContainText('Exchanged with Concur at')
  await expect(steps).toContainText('Handed to Faces company FC-120001 at')
  await expect(steps).toContainText('Polling on')
  await expect(steps).toContainText('First sync: 8 travellers synced from Concur to Faces.')
  await expect(page.getByRole('status').filter({ hasText: 'taken in' })).toHaveText(
    '1 token taken in: 1 exchanged.',
  )
  await checkpoint(page, 'sandbox-new-entity-submitted', { fullPage: true })
})

test('paste now, exchange later: the token waits on Today with its countdown and verdict, then is exchanged there', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await pasteReplyFor(page, 'Nordlicht Reisen AG', { exchangeLater: true, badge: 'Waiting to exchange' })
  await expect(page.getByRole('list', { name: /What happened to the token/ })).toContainText(
    'Waiting on Today: exchange it there before it expires.',
  )
  await show(page, 'Today')
  const row = page.getByRole('row').filter({ hasText: 'Nordlicht Reisen AG' })
  await expect(row).toContainText('Waiting to exchange')
  await expect(row.locator('.countdown')).toHaveText(/in 11 h 5\d min/)
  // Pasted at 09:00 on the pinned Tuesday: valid until 21:00, after the window closes at 15:00.
  await expect(row).toContainText('Tue 10 Mar, 09:0')
  await expect(row.locator('.verdict .badge')).toHaveText('Exchange before 15:00')
  await expect(page.locator('.desk-header')).toContainText('1 pending token')
  await checkpoint(page, 'sandbox-today-pending')
  await row.getByRole('button', { name: 'Exchange now: Nordlicht Reisen AG' }).click()
  await expect(page.getByText('No request token is waiting.')).toBeVisible({ timeout: 30_000 })
  // The row left the table: the toast is what says how the exchange ended.
  await expect(
    page.getByRole('region', { name: /Notifications/ }).getByText(/^Nordlicht Reisen AG: Exchanged/),
  ).toBeVisible()
  await checkpoint(page, 'sandbox-today-exchanged-toast')
  await openEntity(page, 'Nordlicht Reisen AG')
  await expect(page.getByText(/Refresh token in keychain since/)).toBeVisible()
})

test("SAP's late replies: a token that expires in 5 minutes, and one that arrived at 16:40", async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await switchOn(page, 'A token that expires in 5 minutes')
  await expect(banner(page)).toContainText(
    /Sandbox: SAP's replies carry a token that expires in 5 minutes \(switched on \d\d:\d\d\)/,
  )
  await checkpoint(page, 'sandbox-panel-switch-on', { fullPage: true })
  await pasteReplyFor(page, 'Alpenblick Consulting SA', { exchangeLater: true, badge: 'Waiting to exchange' })
  await show(page, 'Today')
  const row = page.getByRole('row').filter({ hasText: 'Alpenblick Consulting SA' })
  await expect(row.locator('.countdown')).toHaveText(/in [45] min/)
  await expect(row.locator('.countdown')).toHaveClass(/warn/)
  await checkpoint(page, 'sandbox-today-expires-in-5-minutes')
  await switchOffFromBanner(page, 'A token that expires in 5 minutes')
  await row.getByRole('button', { name: 'Exchange now: Alpenblick Consulting SA' }).click()
  await expect(row).toHaveCount(0, { timeout: 30_000 })

  await switchOn(page, 'A token that arrived at 16:40')
  await openEntity(page, 'Umbrella Demo GmbH')
  await page.getByRole('button', { name: "Simulate SAP's reply" }).click()
  await expect(page.getByLabel(/Reply from SAP Concur/)).toHaveValue(/reached the desk at 16:40/)
  await page.getByRole('button', { name: 'Paste it into Paste tokens' }).click()
  const block = page.getByRole('listitem', { name: 'Block 1' })
  await expect(block).toContainText(/Arrived .* 16:40/)
  // The reply arrived at the last 16:40 (Zurich) before the pinned Tuesday 09:00, i.e. Monday's,
  // and lived 12 h: it expired at 04:40, before anyone could exchange it.
  await expect(block).toContainText('Arrived Mon 9 Mar, 16:40 CET')
  await expect(block.locator('.verdict')).toContainText(
    'Expired It expired Tue 2026-03-10 04:40 CET before it was exchanged.',
  )
  await checkpoint(page, 'sandbox-paste-arrived-16-40')
  await switchOffFromBanner(page, 'A token that arrived at 16:40')
  await expect(banner(page)).toHaveCount(0)
})

test('bad day: Concur is down; the entity turns red, an exchange fails without counting down as usable, and both recover', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await connect(page, 'Nordlicht Reisen AG')
  await switchOn(page, 'Concur is down')
  await expect(banner(page)).toContainText(/Sandbox: Concur is down \(switched on \d\d:\d\d\)/)
  // The header chip leads to the one entity in error, whose last poll failed.
  const chip = page.locator('.desk-header').getByRole('button', { name: '1 entity in error' })
  await expect(chip).toBeVisible({ timeout: 30_000 })
  await chip.click()
  await expect(page.getByRole('heading', { name: 'Nordlicht Reisen AG', level: 1 })).toBeVisible()
  await expect(page.locator('.status-strip')).toContainText('failed')
  await checkpoint(page, 'sandbox-concur-down-entity', { fullPage: true })

  await pasteReplyFor(page, 'Umbrella Demo GmbH', { badge: 'Exchange failed: try again' })
  const item = page.getByRole('listitem', { name: 'Token for Umbrella Demo GmbH' })
  await expect(item.locator('.outcome-steps li.failed')).toContainText('The token is still valid')
  await expect(page.getByRole('status').filter({ hasText: 'taken in' })).toContainText('1 failed (see below)')
  await expect(page.getByRole('status').filter({ hasText: 'taken in' })).not.toContainText('exchanged')
  await checkpoint(page, 'sandbox-concur-down-submit')

  await switchOffFromBanner(page, 'Concur is down')
  await item.getByRole('button', { name: 'Exchange again' }).click()
  await expect(item.locator('.badge').first()).toHaveText('Exchanged: refresh token stored', {
    timeout: 30_000,
  })
  // Nordlicht's next poll went through and Umbrella's token is exchanged: nothing is in error any more.
  await expectInError(page, 0, 45_000)
})

test('bad day: Concur slow and a 429 storm slow syncs down, and the desk still gets through', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await connect(page, 'Nordlicht Reisen AG')
  for (const title of ['Concur is slow', 'Concur 429 storm']) {
    await switchOn(page, title)
    await openEntity(page, 'Nordlicht Reisen AG')
    const manual = page.getByRole('region', { name: 'Manual sync' })
    await manual.getByRole('button', { name: 'Sync now' }).click()
    await expect(manual.locator('.badge').first()).toHaveText(/Running|Waiting to start/)
    await expect(manual.getByRole('progressbar').first()).toBeVisible()
    await expect(manual.locator('.badge').first()).toHaveText('Succeeded', { timeout: 60_000 })
    await switchOffFromBanner(page, title)
  }
  await checkpoint(page, 'sandbox-slow-and-429-runs', { fullPage: true })
})

test('bad day: Faces is down, then a rotation Faces does not take; both recover when switched off', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await connect(page, 'Nordlicht Reisen AG')
  await switchOn(page, 'Faces is down')
  await expectInError(page, 1, 45_000)
  await openEntity(page, 'Nordlicht Reisen AG')
  await expect(page.locator('.status-strip')).toContainText(/travellers to retry|failed/)
  await checkpoint(page, 'sandbox-faces-down-entity', { fullPage: true })
  await switchOffFromBanner(page, 'Faces is down')
  await expectInError(page, 0, 45_000)

  await switchOn(page, 'A rotation that Faces does not take', 'Nordlicht Reisen AG')
  await expect(banner(page)).toContainText('Faces refuses the Concur link of Nordlicht Reisen AG')
  await openEntity(page, 'Nordlicht Reisen AG')
  await expect(page.getByRole('region', { name: 'Credentials' })).toContainText(
    /Faces holds an older refresh token \(generation 1 of 2\): retrying since/,
  )
  await checkpoint(page, 'sandbox-rotation-not-taken', { fullPage: true })
  await switchOffFromBanner(page, 'A rotation that Faces does not take')
  await expect(page.getByRole('region', { name: 'Credentials' })).toContainText(
    'Faces holds the current refresh token (generation 2).',
    { timeout: 30_000 },
  )
})

test('bad day: a dead refresh token (108) and a login-ID change, each handled as in production', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await connect(page, 'Nordlicht Reisen AG')
  await switchOn(page, 'A login-ID change', 'Nordlicht Reisen AG')
  await openEntity(page, 'Nordlicht Reisen AG')
  await expect(page.locator('.status-strip')).toContainText('1 login-ID change to review', {
    timeout: 30_000,
  })
  await checkpoint(page, 'sandbox-login-id-change', { fullPage: true })
  await page.getByRole('button', { name: 'Mark as reviewed' }).click()
  await expect(page.locator('.status-strip')).not.toContainText('login-ID change')
  await switchOffFromBanner(page, 'A login-ID change')

  await switchOn(page, 'A dead refresh token (108)', 'Nordlicht Reisen AG')
  await openEntity(page, 'Nordlicht Reisen AG')
  await expect(page.getByRole('region', { name: 'Credentials' })).toContainText(
    /Credential dead since .*: request a new token/,
    {
      timeout: 30_000,
    },
  )
  await expectInError(page, 1)
  await checkpoint(page, 'sandbox-refresh-token-dead', { fullPage: true })
  await switchOffFromBanner(page, 'A dead refresh token (108)')
  // Recovery as in production: a new request token, then a sync to see it work.
  await pasteReplyFor(page, 'Nordlicht Reisen AG', { badge: 'Exchanged: refresh token stored' })
  await openEntity(page, 'Nordlicht Reisen AG')
  await expect(page.getByText(/Refresh token in keychain since/)).toBeVisible()
  await syncNowAndWait(page)
  await expectInError(page, 0, 30_000)
})

test('bad day: a large entity with 5,000 travellers; its first sync is long enough to watch', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await switchOn(page, 'A large entity (5,000 travellers)')
  await pasteReplyFor(page, 'Grossfirma Holding AG', { badge: 'Exchanged: refresh token stored' })
  const steps = page.getByRole('list', { name: 'What happened to the token for Grossfirma Holding AG' })
  await expect(steps).toContainText(/First sync: [\d,]+ of 5,000 profiles read\./, { timeout: 60_000 })
  await expect(page.getByRole('progressbar', { name: 'First sync of Grossfirma Holding AG' })).toBeVisible()
  await checkpoint(page, 'sandbox-large-entity-first-sync')
  await switchOffFromBanner(page, 'A large entity (5,000 travellers)')
  await show(page, 'Entities')
  await expect(page.getByRole('button', { name: 'Grossfirma Holding AG', exact: true })).toHaveCount(0)
  await page.getByLabel('Show archived').check()
  await page.getByRole('button', { name: 'Grossfirma Holding AG', exact: true }).click()
  await expect(page.getByText('· archived')).toBeVisible()
})

test('the Sandbox resets: switches off, the demo entities back', async ({ page, desk }) => {
  await page.goto(desk.url)
  await switchOn(page, 'Concur is slow')
  await switchOn(page, 'A large entity (5,000 travellers)')
  await page.getByRole('button', { name: 'Reset the Sandbox…' }).click()
  await page.getByRole('button', { name: /^Reset: forget/ }).click()
  await expect(banner(page)).toHaveCount(0, { timeout: 30_000 })
  await show(page, 'Entities')
  await expect(page.getByText('3 of 3 shown')).toBeVisible()
})
