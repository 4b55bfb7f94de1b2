/**
 * Every screen of the desk UI in Debian Chromium, light and dark, with rich data from the in-memory
 * fake DeskApi (test/e2e/ui-harness.ts): screenshots for review, an axe check per screen (no
 * serious or critical violation), a countdown driven by the page clock, inline paste errors from
 * the shared parser, and keyboard navigation. The service-mode journeys are in ui-journeys.e2e.ts.
 */
import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { axeViolations, installFakeDesk, serveRenderer } from './ui-harness'

const SHOTS = 'test-results/screenshots'
// Fri 27 Nov 2026, 13:50 CET: the intake window is "closing soon".
const FRIDAY_AFTERNOON = new Date('2026-11-27T12:50:00Z')

let server: Awaited<ReturnType<typeof serveRenderer>>
test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  server = await serveRenderer()
})
test.afterAll(async () => server.stop())
// axe is injected as a script tag; the page's CSP (script-src 'self') would block it.
test.use({ bypassCSP: true, viewport: { width: 1400, height: 900 } })

async function openDesk(page: Page, entityCount = 60): Promise<void> {
  await page.clock.install({ time: FRIDAY_AFTERNOON })
  await installFakeDesk(page, { entityCount, logCount: 5000 })
  await page.goto(server.url)
  await expect(page.getByRole('heading', { name: 'Entities' })).toBeVisible()
}

async function show(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: label }).click()
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen renders with data and passes axe (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))
    await openDesk(page)
    const screens: Array<[string, string, () => Promise<void>]> = [
      [
        'Entities',
        'entities',
        async () => void (await expect(page.getByText('60 of 60 shown')).toBeVisible()),
      ],
      [
        'Today',
        'today',
        async () =>
          void (await expect(page.getByRole('heading', { name: 'Pending request tokens' })).toBeVisible()),
      ],
      [
        'Paste tokens',
        'paste',
        async () => void (await expect(page.getByLabel(/Paste the text/)).toBeVisible()),
      ],
      ['Sync log', 'log', async () => void (await expect(page.getByText('5,000 records')).toBeVisible())],
      [
        'Settings',
        'settings',
        async () => void (await expect(page.getByLabel('Opens at')).toHaveValue('06:00')),
      ],
      [
        'Sandbox',
        'sandbox',
        async () => void (await expect(page.getByRole('checkbox', { name: 'Concur is down' })).toBeVisible()),
      ],
    ]
    for (const [label, file, ready] of screens) {
      await show(page, label)
      await ready()
      await page.screenshot({ path: `${SHOTS}/ui-${file}-${scheme}.png` })
      expect(await axeViolations(page), `${label} (${scheme})`).toEqual([])
    }
    await show(page, 'Entities')
    await page.getByLabel('Search').fill('110006')
    await page.getByRole('button', { name: /^Hooli .* 6$/ }).click()
    await expect(page.getByRole('heading', { name: 'Onboarding' })).toBeVisible()
    await expect(page.getByRole('img', { name: /polls in the last 24 hours/ })).toBeVisible()
    await page.screenshot({ path: `${SHOTS}/ui-entity-detail-${scheme}.png`, fullPage: true })
    expect(await axeViolations(page), `entity detail (${scheme})`).toEqual([])
    expect(errors).toEqual([])
  })
}

/** `18 h 49 min` → 1129; `38 min 12 s` → 38. */
function remainingMinutes(text: string): number {
  const h = /\b(\d+) h/.exec(text)?.[1]
  const m = /\b(\d+) min/.exec(text)?.[1]
  return Number(h ?? 0) * 60 + Number(m ?? 0)
}

