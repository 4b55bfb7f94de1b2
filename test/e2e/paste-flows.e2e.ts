/**
 * The flows that used to stop the user, in Debian Chromium against service mode with the real
 * simulators: a valid token for an unknown Outtask ID (inline "Add entity", pre-filled; "create
 * unknown entities" remembered), duplicates that are neutral, a rejected token that does not count
 * down, the "entities in error" chip, buttons that say why they cannot be used, Settings (real
 * time zones, focus on the first error, the keychain sentence, the "exchange later" default), and
 * the paste → exchange journey by keyboard only. Screenshots: test-results/screenshots/flow-*.png.
 */
import type { Page } from '@playwright/test'
import { openEntity, show } from './journey-steps'
import { checkpoint, expectInError } from './sandbox-steps'
import { expect, startServiceDesk, test } from './service-fixture'

test.use({ bypassCSP: true, viewport: { width: 1400, height: 900 } })
test.setTimeout(120_000)

/** A token Concur never issued, for a demo entity: Concur answers code 5 (rejected). */
function rejectedTokenFor(outtaskId: string, uuid: string): string {
  return `Entity/Outtask ID: ${outtaskId}\nClient_UUID: ${uuid}\nRequest_Token: NeverIssued${outtaskId}AbCdEfGhIjKlMnOpQr`
}

async function newCustomerReply(page: Page): Promise<string> {
  await show(page, 'Sandbox')
  await page.getByRole('button', { name: "Simulate SAP's reply for a new customer" }).click()
  const reply = page.getByLabel(/Reply from SAP Concur for \d+/)
  await expect(reply).toHaveValue(/Entity\/Outtask ID: 1199\d\d/)
  const outtaskId = /Entity\/Outtask ID: (\d+)/.exec(await reply.inputValue())?.[1] ?? ''
  await page.getByRole('button', { name: 'Paste it into Paste tokens' }).click()
  return outtaskId
}

/** The accessible name of the focused element. */
function focusedName(page: Page): Promise<string> {
  // A string, not a function: the e2e tsconfig has no DOM types (this runs in the page).
  return page.evaluate<string>(`(() => {
    const el = document.activeElement
    if (!el) return ''
    const labelled = el.getAttribute('aria-label')
    if (labelled) return labelled
    const label = el.id ? document.querySelector('label[for="' + el.id + '"]') : null
    return ((label ? label.textContent : null) ?? el.textContent ?? '').trim()
  })()`)
}

/** Presses Tab until the focused element's name matches (keyboard only: no clicks, no focus()). */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 90; i++) {
    await page.keyboard.press('Tab')
    if (name.test(await focusedName(page))) return
  }
  throw new Error(`Tab never reached ${String(name)}; last: ${await focusedName(page)}`)
}

test('a valid token for an unknown Outtask ID: "Add entity" inline, pre-filled, then submit and exchange', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  const outtaskId = await newCustomerReply(page)
  const block = page.getByRole('listitem', { name: 'Block 1' })
  await expect(block).toContainText('Unknown entity')
  const submit = page.getByRole('button', { name: /Submit and exchange/ })
  await expect(submit).toHaveAttribute('aria-disabled', 'true')
  await expect(page.locator('.blocked-reason')).toContainText(`No entity has Outtask ID ${outtaskId}`)
  await checkpoint(page, 'flow-unknown-entity-offer')

  await block.getByRole('button', { name: `Add entity ${outtaskId}` }).click()
  const form = page.getByRole('region', { name: `Add entity ${outtaskId}` })
  await expect(form.getByLabel('Entity/Outtask ID')).toHaveValue(outtaskId)
  await expect(form.getByLabel('Company UUID')).toHaveValue(/^[0-9a-f-]{36}$/)
  await expect(form.getByLabel('Faces company ID')).toHaveValue(`FC-${outtaskId}`)
  await expect(form.getByLabel('Name')).toBeFocused()
  await checkpoint(page, 'flow-unknown-entity-inline-form')
  await form.getByLabel('Name').fill('Seeblick Hotels AG')
  await form.getByRole('button', { name: `Add entity ${outtaskId}` }).click()
  await expect(block).toContainText('Seeblick Hotels AG')
  await page.getByRole('button', { name: /Submit and exchange 1 token/ }).click()
  const steps = page.getByRole('list', { name: 'What happened to the token for Seeblick Hotels AG' })
  await expect(steps).toContainText(`Handed to Faces company FC-${outtaskId} at`, { timeout: 30_000 })
  await expect(steps).toContainText('First sync: 8 travellers synced', { timeout: 45_000 })
})

