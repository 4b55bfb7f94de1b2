/**
 * One environment's running services (Sandbox or production): simulators when in the Sandbox,
 * the Concur and Faces clients, the token desk, the sync engine, and their request handlers.
 * Rebuilt by the desk when the environment or the endpoints change.
 */
import { mkdir } from 'node:fs/promises'
import { REQUEST_CHANNELS, type RequestChannel } from '../../shared/channels'
import type { EnvironmentKind } from '../../shared/model'
import { DeskError } from '../core/desk-error'
import type { Clock, Fetch, SecretStore, SettingsStore } from '../core/ports'
import type { DeskSettings } from '../core/settings/desk-settings'
import type { Logger } from '../logging/logger'
import type { PushBus } from './push-bus'

export type SessionDeps = Readonly<{
  environment: EnvironmentKind
  dataDir: string
  settings: SettingsStore<DeskSettings>
  secrets: SecretStore
  clock: Clock
  log: Logger
  fetch: Fetch
  bus: PushBus
}>

/** The handlers a session answers (everything but app info and settings, which the desk owns). */
export type SessionHandlers = Record<RequestChannel, (input: unknown) => Promise<unknown>>

/** A running environment. */
export interface Session {
  readonly handlers: SessionHandlers
  readonly secrets: SecretStore
  onResume(): void
  stop(): Promise<void>
}

function notWired(channel: RequestChannel): (input: unknown) => Promise<unknown> {
  return async () => {
    throw new DeskError('bug', `"${channel}" is not available in this build of the desk.`)
  }
}

/** Starts one environment's services. */
export async function buildSession(deps: SessionDeps): Promise<Session> {
  await mkdir(deps.dataDir, { recursive: true })
  const handlers = {} as SessionHandlers
  for (const channel of REQUEST_CHANNELS) handlers[channel] = notWired(channel)
  return {
    handlers,
    secrets: deps.secrets,
    onResume: () => {},
    stop: async () => {},
  }
}
