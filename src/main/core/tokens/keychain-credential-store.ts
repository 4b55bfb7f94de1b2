/**
 * The connector's ConcurCredentialStore: the refresh token goes to the keychain only
 * (`refresh-token:${entityId}`), the metadata to settings.credentialMeta[`${environment}:${entityId}`].
 *
 * The keychain is written first, then the metadata: if the second write fails the token is still
 * safe and the next save repairs the metadata, whereas metadata without a token would claim a
 * credential that does not exist. The connector's `entityKey` is the entity id.
 */
import type { EnvironmentKind } from '../../../shared/model'
import { secretRegistry } from '../../logging/redact'
import type { ConcurCredential, ConcurCredentialStore } from '../concur/concur-client'
import type { Clock, SecretStore, SettingsStore } from '../ports'
import type { CredentialMeta, DeskSettings } from '../settings/desk-settings'

/** Dependencies of the keychain-backed credential store. */
export type KeychainCredentialStoreDeps = Readonly<{
  secrets: SecretStore
  settings: SettingsStore<DeskSettings>
  environment: EnvironmentKind
  clock: Clock
}>

/** The settings key of an entity's credential metadata. */
export function credentialMetaKey(environment: EnvironmentKind, entityId: string): string {
  return `${environment}:${entityId}`
}

/** Reads an entity's credential metadata, or null. */
export function readCredentialMeta(
  settings: SettingsStore<DeskSettings>,
  environment: EnvironmentKind,
  entityId: string,
): CredentialMeta | null {
  return settings.read().credentialMeta[credentialMetaKey(environment, entityId)] ?? null
}

/** Changes an entity's credential metadata (no-op when there is none). */
export function patchCredentialMeta(
  settings: SettingsStore<DeskSettings>,
  environment: EnvironmentKind,
  entityId: string,
  change: (meta: CredentialMeta) => CredentialMeta,
): void {
  const current = settings.read()
  const key = credentialMetaKey(environment, entityId)
  const meta = current.credentialMeta[key]
  if (!meta) return
  settings.write({ ...current, credentialMeta: { ...current.credentialMeta, [key]: change(meta) } })
}

/** Creates the credential store the Concur connector saves through. */
export function createKeychainCredentialStore(deps: KeychainCredentialStoreDeps): ConcurCredentialStore {
  return {
    async load(entityId) {
      const refreshToken = await deps.secrets.read(`refresh-token:${entityId}`)
      const meta = readCredentialMeta(deps.settings, deps.environment, entityId)
      if (!refreshToken || !meta) return null
      secretRegistry.register(refreshToken)
      return { refreshToken, geolocation: meta.geolocation, refreshExpiresAtMs: meta.refreshExpiresAtMs }
    },
    async save(entityId, credential: ConcurCredential) {
      secretRegistry.register(credential.refreshToken)
      const previousToken = await deps.secrets.read(`refresh-token:${entityId}`).catch(() => null)
      await deps.secrets.write(`refresh-token:${entityId}`, credential.refreshToken)
      const current = deps.settings.read()
      const key = credentialMetaKey(deps.environment, entityId)
      const previous = current.credentialMeta[key]
      const sameToken = previousToken === credential.refreshToken
      // A refresh-grant rotation keeps the hand-off date: the token desk resets it itself after an
      // exchange (a new credential), which is when Faces must receive the new refresh token.
      const meta: CredentialMeta = {
        geolocation: credential.geolocation,
        refreshExpiresAtMs: credential.refreshExpiresAtMs,
        sinceMs: sameToken && previous ? previous.sinceMs : deps.clock.nowMs(),
        exchangedFromTokenId: previous?.exchangedFromTokenId ?? null,
        handedToFacesAtMs: previous?.handedToFacesAtMs ?? null,
      }
      deps.settings.write({ ...current, credentialMeta: { ...current.credentialMeta, [key]: meta } })
    },
  }
}
