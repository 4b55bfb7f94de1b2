/**
 * The team desk in real Chromium, over HTTPS off loopback (a certificate made for the test): two
 * users added with `./desk users add` while the desk runs, each signed in in their own browser
 * context. Each sees the other's paste and exchange live; the agent is refused settings by the
 * server (403, called directly); a browser without a session gets 401; the audit trail shows both;
 * personal access tokens work as Bearer; and no password or token reaches the desk's output or logs.
 */
import { makeSelfSignedCertificate } from '../../src/main/adapters/http-service/tls-cert.test-helper'
import { connectThroughSandbox, openEntity, show } from './journey-steps'
import { expect, startServiceDesk, test } from './service-fixture'
import { ANNA_PASSWORD, BEN_PASSWORD, expectNoSecretIn, signIn, users } from './team-steps'

test('two users share one team desk: live pastes and exchanges, roles enforced by the server, one audit trail', async ({
  browser,
}) => {
  test.setTimeout(150_000)
  const cert = makeSelfSignedCertificate('IP:127.0.0.1,DNS:localhost')
  const desk = await startServiceDesk([
    '--listen',
    '0.0.0.0:0',
    '--tls-cert',
    cert.certFile,
    '--tls-key',
    cert.keyFile,
  ])
  const secrets = [ANNA_PASSWORD, BEN_PASSWORD]
  try {
    expect(
      users(desk, ['add', 'anna', '--role', 'admin', '--password-stdin'], `${ANNA_PASSWORD}\n`),
    ).toContain('Added anna (admin)')
    const oneTime = /One-time password: (\S+)/.exec(users(desk, ['add', 'ben', '--role', 'agent']))![1]!
    secrets.push(oneTime)

    const anna = await signIn(browser, desk, 'anna', ANNA_PASSWORD)
    const ben = await signIn(browser, desk, 'ben', oneTime, BEN_PASSWORD)
    const [annaCookie] = await anna.context().cookies(desk.origin)
    expect(annaCookie).toMatchObject({
      name: expect.stringMatching(/^__Host-desk_session_/),
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
    })

    // Each sees that the other is signed in.
    await expect(anna.getByRole('list', { name: 'Also here' })).toContainText('ben')
    await expect(ben.getByRole('list', { name: 'Also here' })).toContainText('anna')

    // Anna pastes and exchanges for Umbrella while Ben watches its page: he sees it live.
    await openEntity(ben, 'Umbrella Demo GmbH')
    await connectThroughSandbox(anna, 'Umbrella Demo GmbH')
    await expect(ben.getByText(/Refresh token in keychain since/)).toBeVisible()
    const benActivity = ben.getByRole('region', { name: 'Who did what' })
    await expect(benActivity).toContainText(/token pasted by anna at \d\d:\d\d/)
    await expect(benActivity).toContainText(/token exchanged by anna at \d\d:\d\d/)

    // Ben (an agent) does the same for Nordlicht while Anna watches.
    await openEntity(anna, 'Nordlicht Reisen AG')
    await connectThroughSandbox(ben, 'Nordlicht Reisen AG')
    await expect(anna.getByText(/Refresh token in keychain since/)).toBeVisible()
    await expect(anna.getByRole('region', { name: 'Who did what' })).toContainText(
      /token exchanged by ben at/,
    )

    // The agent does not see Settings, and the server refuses him when he calls it directly.
    await expect(
      ben.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }),
    ).toHaveCount(0)
    const refused = await ben.evaluate(async () => {
      const r = await fetch('/rpc/settings:update', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requestTokenLifetimeHours: 24 }),
      })
      return { status: r.status, body: (await r.json()) as { ok: boolean; problem?: { kind: string } } }
    })
    expect(refused).toEqual({
      status: 403,
      body: expect.objectContaining({ ok: false, problem: expect.objectContaining({ kind: 'forbidden' }) }),
    })

    // Without a session: 401, and the page is the sign-in page.
    const stranger = await browser.newContext({ ignoreHTTPSErrors: true })
    const anonymous = await stranger.request.post(`${desk.origin}/rpc/entities:list`, {
      headers: { 'content-type': 'application/json', origin: desk.origin },
      data: {},
    })
    expect(anonymous.status()).toBe(401)
    await stranger.close()

    // Anna makes a personal access token in My account; it works as Bearer and is shown once.
    await anna.getByRole('button', { name: 'My account' }).click()
    await anna.getByLabel('Name').fill('report script')
    await anna.getByRole('button', { name: 'Create token' }).click()
    const token = (await anna.locator('.notice .mono').textContent())!.trim()
    expect(token).toMatch(/^fcd_/)
    secrets.push(token)
    await anna.getByRole('button', { name: 'Done' }).click()
    await expect(anna.getByRole('cell', { name: 'report script' })).toBeVisible()
    const viaToken = await anna.context().request.post(`${desk.origin}/rpc/session:me`, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      data: {},
    })
    expect(await viaToken.json()).toMatchObject({ ok: true, value: { name: 'anna', via: 'access-token' } })

    // The audit trail shows both users' actions.
    await show(anna, 'Audit')
    const table = anna.locator('.audit-table')
    await expect(table).toContainText('token.exchange')
    const rows = await table.locator('tbody tr').allInnerTexts()
    const who = (name: string, action: string) => rows.some((r) => r.includes(name) && r.includes(action))
    expect(who('anna', 'token.paste') && who('anna', 'token.exchange')).toBe(true)
    expect(who('ben', 'token.paste') && who('ben', 'token.exchange')).toBe(true)
    expect(who('ben', 'settings.change') && rows.some((r) => r.includes('denied'))).toBe(true)
    expect(who('anna', 'access-token.create')).toBe(true)
    await anna.getByLabel('User', { exact: true }).fill('ben')
    await expect(table.locator('tbody tr').first()).toContainText('ben')
    expect((await table.locator('tbody tr').allInnerTexts()).every((r) => r.includes('ben'))).toBe(true)
    // The action filter offers the desk's own list by label; with the user cleared it shows both users' exchanges.
    await anna.getByLabel('Action').selectOption({ label: 'Token exchanged (token.exchange)' })
    await anna.getByLabel('User', { exact: true }).fill('')
    await expect(table.locator('tbody tr').filter({ hasText: 'anna' }).first()).toBeVisible()
    const exchanges = await table.locator('tbody tr').allInnerTexts()
    expect(exchanges.every((r) => r.includes('token.exchange'))).toBe(true)
    expect(exchanges.some((r) => r.includes('ben')) && exchanges.some((r) => r.includes('anna'))).toBe(true)
    await anna.getByLabel('Action').selectOption('')

    // Ben signs out: his session is gone, the page shows the sign-in page again.
    await ben.getByRole('button', { name: 'Sign out' }).click()
    await expect(ben.getByRole('heading', { name: 'Sign in to Faces Concur Desk' })).toBeVisible()
    const after = await ben.evaluate(
      async () =>
        (
          await fetch('/rpc/session:me', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).status,
    )
    expect(after).toBe(401)

    // No password, one-time password or token in the desk's output, its logs or any file of its
    // data folder, the database (read as bytes) included.
    expectNoSecretIn(desk, secrets)
  } finally {
    await desk.stop()
  }
})
