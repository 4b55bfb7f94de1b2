/**
 * Service mode's sign-in and transport security in a real browser: single-use links, cookies
 * planted by a page on another local port, and the desk over HTTPS off loopback.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { makeSelfSignedCertificate } from '../../src/main/adapters/http-service/tls-cert.test-helper'
import { TEST_CLOCK_ENV } from '../../src/main/app/sandbox-test-clock'
import { expect, startServiceDesk, test } from './service-fixture'

test('a sign-in link works once: another browser opening it is told how to get a new one', async ({
  page,
  desk,
  browser,
}) => {
  await page.goto(desk.url)
  await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
  const other = await browser.newContext()
  const otherPage = await other.newPage()
  const response = await otherPage.goto(desk.url)
  expect(response?.status()).toBe(401)
  await expect(otherPage.getByRole('heading', { name: 'This sign-in link has been used up' })).toBeVisible()
  await expect(otherPage.getByText('./desk serve --new-link')).toBeVisible()
  await other.close()
})

test('a page on another local port that plants session cookies cannot lock the user out', async ({
  page,
  desk,
}) => {
  await page.goto(desk.url)
  await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
  const port = new URL(desk.origin).port
  // Cookies are not isolated by port: this server's answers set cookies the browser sends to the desk.
  const evil: Server = createServer((_req, res) => {
    res.setHeader('set-cookie', [
      `desk_session_${port}=planted; Path=/rpc; HttpOnly`,
      `desk_session_${port}=planted; Path=/events; HttpOnly`,
      `desk_session=planted; Path=/`,
    ])
    res.end('<!doctype html><title>elsewhere</title>')
  })
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r))
  try {
    await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`)
    const planted = (await page.context().cookies(`${desk.origin}/rpc/x`)).filter(
      (c) => c.value === 'planted',
    )
    expect(planted.length).toBeGreaterThanOrEqual(2)
    await page.goto(`${desk.origin}/`)
    await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
    await expect(page.getByText('110034').first()).toBeVisible()
  } finally {
    await new Promise((r) => evil.close(r))
  }
})

test('off loopback the desk serves HTTPS with a certificate: signed in with a __Host- Secure cookie', async ({
  browser,
}) => {
  const cert = makeSelfSignedCertificate('IP:127.0.0.1,DNS:localhost')
  const desk = await startServiceDesk([
    '--listen',
    '0.0.0.0:0',
    '--tls-cert',
    cert.certFile,
    '--tls-key',
    cert.keyFile,
  ])
  const context = await browser.newContext({ ignoreHTTPSErrors: true })
  try {
    expect(desk.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/)
    expect(desk.output()).toContain('HTTPS only')
    const page = await context.newPage()
    const response = await page.goto(desk.url)
    expect(response?.status()).toBe(200)
    await expect(page).toHaveURL(`${desk.origin}/`)
    await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
    const [cookie] = await context.cookies(desk.origin)
    expect(cookie).toMatchObject({
      name: `__Host-desk_session_${new URL(desk.origin).port}`,
      secure: true,
      httpOnly: true,
    })
    expect(cookie?.sameSite).toBe('Strict')
  } finally {
    await context.close()
    await desk.stop()
  }
})

test('a fresh sign-in link on demand: ./desk serve --new-link and SIGUSR2 each sign in one more browser', async ({
  desk,
  browser,
}) => {
  const asked = spawnSync(
    process.execPath,
    [resolve('out/main/service.js'), '--new-link', '--data-dir', desk.dataDir],
    {
      encoding: 'utf8',
    },
  )
  expect(asked.status).toBe(0)
  const fromCommand = /Open \(once[^)]*\): (\S+)/.exec(asked.stdout)?.[1]
  expect(fromCommand).toMatch(new RegExp(`^${desk.origin}/\\?token=`))
  desk.signal('SIGUSR2')
  await expect.poll(() => desk.output().match(/Open: \S+/g)?.length ?? 0).toBe(2)
  const fromSignal = desk
    .output()
    .match(/Open: \S+/g)![1]!
    .slice('Open: '.length)
  for (const link of [fromCommand!, fromSignal]) {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(link)
    await expect(page.getByText('Umbrella Demo GmbH').first()).toBeVisible()
    await context.close()
  }
  const none = spawnSync(
    process.execPath,
    [resolve('out/main/service.js'), '--new-link', '--data-dir', `${desk.dataDir}-none`],
    {
      encoding: 'utf8',
    },
  )
  expect(none.status).toBe(2)
  expect(none.stderr).toContain('No desk in service mode is running with the data folder')
})

test('a test clock (DESK_TEST_CLOCK_START) is refused in production, with what to do, before anything starts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-clock-'))
  try {
    const started = spawnSync(
      process.execPath,
      [resolve('out/main/service.js'), '--data-dir', dataDir, '--no-open', '--production'],
      {
        encoding: 'utf8',
        env: { ...process.env, [TEST_CLOCK_ENV]: '2026-03-10T09:00:00+01:00' },
        timeout: 30_000,
      },
    )
    expect(started.status).toBe(2)
    expect(started.stderr).toContain(
      `${TEST_CLOCK_ENV} is set, but this desk is connected to production, which always runs on the real clock.`,
    )
    expect(started.stdout).not.toContain('Open:')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
