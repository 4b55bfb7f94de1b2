/**
 * The OS keychain behind the SecretStore port (keytar: libsecret on Linux, Keychain on macOS,
 * Credential Vault on Windows). Thin on purpose: no decisions beyond mapping names to accounts.
 */
import type { EnvironmentKind } from '../../../shared/model'
import { DeskError } from '../../core/errors/desk-error'
import type { SecretName, SecretStore } from '../../core/ports'
import type { Logger } from '../../logging/logger'

/** The keychain service name every secret of the desk is stored under. */
export const KEYCHAIN_SERVICE = 'Faces Concur Desk'

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>
}

/** Loads keytar lazily so a missing native build surfaces as a clear error, not a crash at import. */
export async function loadKeytar(): Promise<Keytar> {
  const mod = (await import('keytar')) as unknown as Keytar & { default?: Keytar }
  return mod.default ?? mod
}

/** A SecretStore over keytar; `service` separates test runs from the real desk. */
export function createKeytarSecretStore(keytar: Keytar, service = KEYCHAIN_SERVICE): SecretStore {
  return {
    read: (name: SecretName) => keytar.getPassword(service, name),
    write: (name, value) => keytar.setPassword(service, name, value),
    remove: async (name) => {
      await keytar.deletePassword(service, name)
    },
    describe: () => ({ backend: 'keychain', detail: `OS keychain, service "${service}"` }),
  }
}

/** A SecretStore in memory only: the Sandbox's fallback when no keychain is reachable. */
export function createMemorySecretStore(detail: string): SecretStore {
  const values = new Map<SecretName, string>()
  return {
    read: async (name) => values.get(name) ?? null,
    write: async (name, value) => {
      values.set(name, value)
    },
    remove: async (name) => {
      values.delete(name)
    },
    describe: () => ({ backend: 'memory', detail }),
  }
}

/**
 * Opens the keychain and proves it works with a write/read/delete round trip. Returns the
 * reason when it does not (no Secret Service on the session bus, locked collection, no build).
 */
export async function probeKeychain(
  service = KEYCHAIN_SERVICE,
): Promise<{ ok: true; store: SecretStore } | { ok: false; reason: string }> {
  try {
    const keytar = await loadKeytar()
    const store = createKeytarSecretStore(keytar, service)
    const probe = `sandbox:probe-${process.pid}` as const
    await store.write(probe, 'probe')
    const back = await store.read(probe)
    await store.remove(probe)
    if (back !== 'probe') return { ok: false, reason: 'the keychain did not return what was written' }
    return { ok: true, store }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    return { ok: false, reason: message.split('\n')[0] ?? message }
  }
}

/** A store that refuses every write: production without a keychain must not fall back to files. */
export function createRefusingSecretStore(reason: string): SecretStore {
  const refuse = async (): Promise<never> => {
    throw new DeskError(
      'keychain-unavailable',
      `No OS keychain is available (${reason}). Start the desk in a desktop session with a keychain (GNOME Keyring, macOS Keychain, Windows Credential Manager).`,
    )
  }
  return {
    read: async () => null,
    write: refuse,
    remove: async () => {},
    describe: () => ({ backend: 'memory', detail: `no keychain: ${reason}` }),
  }
}

/**
 * Without a keychain (`reason`): the Sandbox keeps its secrets, which are fake, in memory only (a
 * warning in the log); null in production, whose caller refuses in its own way.
 */
export function sandboxMemoryFallback(
  environment: EnvironmentKind,
  reason: string,
  log: Logger,
): SecretStore | null {
  if (environment !== 'sandbox') return null
  log.warn('keychain: not available, Sandbox secrets stay in memory only', { reason })
  return createMemorySecretStore(`in memory only: no OS keychain here (${reason})`)
}

/**
 * The desk's secret store for an environment: the OS keychain when it works; otherwise memory only
 * in the Sandbox (its secrets are fake) and a refusing store in production.
 */
export async function openDeskSecrets(environment: EnvironmentKind, log: Logger): Promise<SecretStore> {
  const probe = await probeKeychain()
  if (probe.ok) return probe.store
  const sandbox = sandboxMemoryFallback(environment, probe.reason, log)
  if (sandbox) return sandbox
  log.error('keychain: not available, production secrets cannot be stored', { reason: probe.reason })
  return createRefusingSecretStore(probe.reason)
}
