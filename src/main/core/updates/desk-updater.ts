/**
 * The desk's own updates as the composition root sees them. Under Electron the shell plugs in
 * electron-updater (adapters/electron/electron-desk-updater.ts); service mode and any build that
 * cannot update itself get `createUnsupportedUpdater`, whose status says why and what to do.
 */
import type { UpdateStatus } from '../../../shared/model'
import { DeskError } from '../errors/desk-error'
import type { Logger } from '../../logging/logger'

/** What the updater may ask of the desk. */
export type UpdaterHooks = Readonly<{
  /** Poll runs under way now; an update never installs while this is above zero. */
  syncsRunning(): number
  log: Logger
}>

/** The desk's updater. */
export interface DeskUpdater {
  status(): UpdateStatus
  /** Starts the start-up check and the periodic checks. */
  start(): void
  /** Checks the feed now; a newer version is verified and downloaded before it is offered. */
  check(trigger: 'start' | 'user' | 'periodic'): Promise<UpdateStatus>
  /** "Restart to update": refused while a sync runs; otherwise asks the shell to quit in order. */
  install(): Promise<UpdateStatus>
  /**
   * Called by the shell once the desk has stopped on quit. Returns true when the updater runs the
   * installer and quits the app itself (an update is ready), false when the shell should quit.
   */
  takeOverQuit(): boolean
  subscribe(listener: (status: UpdateStatus) => void): () => void
  stop(): void
}

/** Builds the updater once the desk exists (the updater needs to ask about running syncs). */
export type CreateDeskUpdater = (hooks: UpdaterHooks) => DeskUpdater

/** What service mode says in Settings → Updates. */
export const SERVICE_MODE_UPDATES_MESSAGE =
  'Updates come with the desktop app. In service mode, install the new release on this machine and restart the desk.'

/** An updater for builds that cannot update themselves: every status says why, install is refused. */
export function createUnsupportedUpdater(
  currentVersion: string,
  message: string,
  hooks: Pick<UpdaterHooks, 'syncsRunning'>,
): DeskUpdater {
  const status = (): UpdateStatus => ({
    state: 'unsupported',
    currentVersion,
    availableVersion: null,
    downloadPercent: null,
    lastCheckedAtMs: null,
    message,
    syncsRunning: hooks.syncsRunning(),
  })
  return {
    status,
    start: () => {},
    check: () => Promise.resolve(status()),
    install: () => Promise.reject(new DeskError('conflict', message)),
    takeOverQuit: () => false,
    subscribe: () => () => {},
    stop: () => {},
  }
}
