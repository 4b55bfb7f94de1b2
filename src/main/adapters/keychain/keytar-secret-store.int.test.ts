/**
 * Against the real OS keychain (GNOME Keyring over D-Bus on Linux, set up by `./desk test`).
 * This test fails, not skips, when no keychain is reachable: secrets must never silently land elsewhere.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { createKeytarSecretStore, loadKeytar, probeKeychain } from './keytar-secret-store'

const service = `Faces Concur Desk test ${process.pid}-${Date.now()}`

describe('keytar secret store (real keychain)', () => {
  afterAll(async () => {
    const keytar = await loadKeytar().catch(() => null)
    for (const c of (await keytar?.findCredentials(service).catch(() => [])) ?? []) {
      await keytar?.deletePassword(service, c.account)
    }
  })

  it('reaches a working keychain (run the suite through ./desk test, which starts one)', async () => {
    const probe = await probeKeychain(service)
    expect(probe.ok ? 'keychain ok' : `no keychain: ${probe.reason}`).toBe('keychain ok')
  })

  it('stores, reads back and deletes a secret, non-ASCII included', async () => {
    const store = createKeytarSecretStore(await loadKeytar(), service)
    const value = 'rt-Zürich-東京-' + 'x'.repeat(300)
    await store.write('refresh-token:entity-1', value)
    expect(await store.read('refresh-token:entity-1')).toBe(value)
    await store.remove('refresh-token:entity-1')
    expect(await store.read('refresh-token:entity-1')).toBeNull()
  })

  it('overwrites a rotated refresh token in place', async () => {
    const store = createKeytarSecretStore(await loadKeytar(), service)
    await store.write('refresh-token:entity-2', 'first')
    await store.write('refresh-token:entity-2', 'rotated')
    expect(await store.read('refresh-token:entity-2')).toBe('rotated')
    const keytar = await loadKeytar()
    const accounts = (await keytar.findCredentials(service)).filter(
      (c) => c.account === 'refresh-token:entity-2',
    )
    expect(accounts).toHaveLength(1)
  })

  it('keeps separate services apart', async () => {
    const keytar = await loadKeytar()
    const a = createKeytarSecretStore(keytar, service)
    const b = createKeytarSecretStore(keytar, `${service} other`)
    await a.write('concur-client-secret', 'only-in-a')
    expect(await b.read('concur-client-secret')).toBeNull()
    expect(a.describe()).toEqual({ backend: 'keychain', detail: `OS keychain, service "${service}"` })
  })
})
