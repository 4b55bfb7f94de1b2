/**
 * Both layouts, every screen, with rich data from the in-memory fake DeskApi: at 1024 × 700 nothing
 * is cut off (no horizontal overflow of the page, no control hidden by a clipping box: the
 * entity table's Actions column, the log details) and at 1920 × 1080 the space is used (wider
 * paste box and log details). axe stays at 0 serious/critical on every screen; the log shows
 * dates once records span more than a day, its 24-hour CET/CEST filters work and survive leaving
 * the screen and a reload, and Reset clears them.
 * Screenshots: test-results/screenshots/layout-<width>-<screen>.png.
 */
import { mkdirSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { axeViolations, installFakeDesk, serveRenderer } from './ui-harness'

const SHOTS = 'test-results/screenshots'
// Fri 27 Nov 2026, 13:50 CET.
const FRIDAY_AFTERNOON = new Date('2026-11-27T12:50:00Z')

let server: Awaited<ReturnType<typeof serveRenderer>>
test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  server = await serveRenderer()
})
test.afterAll(async () => server.stop())
test.use({ bypassCSP: true })

async function openDesk(page: Page, logCount = 5000): Promise<void> {
  await page.clock.install({ time: FRIDAY_AFTERNOON })
  await installFakeDesk(page, { entityCount: 60, logCount })
  await page.goto(server.url)
  await expect(page.getByRole('heading', { name: 'Entities' })).toBeVisible()
  // Toasts float over the content by design; they are not part of the layout checked here.
  await page.addStyleTag({ content: '[data-sonner-toaster] { display: none !important; }' })
}

const nav = (page: Page, label: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: label, exact: true }).click()

/**
 * What is cut off on the page: horizontal overflow of the page or main area, and every visible
 * control or table cell that a clipping ancestor (overflow other than visible) hides, partly or
 * wholly, to the left or right. Vertical scrolling is fine (long lists scroll).
 */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const out = []
    const doc = document.documentElement
    if (doc.scrollWidth > doc.clientWidth + 1)
      out.push(\`page overflows by \${doc.scrollWidth - doc.clientWidth}px\`)
    const main = document.querySelector('main')
    if (main && main.scrollWidth > main.clientWidth + 1)
      out.push(\`main overflows by \${main.scrollWidth - main.clientWidth}px\`)
    const items = document.querySelectorAll(
      'main button, main input, main select, main textarea, main [role=cell], main td, main th, main .details dd, [role=dialog] button',
    )
    for (const el of items) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      if (r.right > window.innerWidth + 1 || r.left < -1) {
        out.push(\`off screen: \${el.tagName} "\${(el.textContent ?? '').trim().slice(0, 30)}"\`)
        continue
      }
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a)
        if (style.overflowX === 'visible') continue
        const box = a.getBoundingClientRect()
        if (r.right > box.right + 1 || r.left < box.left - 1) {
          out.push(
            \`cut by \${a.className || a.tagName}: \${el.tagName} "\${(el.textContent ?? '').trim().slice(0, 30)}"\`,
          )
          break
        }
      }
    }
    return [...new Set(out)].slice(0, 12)
  })()`)
}

const SCREENS: Array<[string, string, (page: Page) => Promise<void>]> = [
  ['entities', 'Entities', async (p) => void (await expect(p.getByText('60 of 60 shown')).toBeVisible())],
  [
    'today',
    'Today',
    async (p) =>
      void (await expect(p.getByRole('heading', { name: 'Pending request tokens' })).toBeVisible()),
  ],
  ['paste', 'Paste tokens', async (p) => void (await expect(p.getByLabel(/Paste the text/)).toBeVisible())],
  [
    'log',
    'Sync log',
    async (p) => {
      await expect(p.getByText('5,000 records')).toBeVisible()
      await p.locator('.log-line').first().click()
      await expect(p.getByRole('complementary', { name: 'Details' })).toContainText('Record no.')
    },
  ],
  ['settings', 'Settings', async (p) => void (await expect(p.getByLabel('Opens at')).toHaveValue('06:00'))],
]

