/**
 * Starts the built desk in service mode on the Sandbox, in a fresh data folder, exactly as a user
 * would (`node out/main/service.js`), and reads the printed sign-in link (single use).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base } from '@playwright/test'
import { TEST_CLOCK_ENV } from '../../src/main/app/sandbox-test-clock'

export type RunningDesk = {
  url: string
  origin: string
  dataDir: string
  output: () => string
  /** The desk's "now": the real clock, or its test clock (DESK_TEST_CLOCK_START) advanced since the spawn. */
  nowMs: () => number
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
  const spawnedAtMs = Date.now()
  const clockStart = env[TEST_CLOCK_ENV]
  const offsetMs = clockStart ? Date.parse(clockStart) - spawnedAtMs : 0
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
    nowMs: () => Date.now() + offsetMs,
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

/**
 * A Playwright test with a fresh service-mode desk per test. `clockStart` (an ISO instant) starts
 * the Sandbox's clock there (DESK_TEST_CLOCK_START); pin the browser to `desk.nowMs()` with it.
 */
export const test = base.extend<{ desk: RunningDesk; clockStart: string | null }>({
  clockStart: [null, { option: true }],
  desk: async ({ clockStart }, use) => {
    const desk = await startServiceDesk([], clockStart ? { [TEST_CLOCK_ENV]: clockStart } : {})
    await use(desk)
    await desk.stop()
  },
})

export { expect } from '@playwright/test'
