/**
 * Token intake as staff meet it, in Debian Chromium against service mode on the Sandbox: the reply
 * from the simulated SAP Concur, pasted the way a web mail or ticket system hands it over (HTML,
 * a Microsoft-style UUID, bidi marks), is read by the real main process, shows its notes and the
 * window verdict, and exchanges. The verdict depends on the wall clock of the run, so only its
 * presence and wording are checked here (its instants are tested in src/shared/intake).
 */
import type { Page } from '@playwright/test'
import { expect, test } from './service-fixture'
import { axeViolations } from './ui-harness'

test.use({ bypassCSP: true, viewport: { width: 1400, height: 900 } })

async function show(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: label, exact: true })
    .click()
}

/** Wraps a plain-text reply the way Outlook's HTML does, with the UUID in braces and upper case. */
function asOutlookHtml(reply: string): string {
  const lines = reply.split('\n').map((line) => {
    const uuid = /^Client_UUID: (\S+)$/.exec(line)?.[1]
    const text = uuid
      ? `Client_UUID:&nbsp;\u200e{${uuid.toUpperCase()}}\u200e`
      : line.replaceAll(':', '&#58;')
    return `<p class=MsoNormal><span lang=EN-US>${text || '&nbsp;'}<o:p></o:p></span></p>`
  })
  return `<html><head><style>p.MsoNormal{margin:0}</style></head><body>${lines.join('\n')}</body></html>`
}

test('an HTML paste with a Microsoft-style UUID reads, explains itself and exchanges', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await show(page, 'Entities')
  await page.getByRole('button', { name: 'Umbrella Demo GmbH', exact: true }).click()
  await page.getByRole('button', { name: "Simulate SAP's reply" }).click()
  const reply = page.getByLabel(/Reply from SAP Concur/)
  await expect(reply).toHaveValue(/Request_Token: /)
  const replyText = await reply.inputValue()
  expect(replyText).toContain('The desk treats request tokens as valid for 12 hours')

  await show(page, 'Paste tokens')
  await expect(page.getByText(/The desk treats request tokens as valid for 12 hours/)).toBeVisible()
  await page.getByLabel(/Paste the text/).fill(asOutlookHtml(replyText))
  const block = page.getByRole('listitem', { name: 'Block 1' })
  await expect(block).toContainText('Umbrella Demo GmbH')
  await expect(block).toContainText(/Valid/)
  await expect(block).toContainText('Read as HTML')
  await expect(block).toContainText('braces and upper case: formatting only')
  await expect(block).toContainText('invisible characters (left-to-right marks)')
  await expect(block.getByText('If submitted now')).toBeVisible()
  await expect(block.locator('.verdict .badge')).toHaveText(
    /In time|Exchange before \d\d:\d\d|Valid when the window opens|New token needed/,
  )
  expect(await axeViolations(page), 'paste preview with notes').toEqual([])

  await page.getByRole('button', { name: /Submit and exchange 1 token/ }).click()
  await expect(page.getByText('Exchanged: refresh token stored')).toBeVisible({ timeout: 30_000 })
})

test('an empty token label and a too-long paste get messages that say what to do', async ({ page, desk }) => {
  await page.goto(desk.url)
  await show(page, 'Paste tokens')
  const area = page.getByLabel(/Paste the text/)
  await area.fill('Entity/Outtask ID: 110034\nRequest_Token:\nKind regards,\nConcur Support')
  const block = page.getByRole('listitem', { name: 'Block 1' })
  await expect(block).toContainText('There is nothing after the "Request_Token:" label on line 2')
  await expect(page.getByRole('button', { name: /Submit and exchange/ })).toBeDisabled()

  // Playwright's fill types line breaks one by one (minutes for 15,000 lines): set the value the way
  // a paste does, in one input event.
  await area.evaluate(
    (el, text) => {
      // The prototype's setter, not `el.value =`, so that React sees the change (as with a real paste).
      const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el) as object, 'value')?.set
      setValue?.call(el, text)
      el.dispatchEvent(new Event('input', { bubbles: true }))
    },
    `Request_Token: at-x\n${'> quoted line\n'.repeat(15_000)}`,
  )
  await expect(page.getByRole('alert')).toContainText('characters long; the desk reads at most 200,000')
  await expect(page.getByRole('alert')).toContainText('Paste one e-mail at a time')
})