for (const [width, height] of [
  [1024, 700],
  [1920, 1080],
] as const) {
  test(`every screen at ${width} × ${height}: nothing cut off, axe clean`, async ({ page }) => {
    await page.setViewportSize({ width, height })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))
    await openDesk(page)
    for (const [file, label, ready] of SCREENS) {
      await nav(page, label)
      await ready(page)
      await page.screenshot({ path: `${SHOTS}/layout-${width}-${file}.png` })
      expect(await clipped(page), `${label} at ${width}`).toEqual([])
      expect(await axeViolations(page), `${label} at ${width}`).toEqual([])
    }
    await nav(page, 'Entities')
    await page.getByLabel('Search').fill('110006')
    await page.getByRole('button', { name: /^Hooli .* 6$/ }).click()
    await expect(page.getByRole('heading', { name: 'Run history' })).toBeVisible()
    await page
      .getByRole('region', { name: 'Run history' })
      .getByRole('button', { expanded: false })
      .nth(1)
      .click()
    await page.screenshot({ path: `${SHOTS}/layout-${width}-entity.png`, fullPage: true })
    expect(await clipped(page), `entity detail at ${width}`).toEqual([])
    expect(await axeViolations(page), `entity detail at ${width}`).toEqual([])
    await page.getByRole('button', { name: 'Traveller 1', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Fields on both sides' })).toBeVisible()
    await page.screenshot({ path: `${SHOTS}/layout-${width}-traveller.png`, fullPage: true })
    expect(await clipped(page), `traveller detail at ${width}`).toEqual([])
    expect(await axeViolations(page), `traveller detail at ${width}`).toEqual([])
    for (const [key, name, file] of [
      ['?', 'Keyboard shortcuts', 'help'],
      ['n', 'Notifications', 'notifications'],
    ] as const) {
      await page.keyboard.press(key)
      await expect(page.getByRole('dialog', { name })).toBeVisible()
      await page.screenshot({ path: `${SHOTS}/layout-${width}-${file}.png` })
      expect(await clipped(page), `${name} at ${width}`).toEqual([])
      expect(await axeViolations(page), `${name} at ${width}`).toEqual([])
      await page.keyboard.press('Escape')
    }
    expect(errors).toEqual([])
  })
}

test('the wide layout uses the space: paste box and log details grow', async ({ page }) => {
  const widthOf = async (selector: string) => (await page.locator(selector).boundingBox())?.width ?? 0
  await page.setViewportSize({ width: 1024, height: 700 })
  await openDesk(page)
  await nav(page, 'Paste tokens')
  const narrowPaste = await widthOf('#paste-text')
  await nav(page, 'Sync log')
  const narrowDetails = await widthOf('.log-details')
  await page.setViewportSize({ width: 1920, height: 1080 })
  const wideDetails = await widthOf('.log-details')
  await nav(page, 'Paste tokens')
  const widePaste = await widthOf('#paste-text')
  expect(widePaste).toBeGreaterThan(narrowPaste * 1.8)
  expect(wideDetails).toBeGreaterThan(narrowDetails * 1.5)
  expect((await page.locator('#paste-text').boundingBox())?.height ?? 0).toBeGreaterThan(1080 * 0.5)
})

test('the log shows dates across days; 24-hour CET filters apply, survive leaving and reloading, and reset', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 })
  // 20,000 records five seconds apart reach back to Thursday.
  await openDesk(page, 20_000)
  await nav(page, 'Sync log')
  await expect(page.getByRole('columnheader', { name: 'Date and time (CET/CEST)' })).toBeVisible()
  await expect(page.locator('[data-testid=log-scroll] [role=row]').first()).toContainText('27 Nov 13:49:55')
  const from = page.getByLabel('From (24 h, CET/CEST)')
  await from.fill('27.11.2026 1:00 PM')
  await from.press('Enter')
  await expect(page.getByRole('alert').filter({ hasText: '24-hour time' })).toBeVisible()
  await from.fill('2026-11-27 13:00')
  await from.press('Enter')
  // 13:00–13:49:55 CET in 5-second steps: 600 records.
  await expect(page.getByText('600 records')).toBeVisible()
  await expect(page.getByRole('columnheader', { name: 'Time (CET/CEST)' })).toBeVisible()
  await page.getByLabel('Outcome').selectOption('failed')
  const filtered = (await page.locator('.toolbar [aria-live]').textContent()) ?? ''
  await nav(page, 'Entities')
  await nav(page, 'Sync log')
  await expect(page.getByLabel('From (24 h, CET/CEST)')).toHaveValue('2026-11-27 13:00')
  await expect(page.locator('.toolbar [aria-live]')).toHaveText(filtered)
  await page.reload()
  await page.addStyleTag({ content: '[data-sonner-toaster] { display: none !important; }' })
  await nav(page, 'Sync log')
  await expect(page.getByLabel('Outcome')).toHaveValue('failed')
  await expect(page.getByLabel('From (24 h, CET/CEST)')).toHaveValue('2026-11-27 13:00')
  await page.screenshot({ path: `${SHOTS}/layout-log-filtered.png` })
  await page.getByRole('button', { name: 'Reset filters' }).click()
  await expect(page.getByText('20,000 records')).toBeVisible()
  await expect(page.getByLabel('From (24 h, CET/CEST)')).toHaveValue('')
  await expect(page.getByRole('button', { name: 'Reset filters' })).toBeDisabled()
})
