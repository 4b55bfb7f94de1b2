/**
 * `./desk secrets …` and the production start without a keychain, as a user runs them: rotation
 * through the command (the old key reads until it commits, then only the new one is needed), a
 * running desk refused by the folder lock, and service mode refusing to start with no secret home.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { systemClock } from '../../core/clock'
import { silentLogger } from '../../logging/logger'
import { createFolderOwnerLock } from '../storage/lock/folder-owner-lock'
import { openEncryptedSecretStore } from './encrypted-secret-store'
import { readSecretKeyFile, writeNewSecretKeyFile } from './secret-key'
import { runSecretsCommand } from './secrets-command'
import { openSecretVaultDb, secretVaultLocation } from './secret-vault-db'

const SERVICE_ENTRY = resolve(import.meta.dirname, '../../service.ts')
const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p))

async function seed(dataDir: string, keyFile: string, values: Record<string, string>): Promise<void> {
  const store = await openEncryptedSecretStore(
    await openSecretVaultDb(secretVaultLocation(dataDir, null)),
    [readSecretKeyFile(keyFile)],
    systemClock,
  )
  for (const [name, value] of Object.entries(values)) await store.write(name as 'faces-api-key', value)
  await store.close()
}

async function readAll(dataDir: string, keyFile: string, names: string[]): Promise<Array<string | null>> {
  const store = await openEncryptedSecretStore(
    await openSecretVaultDb(secretVaultLocation(dataDir, null)),
    [readSecretKeyFile(keyFile)],
    systemClock,
  )
  try {
    return await Promise.all(names.map((n) => store.read(n as 'faces-api-key')))
  } finally {
    await store.close()
  }
}

describe('./desk secrets', () => {
  it('new-key, then rotate-key: every value readable with the new key alone, the old one refused', async () => {
    const keys = tmp('desk-keys-')
    const dataDir = tmp('desk-data-')
    const oldKey = join(keys, 'old.key')
    const made = await runSecretsCommand(['new-key', oldKey], { dataDir, databaseUrl: null, env: {} })
    expect(made.code).toBe(0)
    expect(made.out).toMatch(/Wrote a new secret key k-[0-9a-f]{12} to .*old\.key \(mode 0600\)/)
    const newKey = join(keys, 'new.key')
    writeNewSecretKeyFile(newKey)
    await seed(dataDir, oldKey, {
      'faces-api-key': 'fk-1',
      'refresh-token:e1': 'rt-1',
      'concur-client-secret': 'cs',
    })

    const rotated = await runSecretsCommand(
      ['rotate-key', '--secret-key-file', oldKey, '--new-key-file', newKey],
      {
        dataDir,
        databaseUrl: null,
        env: {},
      },
    )
    expect(rotated.out).toContain(`Re-encrypted 3 secrets`)
    expect(rotated.out).toContain(`to ${readSecretKeyFile(newKey).id}`)
    expect(rotated.out).toContain(`--secret-key-file ${newKey}`)
    expect(rotated.code).toBe(0)
    expect(
      await readAll(dataDir, newKey, ['faces-api-key', 'refresh-token:e1', 'concur-client-secret']),
    ).toEqual(['fk-1', 'rt-1', 'cs'])
    await expect(readAll(dataDir, oldKey, ['faces-api-key'])).rejects.toThrow(readSecretKeyFile(newKey).id)
    const status = await runSecretsCommand(['status', '--secret-key-file', newKey], {
      dataDir,
      databaseUrl: null,
      env: {},
    })
    expect(status.out).toContain(`they open with key ${readSecretKeyFile(newKey).id}`)
  })

  it('refuses to rotate under a running desk (the data folder lock), and explains usage', async () => {
    const keys = tmp('desk-keys-')
    const dataDir = tmp('desk-data-')
    const oldKey = join(keys, 'old.key')
    const newKey = join(keys, 'new.key')
    writeNewSecretKeyFile(oldKey)
    writeNewSecretKeyFile(newKey)
    await seed(dataDir, oldKey, { 'faces-api-key': 'fk' })
    const lock = createFolderOwnerLock({ target: dataDir, log: silentLogger })
    await lock.acquire()
    try {
      const r = await runSecretsCommand(
        ['rotate-key', '--secret-key-file', oldKey, '--new-key-file', newKey],
        {
          dataDir,
          databaseUrl: null,
          env: {},
        },
      )
      expect(r.code).toBe(2)
      expect(r.out).toMatch(/in use/i)
    } finally {
      await lock.release()
    }
    expect(await readAll(dataDir, oldKey, ['faces-api-key'])).toEqual(['fk'])
    const usage = await runSecretsCommand(['spin'], { dataDir, databaseUrl: null, env: {} })
    expect(usage).toEqual({ code: 2, out: expect.stringContaining('usage: ./desk secrets') })
    const noNew = await runSecretsCommand(['rotate-key', '--secret-key-file', oldKey], {
      dataDir,
      databaseUrl: null,
      env: {},
    })
    expect(noNew.out).toContain('rotate-key needs --new-key-file FILE')
  })

  it('service mode in production with no keychain and no key refuses to start (exit 2), naming the flag', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        SERVICE_ENTRY,
        '--data-dir',
        tmp('desk-nokey-'),
        '--no-open',
        '--production',
        '--port',
        '0',
      ],
      {
        encoding: 'utf8',
        timeout: 60_000,
        // A headless server: no session bus, so no Secret Service.
        env: {
          ...process.env,
          DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
          FACES_CONCUR_DESK_SECRET_KEY: '',
        },
      },
    )
    expect(r.stderr).toContain('No keychain and no secret key: give --secret-key-file FILE')
    expect(r.status).toBe(2)
  })

  it('service mode in production with no keychain starts on the encrypted store when given a key', async () => {
    const keyFile = join(tmp('desk-keys-'), 'desk.key')
    const id = writeNewSecretKeyFile(keyFile)
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        SERVICE_ENTRY,
        '--data-dir',
        tmp('desk-key-'),
        '--no-open',
        '--production',
        '--port',
        '0',
        '--secret-key-file',
        keyFile,
      ],
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } },
    )
    let out = ''
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const started = await new Promise<boolean>((done) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('Open: ')) done(true)
      })
      child.on('exit', () => done(false))
    })
    child.kill('SIGTERM')
    expect(out).toContain(`(secrets: encrypted in `)
    expect(out).toContain(`secrets.sqlite (AES-256-GCM, key ${id})`)
    expect(started).toBe(true)
  })
})
