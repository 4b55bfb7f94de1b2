/**
 * Settings under Electron: electron-store, same file, schema and defaults as service mode's conf
 * adapter (both modes share one data folder, so they must agree on the document's shape).
 *
 * electron-store imports `electron` when loaded, so only the Electron entry may import this file.
 */
import ElectronStore from 'electron-store'
import type { SettingsStore } from '../../core/ports'
import {
  defaultDeskSettings,
  deskSettingsJsonSchema,
  deskSettingsSchema,
  type DeskSettings,
} from '../../core/settings/desk-settings'
import { mergeWithDefaults } from '../storage/conf-settings-store'

/** Opens (or creates) `settings.json` in `dir`. */
export function createElectronSettingsStore(dir: string): SettingsStore<DeskSettings> {
  const store = new ElectronStore<{ desk: DeskSettings }>({
    cwd: dir,
    name: 'settings',
    schema: { desk: deskSettingsJsonSchema() },
    defaults: { desk: defaultDeskSettings() },
    // Never wipe the user's settings silently: a broken file is reported instead.
    clearInvalidConfig: false,
  })
  return {
    path: store.path,
    read: () => mergeWithDefaults(store.get('desk')),
    write: (next) => store.set('desk', deskSettingsSchema.parse(next)),
  }
}
