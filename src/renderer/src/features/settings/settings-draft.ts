/** The settings form's draft: built from the settings view, checked on the client for quick feedback. */
import { SYNC_LOG_RETENTION, type RequestInput } from '../../../../shared/contract'
import type { AppInfo, SettingsView } from '../../../../shared/model'
import { checkTimeZone } from '../../../../shared/time-zones'

/** The form's editable copy of the settings (numbers as typed text). */
export type Draft = {
  environment: SettingsView['environment']
  concurTokenBaseUrl: string
  concurClientId: string
  facesBaseUrl: string
  facesUser: string
  cron: string
  scheduleTimeZone: string
  windowTimeZone: string
  opensAt: string
  softCloseAt: string
  hardCloseAt: string
  weekdays: number[]
  closingSoonMinutes: string
  requestTokenLifetimeHours: string
  loginIdChangePolicy: SettingsView['loginIdChangePolicy']
  exchangeLaterByDefault: boolean
  /** Sync-log retention; empty text switches that limit off. */
  logMaxAgeDays: string
  logMaxRecords: string
}

/** The draft of a settings view. */
export function toDraft(s: SettingsView): Draft {
  return {
    environment: s.environment,
    concurTokenBaseUrl: s.production.concurTokenBaseUrl,
    concurClientId: s.production.concurClientId,
    facesBaseUrl: s.production.facesBaseUrl,
    facesUser: s.production.facesUser,
    cron: s.schedule.cron,
    scheduleTimeZone: s.schedule.timeZone,
    windowTimeZone: s.intakeWindow.timeZone,
    opensAt: s.intakeWindow.opensAt,
    softCloseAt: s.intakeWindow.softCloseAt,
    hardCloseAt: s.intakeWindow.hardCloseAt,
    weekdays: [...s.intakeWindow.weekdays],
    closingSoonMinutes: String(s.intakeWindow.closingSoonMinutes),
    requestTokenLifetimeHours: String(s.requestTokenLifetimeHours),
    loginIdChangePolicy: s.loginIdChangePolicy,
    exchangeLaterByDefault: s.exchangeLaterByDefault,
    logMaxAgeDays: s.syncLogRetention.maxAgeDays === null ? '' : String(s.syncLogRetention.maxAgeDays),
    logMaxRecords: s.syncLogRetention.maxRecords === null ? '' : String(s.syncLogRetention.maxRecords),
  }
}

/** What each fieldset of the form gets: the draft, a change to it, and a field's error by its contract path. */
export type DraftSectionProps = {
  draft: Draft
  set: (change: Partial<Draft>) => void
  err: (path: string) => string | undefined
}

/** A retention limit as the form holds it: empty text is "no limit". */
export const limitOf = (text: string): number | null => (text.trim() === '' ? null : Number(text))

/** The `settings:update` input of a draft (the production connection only when production is chosen). */
export function toSettingsPatch(d: Draft): RequestInput<'settings:update'> {
  return {
    environment: d.environment,
    production:
      d.environment === 'production'
        ? {
            concurTokenBaseUrl: d.concurTokenBaseUrl,
            concurClientId: d.concurClientId,
            facesBaseUrl: d.facesBaseUrl,
            facesUser: d.facesUser,
          }
        : undefined,
    schedule: { cron: d.cron, timeZone: d.scheduleTimeZone },
    intakeWindow: {
      timeZone: d.windowTimeZone,
      opensAt: d.opensAt,
      softCloseAt: d.softCloseAt,
      hardCloseAt: d.hardCloseAt,
      weekdays: d.weekdays,
      closingSoonMinutes: Number(d.closingSoonMinutes),
    },
    requestTokenLifetimeHours: Number(d.requestTokenLifetimeHours),
    loginIdChangePolicy: d.loginIdChangePolicy,
    exchangeLaterByDefault: d.exchangeLaterByDefault,
    syncLogRetention: { maxAgeDays: limitOf(d.logMaxAgeDays), maxRecords: limitOf(d.logMaxRecords) },
  }
}

const en = (n: number): string => n.toLocaleString('en-GB')

