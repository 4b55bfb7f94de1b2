/** The shell's dependencies for tests with a mocked electron: fixed paths, default settings, a no-op secret store. */
import { defaultDeskSettings } from '../../core/settings/desk-settings'
import { createMemoryLogger } from '../../logging/logger'
import type { ElectronShellDeps } from './electron-shell'

/** Deps around `createDesk` (the only part the tests vary). */
export function shellDeps(createDesk: ElectronShellDeps['createDesk']): ElectronShellDeps {
  return {
    createDesk,
    openSettings: (dir) => ({ path: `${dir}/settings.json`, read: defaultDeskSettings, write: () => {} }),
    openSecrets: async () => ({
      read: async () => null,
      write: async () => {},
      remove: async () => {},
      describe: () => ({ backend: 'memory', detail: 'test' }),
    }),
    dataDir: '/data',
    preloadPath: '/app/out/preload/index.js',
    rendererDir: '/app/out/renderer',
    iconPath: '/app/build/tray.png',
    version: '1.2.3',
    log: createMemoryLogger(),
  }
}
