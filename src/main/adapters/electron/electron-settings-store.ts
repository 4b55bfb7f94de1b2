/**
 * Settings under Electron: electron-store, same file, schema and defaults as service mode's conf
 * adapter (both modes share one data folder, so they must agree on the document's shape).
 *
 * electron-store imports `electron` when loaded, so only the Electron entry may import this file.
 */
import { join } from 'node:path'
import ElectronStore from 'electron-store'
import type { SettingsStore } from '../../core/ports'
import {
  defaultDeskSettings,
  deskSettingsJsonSchema,
  deskSettingsSchema,
  type DeskSettings,
} from '../../core/settings/desk-settings'
import { mergeWithDefaults } from '../storage/conf-settings-store'
import { keepLastGood, openWithRecovery, type SettingsRecovery } from '../storage/settings-recovery'

/** Opens (or creates) `settings.json` in `dir`; an unreadable one is moved aside, never wiped. */
export function createElectronSettingsStore(
  dir: string,
): SettingsStore<DeskSettings> & { recovery: SettingsRecovery } {
  const open = (): ElectronStore<{ desk: DeskSettings }> =>
    new ElectronStore<{ desk: DeskSettings }>({
      cwd: dir,
      name: 'settings',
      schema: { desk: deskSettingsJsonSchema() },
      defaults: { desk: defaultDeskSettings() },
      // Never wipe the user's settings silently: openWithRecovery keeps a broken file aside.
      clearInvalidConfig: false,
      // Private: the file names the customer's endpoints and users.
      configFileMode: 0o600,
    })
  const { store, recovery } = openWithRecovery(join(dir, 'settings.json'), open)
  if (recovery?.environment)
    store.set('desk', { ...mergeWithDefaults(store.get('desk')), environment: recovery.environment })
  return {
    recovery,
    path: store.path,
    read: () => mergeWithDefaults(store.get('desk')),
    write: (next) => {
      store.set('desk', deskSettingsSchema.parse(next))
      keepLastGood(store.path)
    },
  }
}
