/**
 * Settings in service mode: `conf` (electron-store's base class, no Electron needed), same schema
 * and defaults as the Electron adapter. The whole document is one key so writes stay atomic.
 */
import { join } from 'node:path'
import Conf from 'conf'
import type { SettingsStore } from '../../core/ports'
import {
  defaultDeskSettings,
  deskSettingsJsonSchema,
  deskSettingsSchema,
  type DeskSettings,
} from '../../core/settings/desk-settings'
import { keepLastGood, openWithRecovery, type SettingsRecovery } from './settings-recovery'

/** Opens (or creates) the settings file in `dir`; an unreadable one is moved aside, never wiped. */
export function createConfSettingsStore(
  dir: string,
): SettingsStore<DeskSettings> & { recovery: SettingsRecovery } {
  const open = (): Conf<{ desk: DeskSettings }> =>
    new Conf<{ desk: DeskSettings }>({
      cwd: dir,
      configName: 'settings',
      projectName: 'faces-concur-desk',
      schema: { desk: deskSettingsJsonSchema() } as never,
      defaults: { desk: defaultDeskSettings() },
      // Never wipe the user's settings silently: openWithRecovery keeps a broken file aside.
      clearInvalidConfig: false,
      // Private: the file names the customer's endpoints and users.
      configFileMode: 0o600,
    })
  const { store: conf, recovery } = openWithRecovery(join(dir, 'settings.json'), open)
  if (recovery?.environment)
    conf.set('desk', { ...mergeWithDefaults(conf.get('desk')), environment: recovery.environment })
  return {
    path: conf.path,
    recovery,
    read: () => mergeWithDefaults(conf.get('desk')),
    write: (next) => {
      conf.set('desk', deskSettingsSchema.parse(next))
      keepLastGood(conf.path)
    },
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
    syncLogRetention: { ...d.syncLogRetention, ...s.syncLogRetention },
    credentialMeta: { ...d.credentialMeta, ...s.credentialMeta },
  })
}
