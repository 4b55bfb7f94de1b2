/**
 * Where an entity's Concur credential is kept, behind one repository-style interface:
 * - the secret, in the keychain only (`refresh-token:${entityId}`): the refresh token together with
 *   its generation, geolocation and expiry as one JSON value, so one keychain write is the commit
 *   point of a rotation (a kill can never leave a token with the wrong generation);
 * - the metadata (no secret), in the store's credential_meta rows (CredentialMetaStore port);
 * - the credential history, appended to the sync log as records of kind 'credential'.
 */
import { secretRegistry } from '../../logging/redact'
import type { SecretStore } from '../ports'
import type { CredentialMeta } from '../settings/desk-settings'
import type { CredentialHistoryEntry } from './credential-history'

/** The secret part of a credential, exactly as one keychain item holds it. */
export type StoredCredential = {
  generation: number
  refreshToken: string
  /** Normalised, policy-checked base URL of the company's data centre. */
  geolocation: string
  refreshExpiresAtMs: number | null
  /** The request token (its metadata id) this credential was exchanged from, when known. */
  exchangedFromTokenId: string | null
}

/** Persistence of credentials (keychain + credential metadata rows + sync log). */
export interface CredentialRepository {
  loadSecret(entityId: string): Promise<StoredCredential | null>
  /** Writes token and generation in one step; resolves once the keychain holds them. */
  saveSecret(entityId: string, credential: StoredCredential): Promise<void>
  removeSecret(entityId: string): Promise<void>
  loadMeta(entityId: string): Promise<CredentialMeta | null>
  saveMeta(entityId: string, meta: CredentialMeta): Promise<void>
  /** Every entity with credential metadata in this environment. */
  listMeta(): Promise<Array<{ entityId: string; meta: CredentialMeta }>>
  appendHistory(entry: CredentialHistoryEntry): Promise<void>
}

/** The storage port of credential metadata (one row per entity of the store's environment). */
export interface CredentialMetaStore {
  load(entityId: string): Promise<CredentialMeta | null>
  save(entityId: string, meta: CredentialMeta): Promise<void>
  list(): Promise<Array<{ entityId: string; meta: CredentialMeta }>>
}

/** Credential metadata held in memory (unit tests). */
export function createMemoryCredentialMetaStore(): CredentialMetaStore & {
  readonly rows: ReadonlyMap<string, CredentialMeta>
} {
  const rows = new Map<string, CredentialMeta>()
  return {
    rows,
    load: (entityId) => Promise.resolve(structuredClone(rows.get(entityId) ?? null)),
    save: (entityId, meta) => {
      rows.set(entityId, structuredClone(meta))
      return Promise.resolve()
    },
    list: () =>
      Promise.resolve([...rows].map(([entityId, meta]) => ({ entityId, meta: structuredClone(meta) }))),
  }
}

/** Dependencies of the repository. */
export type CredentialRepositoryDeps = Readonly<{
  secrets: SecretStore
  meta: CredentialMetaStore
  /** Receives each history entry (the composition root appends it to the sync log). */
  history: (entry: CredentialHistoryEntry) => void
}>

/** Reads a keychain value: the JSON of a StoredCredential, or the bare token an older desk wrote. */
export function parseStoredSecret(
  value: string,
  fallback: Omit<StoredCredential, 'refreshToken'> | null,
): StoredCredential | null {
  if (value.startsWith('{')) {
    try {
      const v = JSON.parse(value) as Partial<StoredCredential>
      if (
        typeof v.refreshToken === 'string' &&
        v.refreshToken !== '' &&
        typeof v.generation === 'number' &&
        typeof v.geolocation === 'string'
      )
        return {
          generation: v.generation,
          refreshToken: v.refreshToken,
          geolocation: v.geolocation,
          refreshExpiresAtMs: typeof v.refreshExpiresAtMs === 'number' ? v.refreshExpiresAtMs : null,
          exchangedFromTokenId: typeof v.exchangedFromTokenId === 'string' ? v.exchangedFromTokenId : null,
        }
    } catch {
      // Not our JSON: treat it as a bare token below.
    }
  }
  return fallback ? { ...fallback, refreshToken: value } : null
}

/** Creates the repository over the keychain, the metadata rows and the history sink. */
export function createCredentialRepository(deps: CredentialRepositoryDeps): CredentialRepository {
  const name = (entityId: string) => `refresh-token:${entityId}` as const
  const metaOf = (entityId: string) => deps.meta.load(entityId)
  return {
    async loadSecret(entityId) {
      const value = await deps.secrets.read(name(entityId))
      if (!value) return null
      secretRegistry.register(value)
      const meta = await metaOf(entityId)
      const parsed = parseStoredSecret(
        value,
        meta
          ? {
              generation: meta.generation,
              geolocation: meta.geolocation,
              refreshExpiresAtMs: meta.refreshExpiresAtMs,
              exchangedFromTokenId: meta.exchangedFromTokenId,
            }
          : null,
      )
      if (parsed) secretRegistry.register(parsed.refreshToken)
      return parsed
    },
    async saveSecret(entityId, credential) {
      secretRegistry.register(credential.refreshToken)
      await deps.secrets.write(name(entityId), JSON.stringify(credential))
    },
    async removeSecret(entityId) {
      await deps.secrets.remove(name(entityId))
    },
    async loadMeta(entityId) {
      return metaOf(entityId)
    },
    saveMeta: (entityId, meta) => deps.meta.save(entityId, meta),
    listMeta: () => deps.meta.list(),
    async appendHistory(entry) {
      deps.history(entry)
    },
  }
}

/** A credential as the owner works with it: the secret and its metadata, in step. */
export type CredentialState = { secret: StoredCredential; meta: CredentialMeta }

/**
 * Loads secret and metadata and brings the metadata in step when the keychain is ahead (the desk
 * stopped between the keychain write and the settings write): the keychain is the commit point.
 * Returns null when no secret is stored.
 */
export async function loadCredentialState(
  repo: CredentialRepository,
  entityId: string,
  nowMs: number,
): Promise<(CredentialState & { repaired: boolean }) | null> {
  const secret = await repo.loadSecret(entityId)
  if (!secret) return null
  const stored = await repo.loadMeta(entityId)
  if (stored && stored.generation >= secret.generation) return { secret, meta: stored, repaired: false }
  const meta: CredentialMeta = {
    ...(stored ?? emptyMeta(nowMs)),
    generation: secret.generation,
    geolocation: secret.geolocation,
    refreshExpiresAtMs: secret.refreshExpiresAtMs,
    exchangedFromTokenId: secret.exchangedFromTokenId ?? stored?.exchangedFromTokenId ?? null,
    sinceMs: nowMs,
    // A newer generation is another token: whatever was dead before was the older one.
    dead: null,
    pendingSinceMs: stored?.pendingSinceMs ?? nowMs,
  }
  await repo.saveMeta(entityId, meta)
  return { secret, meta, repaired: true }
}

/** Metadata for a credential stored for the first time. */
export function emptyMeta(nowMs: number): CredentialMeta {
  return {
    geolocation: '',
    refreshExpiresAtMs: null,
    sinceMs: nowMs,
    exchangedFromTokenId: null,
    handedToFacesAtMs: null,
    generation: 1,
    issuedAtMs: null,
    faces: { companyId: null, generation: null, geolocation: null, travelConfigIds: null, ackedAtMs: null },
    activationPending: false,
    pendingSinceMs: null,
    pendingProblem: null,
    pendingNotifiedAtMs: null,
    pendingNeedsPerson: false,
    dead: null,
  }
}