test('"create unknown entities" stays ticked for the next paste, and the new entity gets a Faces company the desk names', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await show(page, 'Paste tokens')
  await page.getByLabel(/Create entities for unknown Outtask IDs/).check()
  await page.reload()
  await show(page, 'Paste tokens')
  await expect(page.getByLabel(/Create entities for unknown Outtask IDs/)).toBeChecked()
  const outtaskId = await newCustomerReply(page)
  await expect(page.getByRole('listitem', { name: 'Block 1' })).toContainText('New entity will be created')
  await page.getByRole('button', { name: /Submit and exchange 1 token/ }).click()
  const created = page.locator('.created-entity')
  await expect(created).toContainText(
    `Created New entity ${outtaskId} (${outtaskId}): Faces company FC-${outtaskId}, created in the Sandbox's Faces.`,
  )
  await expect(
    page.getByRole('list', { name: `What happened to the token for New entity ${outtaskId}` }),
  ).toContainText(`Handed to Faces company FC-${outtaskId}`, { timeout: 30_000 })
  await checkpoint(page, 'flow-created-entity')
  await expect(page.getByLabel(/Create entities for unknown Outtask IDs/)).toBeChecked()
})

test('duplicates are neutral: the same token twice in one e-mail, and a token pasted again after its exchange', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await openEntity(page, 'Umbrella Demo GmbH')
  await page.getByRole('button', { name: "Simulate SAP's reply" }).click()
  const reply = await page.getByLabel(/Reply from SAP Concur/).inputValue()
  await show(page, 'Paste tokens')
  await page
    .getByLabel(/Paste the text/)
    .fill(`${reply}\n\n> ----- Forwarded message -----\n> ${reply.split('\n').join('\n> ')}`)
  const second = page.getByRole('listitem', { name: 'Block 2' })
  await expect(second).toContainText('Repeated in this paste')
  await expect(second).toContainText('The same token as block 1')
  await expect(second).not.toContainText('Needs fixing')
  await checkpoint(page, 'flow-duplicate-in-paste')
  await page.getByRole('button', { name: /Submit and exchange 1 token/ }).click()
  await expect(
    page.getByRole('listitem', { name: 'Token for Umbrella Demo GmbH' }).locator('.badge').first(),
  ).toHaveText('Exchanged: refresh token stored', { timeout: 30_000 })
  await expect(page.getByRole('status').filter({ hasText: 'taken in' })).toContainText(
    '1 token already known: nothing to do.',
  )

  await page.getByLabel(/Paste the text/).fill(reply)
  const again = page.getByRole('listitem', { name: 'Block 1' })
  await expect(again).toContainText(/Already exchanged for Umbrella Demo GmbH at \d\d:\d\d; nothing to do\./)
  await expect(again).not.toContainText('Needs fixing')
  await expect(page.locator('.blocked-reason')).toHaveText(
    'Nothing new to submit: the desk already has every token in this paste.',
  )
  await checkpoint(page, 'flow-duplicate-already-exchanged')
})

test('a token Concur rejects does not count down; two entities in error open the filtered list', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await show(page, 'Paste tokens')
  await page
    .getByLabel(/Paste the text/)
    .fill(
      `${rejectedTokenFor('110034', '3f0b9d52-7c1e-4a6b-9e2d-51a8c4f0b134')}\n\n${rejectedTokenFor('110035', '8a6e1c47-2f9b-4d3a-b5e8-0c7d92a1f235')}`,
    )
  await page.getByRole('button', { name: /Submit and exchange 2 tokens/ }).click()
  const token = page.getByRole('listitem', { name: 'Token for Umbrella Demo GmbH' })
  await expect(token.locator('.badge').first()).toHaveText('Rejected by Concur', { timeout: 30_000 })
  await expect(token.locator('.countdown')).toHaveCount(0)
  await expect(token).toContainText('compose the case for a new one')
  await expect(token.getByRole('button', { name: 'Compose case for a new token' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'taken in' })).toHaveText(
    '2 tokens taken in: 2 failed (see below).',
  )
  await checkpoint(page, 'flow-rejected-token')

  await show(page, 'Today')
  const attention = page.getByRole('region', { name: 'Tokens that need a person' })
  await expect(attention).toContainText('Rejected by Concur')
  await expect(attention.locator('.countdown')).toHaveCount(0)
  await checkpoint(page, 'flow-today-rejected')

  await expectInError(page, 2)
  await page.locator('.desk-header').getByRole('button', { name: '2 entities in error' }).click()
  await expect(page.getByText('Showing only the entities in error')).toBeVisible()
  await expect(page.getByText('2 of 3 shown')).toBeVisible()
  // A button that cannot be used says why, as a tooltip and in words.
  const sync = page.getByRole('button', { name: 'Sync now: Umbrella Demo GmbH' })
  await expect(sync).toHaveAttribute('aria-disabled', 'true')
  await expect(sync).toHaveAttribute('title', /not exchanged yet|No refresh token/)
  await checkpoint(page, 'flow-entities-in-error')
  await page.getByRole('button', { name: 'Show all entities' }).click()
  await expect(page.getByText('3 of 3 shown')).toBeVisible()
})

