/**
 * Which time-zone names the desk accepts: real IANA zones only, spelled as the tz database spells
 * them (`Europe/Zurich`, `America/New_York`, `UTC`). Abbreviations and legacy names that Intl also
 * takes (`CET`, `EST5EDT`, `GMT`) name a different zone or none in particular, and a lower-case
 * `europe/zurich` would be stored as typed; both are refused with the name to use instead. The
 * same check runs in the settings form (at once) and in main (on save).
 */

/** The outcome of checking a zone name. */
export type TimeZoneCheck = { ok: true } | { ok: false; message: string; suggestion: string | null }

/** Abbreviations people type, and the zone the desk's users most likely mean. */
const ABBREVIATIONS: Record<string, string> = {
  CET: 'Europe/Zurich',
  CEST: 'Europe/Zurich',
  MEZ: 'Europe/Zurich',
  MESZ: 'Europe/Zurich',
  GMT: 'Europe/London',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  EET: 'Europe/Helsinki',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  EST5EDT: 'America/New_York',
  CST: 'America/Chicago',
  CST6CDT: 'America/Chicago',
  PST: 'America/Los_Angeles',
  PST8PDT: 'America/Los_Angeles',
}

/** How Intl spells a zone name, or null when Intl does not know it. */
function resolvedName(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

/** Every IANA zone name this runtime knows (for suggestions in a form), UTC first. */
export function timeZoneNames(): string[] {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return ['UTC', ...names.filter((n) => n !== 'UTC')]
}

/** Checks that `name` is a real IANA zone, spelled exactly; says what to use when it is not. */
export function checkTimeZone(name: string): TimeZoneCheck {
  const trimmed = name.trim()
  if (!trimmed)
    return { ok: false, message: 'Enter a time zone, e.g. Europe/Zurich.', suggestion: 'Europe/Zurich' }
  const abbreviation = ABBREVIATIONS[trimmed.toUpperCase()]
  if (abbreviation)
    return {
      ok: false,
      message: `"${trimmed}" is an abbreviation, not a time zone: it does not say which country's daylight-saving rules apply. Use an IANA name such as ${abbreviation}.`,
      suggestion: abbreviation,
    }
  const resolved = resolvedName(trimmed)
  if (resolved === null)
    return {
      ok: false,
      message: `"${trimmed}" is not a time zone name. Use an IANA name (Region/City) such as Europe/Zurich.`,
      suggestion: null,
    }
  // Intl takes "europe/zurich" and answers "Europe/Zurich": ask for the spelling it uses.
  const isExact = resolved === trimmed || timeZoneNames().includes(trimmed)
  if (!isExact && resolved.toLowerCase() === trimmed.toLowerCase())
    return { ok: false, message: `Write it as ${resolved}.`, suggestion: resolved }
  if (!isExact && !trimmed.includes('/'))
    return {
      ok: false,
      message: `"${trimmed}" is a legacy name, not a Region/City time zone. Use ${resolved}.`,
      suggestion: resolved,
    }
  if (trimmed !== name)
    return { ok: false, message: `Remove the spaces around ${trimmed}.`, suggestion: trimmed }
  return { ok: true }
}
