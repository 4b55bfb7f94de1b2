/**
 * Which SecretStore a service-mode desk starts with: the OS keychain when the Secret Service
 * answers; else the encrypted store in the database when a key is given (--secret-key-file or
 * FACES_CONCUR_DESK_SECRET_KEY); else memory only in the Sandbox (fake secrets) and a refusal in
 * production. Never plain text.
 */
import type { EnvironmentKind } from '../../../shared/model'
import type { Clock, SecretStore } from '../../core/ports'
import type { Logger } from '../../logging/logger'
import { probeKeychain, sandboxMemoryFallback } from '../keychain/keytar-secret-store'
import { openEncryptedSecretStore } from './encrypted-secret-store'
import { loadSecretKey, SECRET_KEY_ENV, SecretKeyError } from './secret-key'
import { openSecretVaultDb, secretVaultLocation } from './secret-vault-db'

/** What the entry point needs to choose. */
export type ServiceSecretsOptions = {
  environment: EnvironmentKind
  dataDir: string
  databaseUrl: string | null
  keyFile: string | undefined
  env?: NodeJS.ProcessEnv
  clock: Clock
  log: Logger
  /**
   * Several team-desk instances on one database (`--instances shared`): each refreshes credentials
   * the others stored, so only the encrypted store in that database will do, never one machine's keychain.
   */
  shared?: boolean
  /** The keychain check (tests pass one that fails, as on a headless server). */
  probe?: () => Promise<{ ok: true; store: SecretStore } | { ok: false; reason: string }>
}

/** The chosen store, a line for the console, and how to close it. */
export type ServiceSecrets = { store: SecretStore; note: string | null; close(): Promise<void> }

/** The refusal of a production desk with neither a keychain nor a key. */
export const NO_SECRET_HOME =
  `No keychain and no secret key: give --secret-key-file FILE (a 0600 file with 32 random bytes in base64; make one with ./desk secrets new-key FILE) or set ${SECRET_KEY_ENV}. ` +
  'Production secrets are never kept in plain text.'

/** The refusal of a shared instance without the key of the database's encrypted store. */
export const SHARED_NEEDS_KEY =
  `Several instances share one desk's credentials: start every instance with the same --secret-key-file FILE (or ${SECRET_KEY_ENV}) so they all use the encrypted store in the shared database. ` +
  "A machine's keychain is not shared with the other instances, so it is not used here."

/** Opens the desk's secret store; throws SecretKeyError when none may be used (exit code 2). */
export async function openServiceSecrets(o: ServiceSecretsOptions): Promise<ServiceSecrets> {
  // A key given is checked even when the keychain wins: a wrong file is reported now, not later.
  const key = loadSecretKey(o.keyFile, o.env ?? process.env)
  if (o.shared && !key) throw new SecretKeyError(SHARED_NEEDS_KEY)
  const probe = o.shared
    ? { ok: false as const, reason: 'instances share the database, not a keychain' }
    : await (o.probe ?? (() => probeKeychain()))()
  if (probe.ok) {
    return {
      store: probe.store,
      note: key
        ? `the OS keychain answers, so secrets stay there (the secret key ${key.id} is not used)`
        : null,
      close: async () => {},
    }
  }
  if (key) {
    const vault = await openSecretVaultDb(secretVaultLocation(o.dataDir, o.databaseUrl))
    try {
      const store = await openEncryptedSecretStore(vault, [key], o.clock)
      o.log.info('secrets: no keychain, encrypted in the database', { keyId: key.id, where: vault.describe })
      return { store, note: store.describe().detail, close: () => store.close() }
    } catch (err) {
      await vault.db.destroy().catch(() => {})
      throw err
    }
  }
  const sandbox = sandboxMemoryFallback(o.environment, probe.reason, o.log)
  if (sandbox) return { store: sandbox, note: sandbox.describe().detail, close: async () => {} }
  o.log.error('secrets: no keychain and no secret key, production refused', { reason: probe.reason })
  throw new SecretKeyError(`${NO_SECRET_HOME} (keychain: ${probe.reason})`)
}
