/**
 * Settings in service mode: `conf` (electron-store's base class, no Electron needed), same schema
 * and defaults as the Electron adapter. The whole document is one key so writes stay atomic.
 */
import Conf from 'conf'
import type { SettingsStore } from '../../core/ports'
import {
  defaultDeskSettings,
  deskSettingsJsonSchema,
  deskSettingsSchema,
  type DeskSettings,
} from '../../core/settings/desk-settings'

/** Opens (or creates) the settings file in `dir`. */
export function createConfSettingsStore(dir: string): SettingsStore<DeskSettings> {
  const conf = new Conf<{ desk: DeskSettings }>({
    cwd: dir,
    configName: 'settings',
    projectName: 'faces-concur-desk',
    schema: { desk: deskSettingsJsonSchema() } as never,
    defaults: { desk: defaultDeskSettings() },
    // Never wipe the user's settings silently: a broken file is reported instead.
    clearInvalidConfig: false,
  })
  return {
    path: conf.path,
    read: () => mergeWithDefaults(conf.get('desk')),
    write: (next) => conf.set('desk', deskSettingsSchema.parse(next)),
  }
}

/** Fills keys added by newer versions from the defaults, keeping everything the user set. */
export function mergeWithDefaults(stored: Partial<DeskSettings> | undefined): DeskSettings {
  const d = defaultDeskSettings()
  const s = stored ?? {}
  return deskSettingsSchema.parse({
    ...d,
    ...s,
    production: { ...d.production, ...s.production },
    schedule: { ...d.schedule, ...s.schedule },
    intakeWindow: { ...d.intakeWindow, ...s.intakeWindow },
    credentialMeta: { ...d.credentialMeta, ...s.credentialMeta },
  })
}