test('settings: only real IANA zones, focus on the first error after a failed save, the "exchange later" default', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await show(page, 'Settings')
  await page.getByLabel('Time zone', { exact: true }).fill('CET')
  await page.getByRole('button', { name: 'Save settings' }).click()
  const zone = page.getByLabel('Time zone', { exact: true })
  await expect(zone).toBeFocused()
  await expect(zone).toBeInViewport()
  await expect(page.getByText(/"CET" is an abbreviation, not a time zone.*Europe\/Zurich\./)).toBeVisible()
  await checkpoint(page, 'flow-settings-time-zone-error')
  await zone.fill('europe/zurich')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Write it as Europe/Zurich.')).toBeVisible()
  await zone.fill('Europe/Zurich')
  await page.getByLabel(/"Exchange later" is ticked by default/).check()
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByRole('region', { name: /Notifications/ }).getByText('Settings saved')).toBeVisible()
  await expect(
    page.getByText('Secrets are kept in the system keychain, never in files or logs.'),
  ).toBeVisible()
  await show(page, 'Paste tokens')
  await expect(page.getByLabel(/Exchange later/)).toBeChecked()
})

test('settings without a keychain: one plain sentence, never a D-Bus error', async ({ page }) => {
  // No session bus: keytar cannot reach a Secret Service, the Sandbox keeps its secrets in memory.
  const desk = await startServiceDesk([], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' })
  try {
    await page.goto(desk.url)
    await show(page, 'Settings')
    const fieldset = page.getByRole('group', { name: 'Environment' })
    await expect(fieldset).toContainText(
      'Sandbox secrets are kept in memory and forgotten when the desk stops; production needs the system keychain.',
    )
    await expect(page.locator('main')).not.toContainText(/D-Bus|DBus|dbus|org\.freedesktop/)
    await checkpoint(page, 'flow-settings-no-keychain')
  } finally {
    await desk.stop()
  }
})

test('keyboard only: a new customer from the Sandbox, added inline, submitted and exchanged', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await expect(page.getByText('Umbrella Demo GmbH')).toBeVisible()
  await tabTo(page, /^Sandbox$/)
  await page.keyboard.press('Enter')
  await tabTo(page, /^Simulate SAP's reply for a new customer$/)
  await page.keyboard.press('Enter')
  await tabTo(page, /^Paste it into Paste tokens$/)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('listitem', { name: 'Block 1' })).toContainText('Unknown entity')
  await tabTo(page, /^Add entity 1199\d\d$/)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('region', { name: /^Add entity 1199\d\d$/ }).getByLabel('Name')).toBeFocused()
  await page.keyboard.type('Keyboard Reisen GmbH')
  await tabTo(page, /^Add entity 1199\d\d$/)
  await page.keyboard.press('Enter')
  // The form is gone; focus went on to the submit, which is usable once the paste is read again.
  await expect(page.locator('#paste-submit')).toBeFocused()
  await expect(page.locator('#paste-submit')).not.toHaveAttribute('aria-disabled', 'true')
  // Ctrl+Enter from outside the text area: the global shortcut presses the data-shortcut="submit" button.
  await page.keyboard.press('Shift+Tab')
  await expect(page.getByLabel(/Exchange later: keep the tokens pending/)).toBeFocused()
  await page.keyboard.press('Control+Enter')
  await expect(page.getByRole('heading', { name: 'Submitted' })).toBeFocused()
  const token = page.getByRole('listitem', { name: 'Token for Keyboard Reisen GmbH' })
  await expect(token.locator('.badge').first()).toHaveText('Exchanged: refresh token stored', {
    timeout: 30_000,
  })
  await tabTo(page, /^Open Keyboard Reisen GmbH$/)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Keyboard Reisen GmbH', level: 1 })).toBeVisible()
  await checkpoint(page, 'flow-keyboard-exchanged', { fullPage: true })
})
