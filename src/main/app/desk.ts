/**
 * The composition root's product: a running desk. `createDesk` (below) is called by both the
 * Electron entry (src/main/index.ts) and service mode (src/main/service.ts) with their own
 * adapters; everything else is built here from config.
 */
import type { AppInfo, TransportKind } from '../../shared/model'
import type { Clock, Fetch, SecretStore, SettingsStore } from '../core/ports'
import type { DeskSettings } from '../core/settings/desk-settings'
import type { Logger } from '../logging/logger'
import type { Dispatch } from './dispatcher'
import type { PushBus } from './push-bus'

/** What the entry point hands to the composition root. */
export type DeskOptions = {
  transport: TransportKind
  /** Root data folder (the `--data-dir` flag); environment-specific folders live below it. */
  dataDir: string
  settings: SettingsStore<DeskSettings>
  secrets: SecretStore
  log: Logger
  clock?: Clock
  fetch?: Fetch
  version: string
}

/** A running desk, transport-neutral. */
export interface Desk {
  readonly dispatch: Dispatch
  readonly bus: PushBus
  info(): AppInfo
  /** Call on power-monitor `resume` (Electron) so overdue polls catch up at once. */
  onResume(): void
  stop(): Promise<void>
}
