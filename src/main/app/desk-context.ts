import type { EnvironmentKind } from '../../shared/model'
import type { Clock, Fetch, SecretStore, SettingsStore } from '../core/ports'
import type { DeskSettings } from '../core/settings/desk-settings'
import type { Logger } from '../logging/logger'
import type { PushBus } from './push-bus'

/** Where the desk's remote services are, resolved from settings (production) or the Sandbox. */
export type Endpoints = {
  concurTokenBaseUrl: string
  concurClientId: string
  facesBaseUrl: string
  facesUser: string
}

/**
 * Everything a feature service may depend on. Built once by the composition root (desk.ts) from
 * adapters; tests build it from fakes and loopback simulators.
 */
export interface DeskContext {
  readonly clock: Clock
  readonly log: Logger
  readonly fetch: Fetch
  readonly secrets: SecretStore
  readonly settings: SettingsStore<DeskSettings>
  /** Environment-specific data folder (entities, logs, watermarks, outbox). */
  readonly dataDir: string
  readonly bus: PushBus
  readonly environment: EnvironmentKind
  /** Current endpoints; secrets are read from `secrets` when needed. */
  endpoints(): Endpoints
  /** Reads a secret needed to call out (client secret, Faces API key); throws a DeskError when missing. */
  requireSecret(name: 'concur-client-secret' | 'faces-api-key'): Promise<string>
}
