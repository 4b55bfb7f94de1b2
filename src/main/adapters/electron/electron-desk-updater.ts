/**
 * The desk's updater over electron-updater: checks at start, every few hours and from Settings;
 * refuses an update whose feed is not signed with Umbrella's update key before downloading it
 * (update-signature.ts), lets electron-updater refuse a download whose SHA-512 does not match,
 * re-hashes what was downloaded, and installs only when no sync runs: "Restart to update" asks
 * the shell to quit in order (the desk stops first), then `takeOverQuit` runs the installer.
 *
 * electron-updater never installs on its own: `autoInstallOnAppQuit` is off and the download
 * starts only after the signature check, so every install goes through this file.
 */
import { basename } from 'node:path'
import type { KeyObject } from 'node:crypto'
import type { AppUpdater, ProgressInfo, UpdateInfo } from 'electron-updater'
import type { UpdateState, UpdateStatus } from '../../../shared/model'
import type { DeskUpdater, UpdaterHooks } from '../../core/updates/desk-updater'
import { DeskError } from '../../core/errors/desk-error'
import type { Clock } from '../../core/ports'
import { formatError } from '../../logging/logger'
import { checkUpdateSignatures, sha512OfFile, type UpdateFileEntry } from './update-signature'

/** The parts of electron-updater's AppUpdater the desk uses (the real one in tests, too). */
export type UpdateEngine = Pick<
  AppUpdater,
  'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall' | 'on' | 'removeListener'
> & {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  disableWebInstaller: boolean
  logger: AppUpdater['logger']
}

/** What the Electron entry hands in. */
export type ElectronDeskUpdaterDeps = UpdaterHooks &
  Readonly<{
    engine: UpdateEngine
    publicKey: KeyObject
    currentVersion: string
    clock: Clock
    /** app.quit(): the shell's before-quit stops the desk, then calls `takeOverQuit`. */
    requestQuit(): void
    /** First check after start (the window and the Sandbox come first). */
    startDelayMs?: number
    everyMs?: number
  }>

const DEFAULT_START_DELAY_MS = 20_000
const DEFAULT_EVERY_MS = 6 * 60 * 60_000

/** Words for a failed check or download; electron-updater's error codes mapped to what to do. */
export function updateFailureMessage(err: unknown, version: string | null): string {
  const code = (err as { code?: unknown } | null)?.code
  const text = formatError(err)
  const which = version ? `version ${version}` : 'the update'
  if (code === 'ERR_CHECKSUM_MISMATCH')
    return `The download of ${which} was damaged: its SHA-512 checksum does not match the release. It was discarded and nothing was installed; the desk tries again at the next check.`
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE')
    return `${which[0]?.toUpperCase()}${which.slice(1)} was refused: it is not signed by Umbrella's code-signing certificate. Nothing was installed; tell the desk engineers.`
  if (/ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|net::ERR_/.test(text))
    return 'Could not reach the update server. Check the network connection; the desk checks again later.'
  if (/\b404\b|ERR_UPDATER_CHANNEL_FILE_NOT_FOUND|ERR_UPDATER_LATEST_VERSION_NOT_FOUND/.test(text))
    return 'The release server has no update information for this desk yet. Nothing to install; the desk checks again later.'
  return `The update check failed (${text.split('\n')[0]?.slice(0, 160) ?? 'unknown error'}). The desk checks again later; the details are in the log.`
}

function fileEntries(info: UpdateInfo): UpdateFileEntry[] {
  return info.files.map((f) => f as unknown as UpdateFileEntry)
}

