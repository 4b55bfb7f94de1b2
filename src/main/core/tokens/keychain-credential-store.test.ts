import { describe, expect, it } from 'vitest'
import { createManualClock } from '../clock'
import { createKeychainCredentialStore, patchCredentialMeta } from './keychain-credential-store'
import { createMemorySecrets, createMemorySettings } from './token-desk.test-helper'

const credential = {
  refreshToken: 'rt-0123456789abcdef',
  geolocation: 'https://eu2.example',
  refreshExpiresAtMs: 99,
}

describe('keychain credential store', () => {
  it('puts the refresh token in the keychain and only metadata in settings', async () => {
    const secrets = createMemorySecrets()
    const settings = createMemorySettings()
    const store = createKeychainCredentialStore({
      secrets,
      settings,
      environment: 'production',
      clock: createManualClock(5),
    })
    await store.save('e1', credential)
    expect(secrets.values.get('refresh-token:e1')).toBe(credential.refreshToken)
    expect(settings.read().credentialMeta['production:e1']).toEqual({
      geolocation: 'https://eu2.example',
      refreshExpiresAtMs: 99,
      sinceMs: 5,
      exchangedFromTokenId: null,
      handedToFacesAtMs: null,
    })
    expect(JSON.stringify(settings.read())).not.toContain(credential.refreshToken)
    expect(await store.load('e1')).toEqual(credential)
  })

  it('writes no metadata when the keychain refuses the token', async () => {
    const secrets = createMemorySecrets()
    secrets.failWrites = true
    const settings = createMemorySettings()
    const store = createKeychainCredentialStore({
      secrets,
      settings,
      environment: 'sandbox',
      clock: createManualClock(0),
    })
    await expect(store.save('e1', credential)).rejects.toThrow('keychain locked')
    expect(settings.read().credentialMeta).toEqual({})
    expect(settings.writes).toBe(0)
  })

  it('keeps the keychain token when the metadata write fails, and repairs it on the next save', async () => {
    const secrets = createMemorySecrets()
    let failing = true
    const settings = createMemorySettings(() => {
      if (failing) throw new Error('disk full')
    })
    const store = createKeychainCredentialStore({
      secrets,
      settings,
      environment: 'sandbox',
      clock: createManualClock(0),
    })
    await expect(store.save('e1', credential)).rejects.toThrow('disk full')
    expect(secrets.values.get('refresh-token:e1')).toBe(credential.refreshToken)
    expect(await store.load('e1')).toBeNull()
    failing = false
    await store.save('e1', credential)
    expect(await store.load('e1')).toEqual(credential)
  })

  it('keeps origin and hand-off facts across a refresh rotation', async () => {
    const secrets = createMemorySecrets()
    const settings = createMemorySettings()
    const clock = createManualClock(0)
    const store = createKeychainCredentialStore({ secrets, settings, environment: 'sandbox', clock })
    await store.save('e1', credential)
    patchCredentialMeta(settings, 'sandbox', 'e1', (m) => ({
      ...m,
      exchangedFromTokenId: 't1',
      handedToFacesAtMs: 3,
    }))
    await clock.advance(10)
    await store.save('e1', { ...credential, refreshToken: 'rt-rotated-0123456789' })
    expect(settings.read().credentialMeta['sandbox:e1']).toMatchObject({
      exchangedFromTokenId: 't1',
      handedToFacesAtMs: 3,
      sinceMs: 10,
    })
  })
})
