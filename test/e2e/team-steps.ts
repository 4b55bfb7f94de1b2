/** Steps of the team-desk journeys: `./desk users` against a running desk, sign-in in a fresh browser context. */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { filesUnder } from '../support/files-under'
import { expect, type RunningDesk } from './service-fixture'

/** The journeys' passwords (tests check they reach no file or output). */
export const ANNA_PASSWORD = 'correct horse battery staple'
export const BEN_PASSWORD = 'blue meadow quiet river'

/** Runs `./desk users ARGS` (the built service entry) on the desk's data folder; its output. */
export function users(desk: RunningDesk, args: string[], stdin?: string): string {
  const r = spawnSync(
    process.execPath,
    [resolve('out/main/service.js'), 'users', ...args, '--data-dir', desk.dataDir],
    {
      encoding: 'utf8',
      ...(stdin !== undefined ? { input: stdin } : {}),
    },
  )
  expect(r.status, r.stderr).toBe(0)
  return r.stdout
}

/** Signs `name` in in a new browser context (replacing a one-time password with `newPassword`). */
export async function signIn(
  browser: Browser,
  desk: RunningDesk,
  name: string,
  password: string,
  newPassword?: string,
): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true })
  const page = await context.newPage()
  await page.goto(`${desk.origin}/`)
  await expect(page.getByRole('heading', { name: 'Sign in to Faces Concur Desk' })).toBeVisible()
  await page.getByLabel('User name').fill(name)
  await page.getByLabel(/^(Password|One-time password)$/).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  if (newPassword) {
    await expect(page.getByRole('alert')).toContainText('choose your own password')
    await page.getByLabel('New password (at least 12 characters)').fill(newPassword)
    await page.getByLabel('New password again').fill(newPassword)
    await page.getByRole('button', { name: 'Set password and sign in' }).click()
  }
  await expect(page.getByLabel('Who is at the desk')).toContainText(`Signed in as ${name}`)
  return page
}

/** None of `secrets` in the desk's output or any file of its data folder (the database read as bytes). */
export function expectNoSecretIn(desk: RunningDesk, secrets: string[]): void {
  const files = filesUnder(desk.dataDir).map((f) => readFileSync(f))
  for (const secret of secrets) {
    expect(desk.output().includes(secret)).toBe(false)
    for (const bytes of files) expect(bytes.includes(secret)).toBe(false)
  }
}
