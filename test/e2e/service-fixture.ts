/**
 * Starts the built desk in service mode on the Sandbox, in a fresh data folder, exactly as a user
 * would (`node out/main/service.js`), and reads the printed sign-in link (single use).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base } from '@playwright/test'

export type RunningDesk = {
  url: string
  origin: string
  dataDir: string
  output: () => string
  /** Sends the service process a signal (e.g. SIGUSR2: print a fresh sign-in link). */
  signal: (name: NodeJS.Signals) => void
  stop: () => Promise<void>
}

/** Spawns service mode and resolves once it printed its URL. */
export async function startServiceDesk(
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<RunningDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve('out/main/service.js'), '--data-dir', dataDir, '--no-open', ...extraArgs],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`service mode did not print its URL in 30 s:\n${output}`)),
      30_000,
    )
    const check = (): void => {
      const m = /Open: (https?:\/\/[^/\s]+\/\?token=\S+)/.exec(output)
      if (m?.[1]) {
        clearTimeout(timer)
        resolveUrl(m[1])
      }
    }
    child.stdout?.on('data', check)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`service mode exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    output: () => output,
    signal: (name) => void child.kill(name),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A Playwright test with a fresh service-mode desk per test. */
export const test = base.extend<{ desk: RunningDesk }>({
  desk: async ({}, use) => {
    const desk = await startServiceDesk()
    await use(desk)
    await desk.stop()
  },
})

export { expect } from '@playwright/test'
