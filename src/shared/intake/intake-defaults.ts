/**
 * The desk's intake rules in one place: the default intake window, the request-token lifetime the
 * desk applies, and the sentences that state them. Settings defaults, the renderer's fallback
 * before settings arrive, the case composer, the expiry message, the Sandbox's simulated Concur
 * reply, the Settings hint and the paste screen all use these, so they cannot drift apart.
 */
import type { IntakeWindowSettings } from '../model'
import { zoneAbbreviation } from './format-time'

/**
 * The default intake window: 06:00–14:30 (at the latest 15:00) Europe/Zurich, Monday to Friday.
 * Shared and frozen: take `defaultIntakeWindow()` for a copy to put in a settings document.
 */
export const DEFAULT_INTAKE_WINDOW: Readonly<IntakeWindowSettings> = Object.freeze({
  timeZone: 'Europe/Zurich',
  opensAt: '06:00',
  softCloseAt: '14:30',
  hardCloseAt: '15:00',
  weekdays: [1, 2, 3, 4, 5],
  closingSoonMinutes: 60,
})

/** A fresh, mutable copy of the default window (for a settings document). */
export function defaultIntakeWindow(): IntakeWindowSettings {
  return { ...DEFAULT_INTAKE_WINDOW, weekdays: [...DEFAULT_INTAKE_WINDOW.weekdays] }
}

/** The desk's intake rule for how long a request token is good (the `requestTokenLifetimeHours` default). */
export const DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS = 12

/** What SAP's current documentation gives a company request token (docs/concur-api.md §1.5). */
export const SAP_DOCUMENTED_REQUEST_TOKEN_LIFETIME_HOURS = 24

/**
 * The one sentence about the request-token lifetime, e.g. "The desk treats request tokens as valid
 * for 12 hours (our intake rule; SAP's current documentation says 24 hours)."
 */
export function requestTokenLifetimeText(hours: number = DEFAULT_REQUEST_TOKEN_LIFETIME_HOURS): string {
  const sap = SAP_DOCUMENTED_REQUEST_TOKEN_LIFETIME_HOURS
  const h = `${hours} hour${hours === 1 ? '' : 's'}`
  const docs =
    hours === sap
      ? `SAP's current documentation also says ${sap} hours`
      : `SAP's current documentation says ${sap} hours`
  return `The desk treats request tokens as valid for ${h} (our intake rule; ${docs}).`
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

/** `Monday to Friday`, `every day`, `Monday, Wednesday and Friday`. */
export function weekdaysPhrase(weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b)
  if (days.length === 7) return 'every day'
  if (days.length === 0) return 'on no day'
  const isRun = days.length >= 3 && days.every((d, i) => i === 0 || d === (days[i - 1] ?? 0) + 1)
  const name = (d: number): string => DAY_NAMES[d - 1] ?? ''
  if (isRun) return `${name(days[0] ?? 1)} to ${name(days.at(-1) ?? 1)}`
  const names = days.map(name)
  return names.length === 1 ? `on ${names[0]}s` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/** The zone's names over the year: `CET/CEST` for Europe/Zurich, `UTC` for UTC. */
export function zonePhrase(timeZone: string): string {
  const winter = zoneAbbreviation(Date.UTC(2026, 0, 15, 12), timeZone)
  const summer = zoneAbbreviation(Date.UTC(2026, 6, 15, 12), timeZone)
  return winter === summer ? winter : `${winter}/${summer}`
}

/**
 * When tokens should reach the desk: `between 06:00 and 14:30 CET/CEST, Monday to Friday` (what
 * customers are asked for), with `withHardClose` `… 14:30 (at the latest 15:00) CET/CEST, …`.
 */
export function intakeWindowPhrase(
  window: Readonly<IntakeWindowSettings> = DEFAULT_INTAKE_WINDOW,
  options: { withHardClose?: boolean } = {},
): string {
  const latest =
    options.withHardClose && window.hardCloseAt !== window.softCloseAt
      ? ` (at the latest ${window.hardCloseAt})`
      : ''
  return `between ${window.opensAt} and ${window.softCloseAt}${latest} ${zonePhrase(window.timeZone)}, ${weekdaysPhrase(window.weekdays)}`
}