/** Creates the Electron updater (the shell passes it to createDesk as `updater`). */
export function createElectronDeskUpdater(deps: ElectronDeskUpdaterDeps): DeskUpdater {
  const log = deps.log
  const engine = deps.engine
  // Nothing installs behind the desk's back, and nothing downloads before the signature check.
  engine.autoDownload = false
  engine.autoInstallOnAppQuit = false
  engine.disableWebInstaller = true
  engine.logger = {
    info: (m?: unknown) => log.debug(`electron-updater: ${String(m)}`),
    warn: (m?: unknown) => log.warn(`electron-updater: ${String(m)}`),
    error: (m?: unknown) => log.warn(`electron-updater: ${String(m)}`),
  }

  const listeners = new Set<(status: UpdateStatus) => void>()
  let state: UpdateState = 'idle'
  let availableVersion: string | null = null
  let downloadPercent: number | null = null
  let lastCheckedAtMs: number | null = null
  let message: string | null = null
  let inFlight: Promise<UpdateStatus> | null = null
  let restartAfterInstall = false
  const stopped = new AbortController()

  const status = (): UpdateStatus => ({
    state,
    currentVersion: deps.currentVersion,
    availableVersion,
    downloadPercent,
    lastCheckedAtMs,
    message,
    syncsRunning: deps.syncsRunning(),
  })
  const set = (patch: {
    state: UpdateState
    message?: string | null
    availableVersion?: string | null
    downloadPercent?: number | null
  }): void => {
    state = patch.state
    if (patch.message !== undefined) message = patch.message
    if (patch.availableVersion !== undefined) availableVersion = patch.availableVersion
    downloadPercent = patch.downloadPercent ?? null
    const snapshot = status()
    for (const listener of listeners) listener(snapshot)
  }

  engine.on('download-progress', (progress: ProgressInfo) => {
    const percent = Math.floor(progress.percent)
    if (state === 'downloading' && percent !== downloadPercent) set({ state, downloadPercent: percent })
  })

  async function runCheck(trigger: string): Promise<UpdateStatus> {
    set({ state: 'checking', message: null })
    let version: string | null = null
    try {
      const result = await engine.checkForUpdates()
      lastCheckedAtMs = deps.clock.nowMs()
      if (!result?.isUpdateAvailable) {
        set({
          state: 'up-to-date',
          availableVersion: null,
          message: `Version ${deps.currentVersion} is the latest.`,
        })
        return status()
      }
      const info = result.updateInfo
      version = info.version
      const refusal = checkUpdateSignatures(deps.publicKey, { version, files: fileEntries(info) })
      if (refusal) {
        log.warn('updates: refused an update that is not signed with the update key', { version })
        set({ state: 'failed', availableVersion: version, message: refusal })
        return status()
      }
      log.info('updates: downloading a signed update', { version, trigger })
      set({ state: 'downloading', availableVersion: version, downloadPercent: 0, message: null })
      const [downloaded] = await engine.downloadUpdate(result.cancellationToken)
      // electron-updater checked the SHA-512 while downloading; check the file on disk against the
      // signed entries once more, so what installs is exactly what was signed.
      const actual = downloaded ? await sha512OfFile(downloaded) : null
      if (!fileEntries(info).some((f) => f.sha512 === actual)) {
        log.warn('updates: the downloaded file does not match the signed feed', {
          version,
          file: downloaded ? basename(downloaded) : null,
        })
        set({
          state: 'failed',
          message: `Version ${version} was refused: the downloaded file does not match the signed release. Nothing was installed.`,
        })
        return status()
      }
      log.info('updates: downloaded and verified', { version })
      set({
        state: 'ready',
        message: `Version ${version} is downloaded and verified. It installs when you restart the desk (or the next time it quits), never while a sync runs.`,
      })
    } catch (err) {
      lastCheckedAtMs ??= deps.clock.nowMs()
      log.warn('updates: check failed', { trigger, version, err })
      set({ state: 'failed', message: updateFailureMessage(err, version) })
    }
    return status()
  }

  function check(trigger: 'start' | 'user' | 'periodic'): Promise<UpdateStatus> {
    if (state === 'ready' || state === 'installing') return Promise.resolve(status())
    inFlight ??= runCheck(trigger).finally(() => {
      inFlight = null
    })
    return inFlight
  }

  async function schedule(): Promise<void> {
    try {
      await deps.clock.wait(deps.startDelayMs ?? DEFAULT_START_DELAY_MS, stopped.signal)
      await check('start')
      for (;;) {
        await deps.clock.wait(deps.everyMs ?? DEFAULT_EVERY_MS, stopped.signal)
        await check('periodic')
      }
    } catch {
      // Aborted by stop().
    }
  }

  return {
    status,
    start: () => void schedule(),
    check,
    install() {
      if (state !== 'ready')
        return Promise.reject(
          new DeskError('conflict', 'No update is ready to install yet. Click "Check for updates" first.'),
        )
      const running = deps.syncsRunning()
      if (running > 0)
        return Promise.reject(
          new DeskError(
            'conflict',
            `${running === 1 ? 'A sync is' : `${running} syncs are`} running. The update installs only when no sync runs: click "Restart to update" again once it has finished.`,
          ),
        )
      restartAfterInstall = true
      set({
        state: 'installing',
        message: `Stopping the desk, then installing version ${availableVersion ?? ''}…`,
      })
      log.info('updates: restart to update', { version: availableVersion })
      deps.requestQuit()
      return Promise.resolve(status())
    },
    takeOverQuit() {
      if (state !== 'ready' && state !== 'installing') return false
      if (deps.syncsRunning() > 0) {
        log.warn('updates: not installing on quit, a sync is still running')
        return false
      }
      // Errors of a synchronous install arrive as 'error' events; the shell then quits normally.
      let failure: unknown = null
      const onError = (err: unknown): void => {
        failure = err
      }
      engine.on('error', onError)
      try {
        engine.quitAndInstall(true, restartAfterInstall)
      } catch (err) {
        failure = err
      } finally {
        engine.removeListener('error', onError)
      }
      if (failure) {
        log.error('updates: the installer could not start', { err: failure })
        set({ state: 'failed', message: updateFailureMessage(failure, availableVersion) })
        return false
      }
      log.info('updates: installer started', { version: availableVersion, restart: restartAfterInstall })
      return true
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stop: () => stopped.abort(),
  }
}
