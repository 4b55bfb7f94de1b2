/**
 * The Electron app's desk under plain Node for the team-desk client tests: createElectronDesk in a
 * fresh data folder (no electron), with a secret store that records every write, and the pushes
 * the window would hear.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PushMessage } from '../../src/shared/contract'
import type { Result } from '../../src/shared/result'
import { createElectronDesk } from '../../src/main/app/electron-desk'
import { createMemorySecretStore } from '../../src/main/adapters/keychain/keytar-secret-store'
import { createConfSettingsStore } from '../../src/main/adapters/storage/conf-settings-store'
import type { TeamLinkStore } from '../../src/main/adapters/team-client/team-link-store'
import type { TeamLinkDesk } from '../../src/main/adapters/team-client/team-link-desk'
import type { SecretStore } from '../../src/main/core/ports'
import { createMemoryLogger } from '../../src/main/logging/logger'

export { filesUnder } from '../support/files-under'

/** A call's value; a failure fails the test with its kind and message. */
export function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.problem.kind}: ${r.problem.message}`)
  return r.value as T
}

/** Polls `probe` (25 ms apart, 10 s at most) until it answers. */
export async function eventually<T>(what: string, probe: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = probe()
    if (v) return v
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** A running app desk. */
export type TestApp = {
  desk: TeamLinkDesk
  dataDir: string
  /** Names of the secrets written to this app's own store. */
  writes: string[]
  pushes: PushMessage[]
  log: ReturnType<typeof createMemoryLogger>
}

/** Starts the app's desk; `apps` collects it for the test's clean-up. */
export async function startApp(teamLinks: TeamLinkStore, apps: TeamLinkDesk[]): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'electron-app-'))
  const memory = createMemorySecretStore('the app under test')
  const writes: string[] = []
  const secrets: SecretStore = {
    ...memory,
    write: async (name, v) => {
      writes.push(name)
      await memory.write(name, v)
    },
  }
  const log = createMemoryLogger()
  const desk = await createElectronDesk(
    {
      transport: 'electron',
      dataDir,
      settings: createConfSettingsStore(dataDir),
      secrets,
      log,
      version: '0.1.0-test',
    },
    { teamLinks, reconnectDelayMs: () => 50 },
  )
  const pushes: PushMessage[] = []
  desk.bus.subscribe((m) => pushes.push(m))
  apps.push(desk)
  return { desk, dataDir, writes, pushes, log }
}
