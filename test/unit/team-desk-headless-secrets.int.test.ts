/**
 * A headless team desk (no keychain, a 0600 secret key file) with named users, driven by the
 * Electron app over HTTPS: the secrets an admin sets land encrypted in secrets.sqlite, and after
 * a day's work (passwords, a one-time password, an access token, a secret) no file in the data
 * folder holds any of them in plain text; the team's own credentials are hashes only.
 */
import { X509Certificate } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TeamConnectOutcome } from '../../src/shared/team-link-model'
import { openEncryptedSecretStore } from '../../src/main/adapters/secrets/encrypted-secret-store'
import { readSecretKeyFile, writeNewSecretKeyFile } from '../../src/main/adapters/secrets/secret-key'
import { openSecretVaultDb, secretVaultLocation } from '../../src/main/adapters/secrets/secret-vault-db'
import { createMemoryTeamLinkStore } from '../../src/main/adapters/team-client/team-link-store'
import type { TeamLinkDesk } from '../../src/main/adapters/team-client/team-link-desk'
import { systemClock } from '../../src/main/core/clock'
import { filesUnder, startApp, value } from './team-desk-app.test-helper'
import { startTeamDeskProcess, type TeamDeskProcess } from './team-desk-service.test-helper'

const ANNA = 'correct horse battery 1'
const FACES_KEY = 'fk-headless-secret-4711'

const apps: TeamLinkDesk[] = []
let server: TeamDeskProcess
let keyFile: string

beforeAll(async () => {
  keyFile = join(mkdtempSync(join(tmpdir(), 'desk-key-')), 'secret.key')
  writeNewSecretKeyFile(keyFile)
  server = await startTeamDeskProcess({
    secretKeyFile: keyFile,
    users: [{ name: 'anna', role: 'admin', password: ANNA }],
  })
}, 60_000)
afterAll(async () => {
  for (const a of apps.splice(0)) await a.stop()
  await server?.stop()
})

async function signIn(signIn: Parameters<TeamLinkDesk['dispatch']>[1]) {
  const app = await startApp(createMemoryTeamLinkStore(), apps)
  value(await app.desk.dispatch('team:connect', { url: server.origin, signIn }))
  const fingerprint256 = new X509Certificate(server.cert.certPem).fingerprint256
  return { app, confirmed: await app.desk.dispatch('team:confirm-certificate', { fingerprint256 }) }
}

describe('a headless team desk with named users', () => {
  it('keeps the secrets encrypted in the database and nothing secret in plain text in its data folder', async () => {
    expect(server.output()).toMatch(/secrets: encrypted/i)
    const { app: anna, confirmed } = await signIn({ method: 'password', name: 'anna', password: ANNA })
    expect(value<TeamConnectOutcome>(confirmed).step).toBe('connected')
    value(await anna.desk.dispatch('settings:set-secret', { name: 'faces-api-key', value: FACES_KEY }))
    const { token } = value<{ token: string }>(
      await anna.desk.dispatch('account:create-token', { name: 'script' }),
    )
    const benOneTime = /One-time password: (\S+)/.exec(
      await server.users(['add', 'ben'], { role: 'agent' }),
    )![1]!
    const ben = await signIn({ method: 'password', name: 'ben', password: benOneTime })
    expect(ben.confirmed.ok).toBe(false)
    value(
      await ben.app.desk.dispatch('team:connect', {
        url: server.origin,
        signIn: {
          method: 'password',
          name: 'ben',
          password: benOneTime,
          newPassword: 'blue meadow river 22',
        },
      }),
    )
    const byToken = await signIn({ method: 'token', token })
    expect(byToken.confirmed.ok).toBe(true)
    for (const a of apps.splice(0)) await a.stop()
    await server.stop()

    // The secret is in the encrypted store, under this key.
    const vaultAt = secretVaultLocation(server.dataDir, null)
    expect(existsSync(join(server.dataDir, 'secrets.sqlite'))).toBe(true)
    const vault = await openSecretVaultDb(vaultAt)
    const store = await openEncryptedSecretStore(vault, [readSecretKeyFile(keyFile)], systemClock)
    try {
      expect(await store.read('faces-api-key')).toBe(FACES_KEY)
    } finally {
      await store.close()
    }
    // Nothing secret in plain text anywhere in the data folder: databases, WAL, logs, settings.
    const files = filesUnder(server.dataDir)
    expect(files.some((f) => f.endsWith('desk.sqlite'))).toBe(true)
    const key = readFileSync(keyFile, 'utf8').trim()
    for (const secret of [ANNA, benOneTime, 'blue meadow river 22', token, FACES_KEY, key])
      for (const f of files)
        expect(readFileSync(f).includes(secret), `${secret.slice(0, 4)}… in ${f}`).toBe(false)
  })
})
