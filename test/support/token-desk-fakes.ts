/** Fakes shared by the token-desk tests: keychain, settings, push bus and a Faces port that can fail. */
import type { PushMessage } from '../../src/shared/contract'
import type { DeskNotification } from '../../src/shared/model'
import type { Logger } from '../../src/main/logging/logger'
import type { ConcurOAuth } from '../../src/main/core/concur/concur-oauth'
import { createEntitySource } from '../../src/main/core/entities/entity-source'
import type { EntityStore } from '../../src/main/core/entities/entity-store'
import type { Clock, SecretName, SecretStore, SettingsStore } from '../../src/main/core/ports'
import { createInProcessCredentialLock } from '../../src/main/core/tokens/credential-lock'
import { createCredentialOwner, type CredentialOwner } from '../../src/main/core/tokens/credential-owner'
import {
  createCredentialRepository,
  createMemoryCredentialMetaStore,
  type CredentialMetaStore,
  type CredentialRepository,
} from '../../src/main/core/tokens/credential-repository'
import { defaultDeskSettings, type DeskSettings } from '../../src/main/core/settings/desk-settings'
import type { ConcurLinkPatch, FacesCompanyPort } from '../../src/main/core/tokens/faces-company-port'
import { FacesError } from '../../src/main/core/faces/faces-error'

/** A keychain in memory that records the order of writes. */
export function createMemorySecrets(): SecretStore & {
  values: Map<string, string>
  writes: string[]
  failWrites: boolean
} {
  const values = new Map<string, string>()
  const store = {
    values,
    writes: [] as string[],
    failWrites: false,
    read: (name: SecretName) => Promise.resolve(values.get(name) ?? null),
    async write(name: SecretName, value: string) {
      if (store.failWrites) throw new Error('keychain locked')
      store.writes.push(name)
      values.set(name, value)
    },
    async remove(name: SecretName) {
      values.delete(name)
    },
    describe: () => ({ backend: 'memory' as const, detail: 'test' }),
  }
  return store
}

/** Settings in memory; `onWrite` lets a test persist or observe each write. */
export function createMemorySettings(
  onWrite: (next: DeskSettings) => void = () => {},
): SettingsStore<DeskSettings> & { writes: number } {
  let current = defaultDeskSettings()
  const store = {
    path: 'memory',
    writes: 0,
    read: () => structuredClone(current),
    write(next: DeskSettings) {
      onWrite(structuredClone(next))
      current = structuredClone(next)
      store.writes++
    },
  }
  return store
}

/** Collects pushes. */
export function createRecordingBus(): {
  emit(channel: PushMessage['channel'], payload: unknown): void
  messages: PushMessage[]
} {
  const messages: PushMessage[] = []
  return {
    messages,
    emit(channel, payload) {
      messages.push({ channel, payload } as PushMessage)
    },
  }
}

/** A Faces write-through port that records each patch and fails the next `failNext` calls with `failure`. */
export function createFakeFaces(): FacesCompanyPort & {
  calls: Array<{ facesCompanyId: string; patch: ConcurLinkPatch }>
  failNext: number
  failure: Error
} {
  const fake = {
    calls: [] as Array<{ facesCompanyId: string; patch: ConcurLinkPatch }>,
    failNext: 0,
    failure: new FacesError('rate-limited', 'Faces is rate-limiting the desk. The desk will try again.', {
      status: 429,
      retryable: true,
    }) as Error,
    async updateConcurLink(facesCompanyId: string, patch: ConcurLinkPatch) {
      fake.calls.push({ facesCompanyId, patch: structuredClone(patch) })
      if (fake.failNext > 0) {
        fake.failNext--
        throw fake.failure
      }
      return {
        refreshTokenGeneration: patch.refreshTokenGeneration ?? null,
        interfaceActive: patch.interfaceActive ?? true,
        pollingActive: patch.pollingActive ?? true,
      }
    },
  }
  return fake
}

/**
 * The real credential owner over the real repository (memory keychain and settings) with the
 * Concur token service and the Faces link as fakes at their ports; stop it after the test.
 */
export function createTestOwner(deps: {
  secrets: SecretStore
  settings: SettingsStore<DeskSettings>
  entities: EntityStore
  faces: FacesCompanyPort
  clock: Clock
  log: Logger
  oauth?: Partial<ConcurOAuth>
  notify?: (n: DeskNotification) => void
}): CredentialOwner {
  const unused = async (): Promise<never> => {
    throw new Error('The Concur token service is not used in this test')
  }
  return createCredentialOwner({
    oauth: { exchange: deps.oauth?.exchange ?? unused, refresh: deps.oauth?.refresh ?? unused },
    repo: testCredentialsFor(deps.secrets, deps.settings),
    lock: createInProcessCredentialLock(),
    faces: deps.faces,
    entities: createEntitySource(deps.entities),
    clock: deps.clock,
    log: deps.log,
    hostPolicy: () => 'production',
    notify: deps.notify ?? (() => {}),
  })
}

const metaStores = new WeakMap<object, ReturnType<typeof createMemoryCredentialMetaStore>>()

/** The memory credential-metadata store of one test world (keyed by its settings, so owner and desk share it). */
export function testMetaStoreFor(
  settings: object,
): CredentialMetaStore & ReturnType<typeof createMemoryCredentialMetaStore> {
  let store = metaStores.get(settings)
  if (!store) {
    store = createMemoryCredentialMetaStore()
    metaStores.set(settings, store)
  }
  return store
}

/** The credential repository of one test world: its memory keychain and metadata store. */
export function testCredentialsFor(secrets: SecretStore, settings: object): CredentialRepository {
  return createCredentialRepository({ secrets, meta: testMetaStoreFor(settings), history: () => {} })
}
