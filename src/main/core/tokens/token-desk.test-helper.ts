/** Fakes shared by the token-desk tests: keychain, settings, push bus and a Faces port that can fail. */
import type { PushMessage } from '../../../shared/contract'
import type { SecretName, SecretStore, SettingsStore } from '../ports'
import { defaultDeskSettings, type DeskSettings } from '../settings/desk-settings'
import type { ConcurLink, FacesCompanyPort } from './faces-company-port'

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

/** A Faces port that records calls and fails the next `failNext` calls with `failure`. */
export function createFakeFaces(): FacesCompanyPort & {
  calls: Array<{ facesCompanyId: string; link: ConcurLink }>
  failNext: number
  failure: Error & { kind?: string }
} {
  const fake = {
    calls: [] as Array<{ facesCompanyId: string; link: ConcurLink }>,
    failNext: 0,
    failure: Object.assign(new Error('Faces is rate-limiting the desk. The desk will try again.'), {
      kind: 'rate-limited',
    }),
    async setConcurLink(facesCompanyId: string, link: ConcurLink) {
      fake.calls.push({ facesCompanyId, link: { ...link } })
      if (fake.failNext > 0) {
        fake.failNext--
        throw fake.failure
      }
    },
  }
  return fake
}
