/**
 * The runnable desk: service mode on the built-in Sandbox, opened in Debian Chromium through the
 * URL it prints, shows the demo entities.
 */
import { expect, test } from './service-fixture'

test('service mode serves the desk on 127.0.0.1 with the Sandbox demo entities listed', async ({
  page,
  desk,
}) => {
  expect(desk.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/)
  expect(desk.output()).toContain('Sandbox')
  await page.goto(desk.url)
  // The single-use sign-in token is swapped for a session cookie and removed from the address bar.
  await expect(page).toHaveURL(`${desk.origin}/`)
  await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
  await expect(page.getByText('110034').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/desk-smoke-entities.png', fullPage: true })
})

test('a browser without the session key gets a clear 401 page, not the desk', async ({ page, desk }) => {
  const response = await page.goto(`${desk.origin}/`)
  expect(response?.status()).toBe(401)
  await expect(page.getByRole('heading', { name: 'Not signed in' })).toBeVisible()
  await expect(page.getByText('./desk serve --new-link')).toBeVisible()
})
