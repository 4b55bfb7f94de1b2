/** Which secret store service mode picks (the keychain check injected: a headless server has none). */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { systemClock } from '../../core/clock'
import { silentLogger } from '../../logging/logger'
import { createMemorySecretStore } from '../keychain/keytar-secret-store'
import { openServiceSecrets, SHARED_NEEDS_KEY, type ServiceSecretsOptions } from './open-service-secrets'
import { SECRET_KEY_ENV, SecretKeyError } from './secret-key'

const noKeychain = async () => ({
  ok: false as const,
  reason: 'Cannot autolaunch D-Bus without X11 $DISPLAY',
})
const keychain = createMemorySecretStore('stands in for the OS keychain')
const withKeychain = async () => ({ ok: true as const, store: keychain })

function options(over: Partial<ServiceSecretsOptions>): ServiceSecretsOptions {
  return {
    environment: 'production',
    dataDir: mkdtempSync(join(tmpdir(), 'desk-choice-')),
    databaseUrl: null,
    keyFile: undefined,
    env: {},
    clock: systemClock,
    log: silentLogger,
    probe: noKeychain,
    ...over,
  }
}

function keyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'desk-key-')), 'desk.key')
  writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 })
  return file
}

describe('the secret store service mode starts with', () => {
  it('is the keychain when the Secret Service answers, even with a key given', async () => {
    const chosen = await openServiceSecrets(options({ probe: withKeychain, keyFile: keyFile() }))
    expect(chosen.store).toBe(keychain)
    expect(chosen.note).toMatch(/keychain answers.*is not used/)
  })

  it('is the encrypted store when no keychain answers and a key file or the environment has a key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-choice-'))
    const chosen = await openServiceSecrets(options({ keyFile: keyFile(), dataDir }))
    expect(chosen.store.describe().backend).toBe('encrypted')
    expect(chosen.store.describe().detail).toContain(join(dataDir, 'secrets.sqlite'))
    await chosen.store.write('faces-api-key', 'x')
    await chosen.close()
    const env = { [SECRET_KEY_ENV]: randomBytes(32).toString('base64') }
    const fromEnv = await openServiceSecrets(options({ env }))
    expect(fromEnv.store.describe().backend).toBe('encrypted')
    await fromEnv.close()
  })

  it('refuses production with neither, saying which flag to give; never plain text', async () => {
    const err = await openServiceSecrets(options({})).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SecretKeyError)
    expect((err as Error).message).toContain('No keychain and no secret key: give --secret-key-file FILE')
    expect((err as Error).message).toContain('Cannot autolaunch D-Bus')
  })

  it('keeps the Sandbox (fake secrets) in memory when there is neither', async () => {
    const chosen = await openServiceSecrets(options({ environment: 'sandbox' }))
    expect(chosen.store.describe().backend).toBe('memory')
  })

  it('reports a bad key file even when the keychain would win', async () => {
    const file = keyFile()
    const { chmodSync } = await import('node:fs')
    chmodSync(file, 0o644)
    await expect(openServiceSecrets(options({ probe: withKeychain, keyFile: file }))).rejects.toThrow(
      `chmod 600 ${file}`,
    )
  })

  it('uses the encrypted store for shared instances even when a keychain answers, and refuses them without a key', async () => {
    const chosen = await openServiceSecrets(
      options({ shared: true, probe: withKeychain, keyFile: keyFile() }),
    )
    expect(chosen.store).not.toBe(keychain)
    expect(chosen.store.describe().backend).toBe('encrypted')
    await chosen.close()
    const err = await openServiceSecrets(options({ shared: true, probe: withKeychain })).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(SecretKeyError)
    expect((err as Error).message).toBe(SHARED_NEEDS_KEY)
  })
})
