/**
 * Starts the Electron shell around a desk: session hardening, the `app://` renderer, the window,
 * IPC, pushes, tray, menu, notifications, single-instance lock and power resume.
 *
 * Deps: `createDesk` (the composition root, src/main/app/desk.ts, injected by src/main/index.ts so
 * this adapter never imports app/), `openSecrets` and `openSettings` (keychain and electron-store
 * adapters), paths of the built preload, renderer and tray icon, and a logger.
 * `registerAppScheme()` must already have run (before `ready`).
 */
import { app, session, type BrowserWindow } from 'electron'
import type { Dispatch, PushBus, SecretStore, SettingsStore } from '../../core/ports'
import type { CreateDeskUpdater } from '../../core/updates/desk-updater'
import type { DeskSettings } from '../../core/settings/desk-settings'
import type { Logger } from '../../logging/logger'
import type { SettingsRecovery } from '../storage/settings-recovery'
import type { AppInfo, DeskNotice, EntityView } from '../../../shared/model'
import { serveRenderer } from './app-protocol'
import { installAppMenu } from './app-menu'
import { forwardPushesToWindow, registerDeskIpc } from './desk-ipc'
import { showDeskNotification } from './desk-notifications'
import { createDeskTray, type DeskTray } from './desk-tray'
import { createDeskWindow, hardenWebContents } from './desk-window'
import { createNextPollTracker } from './next-poll-tracker'
import { watchPowerResume } from './power-resume'
import { hardenSession } from './session-security'
import { acquireSingleInstanceLock } from './single-instance'
import { takeDataFolder } from './data-folder-in-use'
import type { OwnerLock } from '../../core/owner-lock'
import { settingsRecoveryNotice } from '../storage/settings-recovery'

/** What the shell hands the composition root (a subset of app/desk.ts's DeskOptions). */
export type ShellDeskOptions = {
  transport: 'electron'
  dataDir: string
  /** What the shell found at start (a recovered settings file), shown in the UI banner. */
  notices: DeskNotice[]
  /** The store's URL (FACES_CONCUR_DESK_DATABASE_URL); null: the SQLite file in the data folder. */
  databaseUrl: string | null
  settings: SettingsStore<DeskSettings>
  secrets: SecretStore
  log: Logger
  version: string
  updater?: CreateDeskUpdater
}

/** What the shell uses of a running desk (app/desk.ts's Desk fits it). */
export interface ShellDesk {
  readonly dispatch: Dispatch
  readonly bus: PushBus
  info(): Pick<AppInfo, 'businessTimeZone'>
  onResume(): void
  /** Once the desk has stopped on quit: true when an update now installs and quits the app. */
  takeOverQuit(): boolean
  stop(): Promise<void>
}

/** What the shell needs from the entry point. */
export type ElectronShellDeps = {
  createDesk(options: ShellDeskOptions): Promise<ShellDesk>
  openSettings(dataDir: string): SettingsStore<DeskSettings> & { recovery?: SettingsRecovery }
  openSecrets(settings: SettingsStore<DeskSettings>, log: Logger): Promise<SecretStore>
  dataDir: string
  /** The data folder's owner lock (index.ts builds it); taken before settings are read. */
  dataFolderLock?: OwnerLock
  preloadPath: string
  rendererDir: string
  /** PNG used for the window and the tray. */
  iconPath: string
  version: string
  log: Logger
  /** The desk's own updater (electron-updater in packaged builds). */
  createUpdater?: CreateDeskUpdater
}

/** The running shell (returned for tests and for an orderly quit). */
export type ElectronShell = {
  desk: ShellDesk
  getWindow(): BrowserWindow | null
  tray: DeskTray | null
}

/** Starts the shell; resolves null when another instance already runs (this one then quits). */
export async function startElectronShell(deps: Readonly<ElectronShellDeps>): Promise<ElectronShell | null> {
  const log = deps.log.child('shell')
  let window: BrowserWindow | null = null

  function openWindow(): void {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
      return
    }
    window = createDeskWindow({ preloadPath: deps.preloadPath, iconPath: deps.iconPath, log })
    window.on('closed', () => {
      window = null
    })
  }

  if (!acquireSingleInstanceLock(() => (app.isReady() ? openWindow() : undefined))) {
    log.info('start: another desk is already running, handing over to it')
    app.quit()
    return null
  }

  // Every web contents (ours or any a bug might create) gets the same navigation rules.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log))

  await app.whenReady()
  hardenSession(session.defaultSession)
  serveRenderer(session.defaultSession, deps.rendererDir)

  // One desk per data folder (a service-mode desk may hold it), before anything in it is read.
  const folderLock = deps.dataFolderLock
  if (folderLock) {
    if (!(await takeDataFolder(folderLock, deps.dataDir, log))) {
      app.quit()
      return null
    }
    app.on('will-quit', () => void folderLock.release())
  }
  const settings = deps.openSettings(deps.dataDir)
  const notices = settings.recovery
    ? [settingsRecoveryNotice(settings.recovery, settings.path, Date.now())]
    : []
  if (settings.recovery) log.warn('settings: the settings file could not be read', { ...settings.recovery })
  const secrets = await deps.openSecrets(settings, log)
  const desk = await deps.createDesk({
    transport: 'electron',
    dataDir: deps.dataDir,
    notices,
    databaseUrl: process.env['FACES_CONCUR_DESK_DATABASE_URL'] ?? null,
    settings,
    secrets,
    log: deps.log,
    version: deps.version,
    ...(deps.createUpdater ? { updater: deps.createUpdater } : {}),
  })

  registerDeskIpc({ getWindow: () => window, dispatch: desk.dispatch, log })
  forwardPushesToWindow(desk.bus, () => window)
  installAppMenu({ platform: process.platform, isPackaged: app.isPackaged, onOpen: openWindow })

  const tracker = createNextPollTracker()
  let tray: DeskTray | null = null
  try {
    tray = createDeskTray({
      iconPath: deps.iconPath,
      timeZone: desk.info().businessTimeZone,
      onOpen: openWindow,
      onQuit: () => app.quit(),
    })
  } catch (err) {
    // Some Linux desktops have no status area; the desk still works from its window.
    log.warn('tray: not available', { err })
  }
  desk.bus.subscribe((message) => {
    if (tracker.apply(message)) tray?.setNextPoll(tracker.next())
    if (message.channel === 'notify') showDeskNotification(message.payload, openWindow)
  })
  const listed = await desk.dispatch('entities:list', {})
  if (listed.ok) {
    tracker.seed(listed.value as EntityView[])
    tray?.setNextPoll(tracker.next())
  }

  watchPowerResume(() => {
    log.info('power: resumed from sleep, re-checking the poll schedule')
    desk.onResume()
  })

  let isStopping = false
  app.on('before-quit', (event) => {
    if (isStopping) return
    isStopping = true
    event.preventDefault()
    void desk
      .stop()
      .catch((err: unknown) => log.error('quit: desk did not stop cleanly', { err }))
      .finally(() => {
        tray?.destroy()
        // With the desk stopped (no sync can run), a downloaded, verified update installs now.
        if (!desk.takeOverQuit()) app.quit()
      })
  })
  // The poller keeps running with the window closed; the tray (or the next launch) reopens it.
  app.on('window-all-closed', () => {
    if (!tray) app.quit()
  })
  app.on('activate', openWindow)

  openWindow()
  return { desk, getWindow: () => window, tray }
}