/** Whether a retention limit is off (null) or a whole number within the contract's bounds. */
const isLimitWithin = (n: number | null, bounds: { min: number; max: number }): boolean =>
  n === null || (Number.isInteger(n) && n >= bounds.min && n <= bounds.max)

/** Client-side checks for immediate feedback; main re-checks everything. */
export function validateSettingsDraft(d: Draft): Record<string, string> {
  const errors: Record<string, string> = {}
  const hhmm = /^(?:[01]\d|2[0-3]):[0-5]\d$/
  for (const k of ['opensAt', 'softCloseAt', 'hardCloseAt'] as const) {
    if (!hhmm.test(d[k])) errors[`intakeWindow.${k}`] = 'Use 24-hour HH:MM, e.g. 06:00'
  }
  if (!errors['intakeWindow.opensAt'] && !errors['intakeWindow.softCloseAt'] && d.opensAt >= d.softCloseAt)
    errors['intakeWindow.softCloseAt'] = 'The soft close must come after the opening time'
  if (
    !errors['intakeWindow.softCloseAt'] &&
    !errors['intakeWindow.hardCloseAt'] &&
    d.softCloseAt > d.hardCloseAt
  )
    errors['intakeWindow.hardCloseAt'] = 'The hard close must not come before the soft close'
  if (d.weekdays.length === 0) errors['intakeWindow.weekdays'] = 'Pick at least one weekday'
  for (const [key, zone] of [
    ['intakeWindow.timeZone', d.windowTimeZone],
    ['schedule.timeZone', d.scheduleTimeZone],
  ] as const) {
    const check = checkTimeZone(zone)
    if (!check.ok) errors[key] = check.message
  }
  const lifetime = Number(d.requestTokenLifetimeHours)
  if (!Number.isFinite(lifetime) || lifetime < 1 || lifetime > 48)
    errors.requestTokenLifetimeHours = 'Enter a number of hours between 1 and 48'
  const soon = Number(d.closingSoonMinutes)
  if (!Number.isInteger(soon) || soon < 1 || soon > 240)
    errors['intakeWindow.closingSoonMinutes'] = 'Enter whole minutes between 1 and 240'
  const { maxAgeDays: days, maxRecords: count } = SYNC_LOG_RETENTION
  if (!isLimitWithin(limitOf(d.logMaxAgeDays), days))
    errors['syncLogRetention.maxAgeDays'] =
      `Enter whole days between ${en(days.min)} and ${en(days.max)}, or leave it empty for no age limit`
  if (!isLimitWithin(limitOf(d.logMaxRecords), count))
    errors['syncLogRetention.maxRecords'] =
      `Enter a number of records between ${en(count.min)} and ${en(count.max)}, or leave it empty for no size limit`
  if (d.cron.trim().split(/\s+/).length < 5)
    errors['schedule.cron'] = 'Enter a cron expression with 5 fields, e.g. 5,20,35,50 * * * *'
  if (d.environment === 'production') {
    if (!/^https:\/\//.test(d.concurTokenBaseUrl))
      errors['production.concurTokenBaseUrl'] = 'Enter a full https:// URL'
    if (d.facesBaseUrl && !/^https?:\/\//.test(d.facesBaseUrl))
      errors['production.facesBaseUrl'] = 'Enter a full URL, e.g. https://faces.example.com'
  }
  return errors
}

/**
 * Where secrets live, in one plain sentence (the technical reason, e.g. a D-Bus error, is in the
 * log, never on screen).
 */
export function keychainSentence(info: Pick<AppInfo, 'keychain' | 'environment'>): string {
  if (info.keychain.backend === 'keychain')
    return 'Secrets are kept in the system keychain, never in files or logs.'
  if (info.keychain.backend === 'encrypted')
    return `Secrets are kept encrypted in the database (AES-256-GCM), never in plain text: ${info.keychain.detail}.`
  return info.environment === 'sandbox'
    ? 'Sandbox secrets are kept in memory and forgotten when the desk stops; production needs the system keychain.'
    : 'No system keychain is reachable, so production secrets cannot be stored: start the desk in a desktop session with a keychain (a headless team desk: with --secret-key-file).'
}
