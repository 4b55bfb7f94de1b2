/**
 * Handlers for app info and settings. Secrets go to the keychain through `settings:set-secret`
 * and are never read back to the UI: the view only says whether one is stored.
 */
import type { RequestInput } from '../../../shared/contract'
import type { AppInfo, ConnectionReport, SettingsView } from '../../../shared/model'
import type { ConnectionTestInput } from '../../core/connection/connection-test'
import type { SecretStore, SettingsStore } from '../../core/ports'
import type { DeskSettings } from '../../core/settings/desk-settings'
import { checkTimeZone } from '../../../shared/time-zones'
import { DeskError } from '../../core/errors/desk-error'
import { secretRegistry } from '../../logging/redact'
import type { Handlers } from '../dispatcher'
import type { PushBus } from '../../core/ports'

export type SettingsHandlerDeps = Readonly<{
  settings: SettingsStore<DeskSettings>
  secrets: SecretStore
  bus: PushBus
  info: () => AppInfo
  /** A team desk's instances (null on a solo desk), read when About asks. */
  instances?: () => Promise<AppInfo['instances']>
  /** Called after a change that needs the services rebuilt (environment, endpoints, schedule). */
  onChanged: (before: DeskSettings, after: DeskSettings) => Promise<void>
  /** Called after a connection secret changed (the clients read secrets when they are built). */
  onSecretChanged: () => Promise<void>
  /** Runs Settings → Test connection against the production settings and secrets given. */
  testConnection: (input: ConnectionTestInput) => Promise<ConnectionReport>
}>

/** Builds the settings view without any secret. */
export async function toSettingsView(settings: DeskSettings, secrets: SecretStore): Promise<SettingsView> {
  const [clientSecret, facesKey] = await Promise.all([
    secrets.read('concur-client-secret').catch(() => null),
    secrets.read('faces-api-key').catch(() => null),
  ])
  return {
    environment: settings.environment,
    production: {
      concurTokenBaseUrl: settings.production.concurTokenBaseUrl,
      concurClientId: settings.production.concurClientId,
      hasConcurClientSecret: Boolean(clientSecret),
      facesBaseUrl: settings.production.facesBaseUrl,
      facesUser: settings.production.facesUser,
      hasFacesApiKey: Boolean(facesKey),
    },
    schedule: { ...settings.schedule },
    intakeWindow: { ...settings.intakeWindow, weekdays: [...settings.intakeWindow.weekdays] },
    requestTokenLifetimeHours: settings.requestTokenLifetimeHours,
    loginIdChangePolicy: settings.loginIdChangePolicy,
    exchangeLaterByDefault: settings.exchangeLaterByDefault,
    syncLogRetention: { ...settings.syncLogRetention },
    auditRetentionDays: settings.auditRetentionDays,
  }
}

/** Checks a settings document for cross-field rules the schema cannot express. */
export function checkSettings(next: DeskSettings): Record<string, string> {
  const fields: Record<string, string> = {}
  const w = next.intakeWindow
  if (!(w.opensAt < w.softCloseAt))
    fields['intakeWindow.softCloseAt'] = 'The soft close must be after the opening time.'
  if (!(w.softCloseAt <= w.hardCloseAt))
    fields['intakeWindow.hardCloseAt'] = 'The hard close must be at or after the soft close.'
  for (const [key, zone] of [
    ['intakeWindow.timeZone', w.timeZone],
    ['schedule.timeZone', next.schedule.timeZone],
  ] as const) {
    const check = checkTimeZone(zone)
    if (!check.ok) fields[key] = check.message
  }
  if (next.schedule.cron.trim().split(/\s+/).length !== 5) {
    fields['schedule.cron'] = 'Use five cron fields (minute hour day month weekday), e.g. 5,20,35,50 * * * *'
  }
  if (next.environment === 'production') {
    if (!next.production.concurClientId) fields['production.concurClientId'] = 'Enter the Concur client ID.'
    if (!next.production.facesBaseUrl) fields['production.facesBaseUrl'] = 'Enter the Faces URL.'
  }
  return fields
}

/** The app and settings handlers. */
export function createSettingsHandlers(
  deps: SettingsHandlerDeps,
): Pick<
  Handlers,
  'app:info' | 'settings:get' | 'settings:update' | 'settings:set-secret' | 'settings:test-connection'
> {
  return {
    'app:info': async () => ({ ...deps.info(), instances: (await deps.instances?.()) ?? null }),
    'settings:get': async () => toSettingsView(deps.settings.read(), deps.secrets),
    'settings:update': async (patch: RequestInput<'settings:update'>) => {
      const before = deps.settings.read()
      const next: DeskSettings = {
        ...before,
        ...(patch.environment ? { environment: patch.environment } : {}),
        ...(patch.requestTokenLifetimeHours !== undefined
          ? { requestTokenLifetimeHours: patch.requestTokenLifetimeHours }
          : {}),
        ...(patch.loginIdChangePolicy ? { loginIdChangePolicy: patch.loginIdChangePolicy } : {}),
        ...(patch.exchangeLaterByDefault !== undefined
          ? { exchangeLaterByDefault: patch.exchangeLaterByDefault }
          : {}),
        ...(patch.syncLogRetention ? { syncLogRetention: patch.syncLogRetention } : {}),
        ...(patch.auditRetentionDays !== undefined ? { auditRetentionDays: patch.auditRetentionDays } : {}),
        production: { ...before.production, ...patch.production },
        schedule: { ...before.schedule, ...patch.schedule },
        intakeWindow: { ...before.intakeWindow, ...patch.intakeWindow },
      }
      const fields = checkSettings(next)
      if (Object.keys(fields).length > 0) {
        throw new DeskError('invalid-input', Object.values(fields)[0] ?? 'Check the highlighted fields.', {
          fields,
        })
      }
      deps.settings.write(next)
      await deps.onChanged(before, next)
      const view = await toSettingsView(next, deps.secrets)
      deps.bus.emit('settings:changed', view)
      return view
    },
    'settings:test-connection': async () => {
      const p = deps.settings.read().production
      const [clientSecret, facesKey] = await Promise.all([
        deps.secrets.read('concur-client-secret').catch(() => null),
        deps.secrets.read('faces-api-key').catch(() => null),
      ])
      return deps.testConnection({
        concurTokenBaseUrl: p.concurTokenBaseUrl,
        concurClientId: p.concurClientId,
        concurClientSecret: clientSecret,
        facesBaseUrl: p.facesBaseUrl,
        facesUser: p.facesUser,
        facesApiKey: facesKey,
        hostPolicy: 'production',
      })
    },
    'settings:set-secret': async ({ name, value }) => {
      secretRegistry.register(value)
      try {
        await deps.secrets.write(name, value)
      } catch (err) {
        throw new DeskError(
          'keychain-unavailable',
          'The OS keychain refused to store the secret. Unlock your keychain (or log in to a desktop session) and try again.',
          { cause: err },
        )
      }
      await deps.onSecretChanged()
      const view = await toSettingsView(deps.settings.read(), deps.secrets)
      deps.bus.emit('settings:changed', view)
      return view
    },
  }
}
