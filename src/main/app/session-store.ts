/**
 * A session's store: where it is (a PostgreSQL URL or a SQLite file in the environment's folder),
 * opened under its owner lock, with the credential metadata desks before the database kept in
 * settings moved in; and the Sandbox's fresh start on it.
 */
import type { EnvironmentKind } from '../../shared/model'
import { databaseLocation, type DatabaseLocation } from '../adapters/storage/db/database-location'
import { openDeskStorage, type OpenedDeskStorage } from '../adapters/storage/open-desk-storage'
import type { DeskStorage } from '../core/desk-storage'
import type { Clock, SecretName, SecretStore, SettingsStore } from '../core/ports'
import type { DeskSettings } from '../core/settings/desk-settings'
import type { Logger } from '../logging/logger'

/** What opening a session's store needs. */
export type SessionStoreDeps = Readonly<{
  environment: EnvironmentKind
  /** `<data>/<environment>`: the SQLite file (by default) and logs of this environment. */
  dataDir: string
  /** The store's connection URL (postgres://… or a SQLite path); null: `<dataDir>/desk.sqlite`. */
  databaseUrl?: string | null | undefined
  shared: boolean
  settings: SettingsStore<DeskSettings>
  clock: Clock
  log: Logger
}>

/** An opened store, where it is, and what opening it did. */
export type OpenedSessionStore = OpenedDeskStorage & { location: DatabaseLocation }

/** Settings' credential metadata of one environment (where desks before the database kept it), by entity id. */
function legacyCredentialMeta(deps: SessionStoreDeps) {
  const prefix = `${deps.environment}:`
  return Object.fromEntries(
    Object.entries(deps.settings.read().credentialMeta)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  )
}

/** Empties settings' credential metadata of one environment once the store holds it. */
function dropLegacyCredentialMeta(deps: SessionStoreDeps): void {
  const s = deps.settings.read()
  const prefix = `${deps.environment}:`
  const credentialMeta = Object.fromEntries(
    Object.entries(s.credentialMeta).filter(([k]) => !k.startsWith(prefix)),
  )
  deps.settings.write({ ...s, credentialMeta })
}

/** Opens the environment's store (the owner lock first: nothing is read or changed before it is held). */
export async function openSessionStore(deps: SessionStoreDeps): Promise<OpenedSessionStore> {
  const location = databaseLocation(deps.databaseUrl, deps.dataDir, deps.environment)
  const opened = await openDeskStorage({
    location,
    ...(deps.shared ? { instances: 'shared' as const } : {}),
    clock: deps.clock,
    log: deps.log,
    legacy: {
      environmentDir: deps.dataDir,
      credentialMeta: legacyCredentialMeta(deps),
      onImported: () => dropLegacyCredentialMeta(deps),
    },
  })
  return { ...opened, location }
}

/**
 * The Sandbox starts fresh every time: its simulators live in memory, so the previous run's
 * entities, tokens and watermarks (and their keychain entries) would point at nothing. Runs only
 * after the store's owner lock is held, so it can never wipe another running desk's data.
 */
export async function resetSandboxData(secrets: SecretStore, storage: DeskStorage): Promise<void> {
  const { entityIds, tokenIds } = await storage.clear()
  const stale: SecretName[] = [
    ...entityIds.map((id) => `refresh-token:${id}` as const),
    ...tokenIds.map((id) => `request-token:${id}` as const),
  ]
  await Promise.all(stale.map((name) => secrets.remove(name).catch(() => {})))
}
