/**
 * Users in the browser, in real Chromium: the first admin (added with `./desk users add`) creates
 * an agent on Settings → Users & audit (a one-time password shown once), the agent signs in in a
 * second browser context, the server answers 403 to the agent on every users:* channel, and when
 * the admin disables them the agent's open page loses its live stream at once and shows "signed
 * out" with a way to sign in (which now refuses them). The one-time password reaches no file or output.
 */
import { usersRequestSchemas } from '../../src/shared/users-contract'
import { show } from './journey-steps'
import { expect, startServiceDesk, test } from './service-fixture'
import { ANNA_PASSWORD, BEN_PASSWORD, expectNoSecretIn, signIn, users } from './team-steps'

test('an admin adds an agent in the browser, the agent is refused user management, and disabling them signs their open page out', async ({
  browser,
}) => {
  test.setTimeout(120_000)
  const desk = await startServiceDesk([])
  const secrets = [ANNA_PASSWORD, BEN_PASSWORD]
  try {
    users(desk, ['add', 'anna', '--role', 'admin', '--password-stdin'], `${ANNA_PASSWORD}\n`)
    const anna = await signIn(browser, desk, 'anna', ANNA_PASSWORD)

    // Settings → Users & audit: add Ben as an agent; the one-time password is shown once.
    await show(anna, 'Settings')
    await anna.getByRole('tab', { name: 'Users & audit' }).click()
    await expect(anna.getByRole('heading', { name: 'Users', exact: true })).toBeVisible()
    const addForm = anna.getByRole('form', { name: 'Add a user' })
    await addForm.getByLabel('Name').fill('ben')
    await addForm.getByLabel('Role').selectOption('agent')
    await addForm.getByRole('button', { name: 'Add user' }).click()
    const dialog = anna.getByRole('dialog', { name: 'ben added' })
    await expect(dialog).toContainText('shown only once')
    await expect(dialog.getByRole('button', { name: 'Copy password' })).toBeVisible()
    const oneTime = (await dialog.getByLabel('One-time password').textContent())!.trim()
    expect(oneTime).toMatch(/^[A-Za-z0-9_-]{20}$/)
    secrets.push(oneTime)
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect(dialog).toHaveCount(0)
    await expect(anna.locator('tr[data-user="ben"]')).toContainText('must set a password')

    // Ben signs in in his own browser with it and chooses his password.
    const ben = await signIn(browser, desk, 'ben', oneTime, BEN_PASSWORD)
    await expect(
      ben.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }),
    ).toHaveCount(0)
    const statuses = await ben.evaluate(async (channels) => {
      const out: Record<string, number> = {}
      for (const channel of channels) {
        const r = await fetch(`/rpc/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(channel === 'users:list' ? {} : { name: 'anna', role: 'agent' }),
        })
        out[channel] = r.status
      }
      return out
    }, Object.keys(usersRequestSchemas))
    expect(Object.values(statuses)).toEqual(Object.keys(usersRequestSchemas).map(() => 403))

    // Anna sees him signed in now, then disables him after confirming.
    await anna.getByRole('tab', { name: 'Desk settings' }).click()
    await anna.getByRole('tab', { name: 'Users & audit' }).click()
    const benRow = anna.locator('tr[data-user="ben"]')
    await expect(benRow).toContainText('active')
    await expect(benRow.locator('td').nth(4)).toHaveText('yes')
    // Her own Disable is blocked and says why (focusable, the reason read out); a click (forced:
    // Playwright waits for an aria-disabled button to become enabled) opens nothing.
    const ownDisable = anna.locator('tr[data-user="anna"]').getByRole('button', { name: 'Disable' })
    await expect(ownDisable).toHaveAttribute('aria-disabled', 'true')
    await expect(ownDisable).toHaveAccessibleDescription(/yourself/i)
    await ownDisable.click({ force: true })
    await expect(anna.getByRole('dialog')).toHaveCount(0)
    await benRow.getByRole('button', { name: 'Disable' }).click()
    const confirm = anna.getByRole('dialog', { name: 'Disable ben?' })
    await expect(confirm).toContainText('signed out everywhere at once')
    await confirm.getByRole('button', { name: 'Disable' }).click()
    await expect(benRow).toContainText('disabled')

    // Ben's open page loses its stream and says so, with the way back to the sign-in page.
    const banner = ben.locator('.connection-banner.signed-out')
    await expect(banner).toContainText('This page is signed out of the desk.')
    await banner.getByRole('button', { name: 'Sign in again' }).click()
    await expect(ben.getByRole('heading', { name: 'Sign in to Faces Concur Desk' })).toBeVisible()
    await ben.getByLabel('User name').fill('ben')
    await ben.getByLabel(/^(Password|One-time password)$/).fill(BEN_PASSWORD)
    await ben.getByRole('button', { name: 'Sign in' }).click()
    await expect(ben.getByRole('alert')).toBeVisible()
    await expect(ben.getByRole('heading', { name: 'Sign in to Faces Concur Desk' })).toBeVisible()

    // The audit trail has both changes by Anna.
    await show(anna, 'Audit')
    const rows = await anna.locator('.audit-table tbody tr').allInnerTexts()
    expect(rows.some((r) => r.includes('anna') && r.includes('user.add') && r.includes('ben'))).toBe(true)
    expect(rows.some((r) => r.includes('anna') && r.includes('user.disable'))).toBe(true)

    expectNoSecretIn(desk, secrets)
  } finally {
    await desk.stop()
  }
})
