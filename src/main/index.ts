/**
 * The Electron entry (composition root under Electron): picks the data folder, builds the logger,
 * settings (electron-store) and secrets (OS keychain) adapters and hands them to the shell, with
 * the desk it runs: its own, or a client of a team desk (app/electron-desk.ts).
 *
 *   electron . [--data-dir DIR]
 *
 * Service mode (src/main/service.ts) is the plain-Node twin; keep the data-folder rules in step.
 */
import { join, resolve } from 'node:path'
import { app } from 'electron'
import { createElectronDesk } from './app/electron-desk'
import { registerAppScheme } from './adapters/electron/app-protocol'
import { createElectronSettingsStore } from './adapters/electron/electron-settings-store'
import { startElectronShell } from './adapters/electron/electron-shell'
import { createPlatformUpdater } from './adapters/electron/platform-updater'
import { openDeskSecrets } from './adapters/keychain/keytar-secret-store'
import { ensurePrivateDir } from './adapters/storage/db/file-modes'
import { createFolderOwnerLock } from './adapters/storage/lock/folder-owner-lock'
import { createLogger } from './logging/logger'
import { createFileLogSink } from './logging/file-sink'

/** The value of `--data-dir DIR` / `--data-dir=DIR`, if given. */
function dataDirFlag(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--data-dir') return argv[i + 1] ?? null
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length)
  }
  return null
}

// Must happen before `ready`: the renderer's origin is app://desk.
registerAppScheme()

const requested = dataDirFlag(process.argv) ?? process.env.FACES_CONCUR_DESK_DATA_DIR ?? null
if (requested) app.setPath('userData', resolve(requested))
const dataDir = app.getPath('userData')
ensurePrivateDir(dataDir)
const log = createLogger(
  createFileLogSink(join(dataDir, 'logs'), { echo: process.env.DESK_LOG_ECHO === '1' }),
  'desk',
)

startElectronShell({
  // Solo: this computer's own desk; connected to a team desk: a client of it (no scheduler, no secrets).
  createDesk: (options) => createElectronDesk(options),
  openSettings: createElectronSettingsStore,
  openSecrets: (settings, shellLog) => openDeskSecrets(settings.read().environment, shellLog),
  dataDir,
  dataFolderLock: createFolderOwnerLock({ target: dataDir, log }),
  preloadPath: join(__dirname, '../preload/index.js'),
  rendererDir: join(__dirname, '../renderer'),
  iconPath: app.isPackaged
    ? join(process.resourcesPath, 'tray.png')
    : join(__dirname, '../../build/tray.png'),
  version: app.getVersion(),
  createUpdater: (hooks) => createPlatformUpdater(hooks, app.getVersion()),
  log,
}).catch((err: unknown) => {
  log.error('start: the desk could not start', { err })
  process.stderr.write(
    `Faces Concur Desk could not start: ${err instanceof Error ? err.message : String(err)}\n`,
  )
  app.exit(1)
})