test('a request-token countdown moves with the clock while its row stays in place', async ({ page }) => {
  await openDesk(page)
  await page.clock.pauseAt(new Date(FRIDAY_AFTERNOON.getTime() + 10_000))
  await page.getByLabel('Credential').selectOption('request-token')
  const table = page.getByRole('table', { name: 'Entities' })
  const cell = table.locator('.countdown').first()
  await expect(cell).toContainText('expires in')
  const row = await table.getByRole('row').nth(1).elementHandle()
  const before = remainingMinutes((await cell.textContent()) ?? '')
  await page.clock.runFor(120_000)
  await expect.poll(async () => remainingMinutes((await cell.textContent()) ?? '')).toBe(before - 2)
  expect(await row?.evaluate((el) => el.isConnected)).toBe(true)
})

test('the header shows the window closing soon in CET with a countdown to the soft close', async ({
  page,
}) => {
  await openDesk(page)
  const chip = page.locator('.chip.soon')
  await expect(chip).toContainText('Window closing soon · closes 14:30')
  await expect(chip).toContainText(/in (40 min 00|39 min \d\d) s/)
  await expect(page.locator('.clocks')).toContainText('13:50 CET')
})

test('pasting bad input shows every field error inline and keeps submit disabled', async ({ page }) => {
  await openDesk(page)
  await show(page, 'Paste tokens')
  await page
    .getByLabel(/Paste the text/)
    .fill('Entity/Outtask ID: 11OO34\nClient_UUID: 79840cd9-5989-4675\nRequest_Token: short')
  await page.clock.runFor(400)
  await expect(page.getByText('Needs fixing', { exact: true })).toBeVisible()
  const errors = page.locator('.preview-block .field-error')
  expect(await errors.count()).toBeGreaterThanOrEqual(2)
  await expect(page.getByRole('button', { name: /Submit and exchange/ })).toBeDisabled()
  await page.screenshot({ path: `${SHOTS}/ui-paste-errors.png` })
})

test('the log filters by outcome and shows a record in detail', async ({ page }) => {
  await openDesk(page)
  await show(page, 'Sync log')
  await expect(page.getByText('5,000 records')).toBeVisible()
  await page.getByLabel('Outcome').selectOption('failed')
  await expect(page.getByText('455 records')).toBeVisible()
  await page.locator('.log-line').first().click()
  await expect(page.getByRole('complementary', { name: 'Details' })).toContainText('HTTP 503 from Concur')
})

test('the screens are reachable by keyboard with a visible focus', async ({ page }) => {
  await openDesk(page)
  await page.keyboard.press('Tab') // skip link
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
  let reachedSettings = false
  for (let i = 0; i < 12 && !reachedSettings; i++) {
    await page.keyboard.press('Tab')
    reachedSettings = await page
      .getByRole('button', { name: 'Settings', exact: true })
      .evaluate((el) => el === el.ownerDocument.activeElement)
  }
  expect(reachedSettings).toBe(true)
  const outline = await page
    .getByRole('button', { name: 'Settings', exact: true })
    .evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).outlineStyle)
  expect(outline).not.toBe('none')
  await page.keyboard.press('Enter')
  // Focus follows to the new screen's heading, with a visible outline there too.
  const heading = page.getByRole('heading', { name: 'Settings', level: 1 })
  await expect(heading).toBeFocused()
  expect(
    await heading.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).outlineStyle),
  ).not.toBe('none')
})

test('focusing a token on the timeline shows its entity and exact times', async ({ page }) => {
  await openDesk(page)
  await show(page, 'Today')
  const bar = page.locator('.token-bar').first()
  await bar.focus()
  const caption = page.locator('.timeline-caption')
  await expect(caption).toContainText(/received .* CET, expires .* CET/)
  await expect(caption).toContainText((await bar.locator('text').textContent()) ?? 'missing')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Onboarding' })).toBeVisible()
})

test('a token with less than two hours left raises a toast that leads to its entity', async ({ page }) => {
  await openDesk(page)
  const toast = page.getByRole('region', { name: 'Notifications' }).getByText(/Token for 119001 expires in/)
  await expect(toast).toBeVisible()
})
