/**
 * Small choices a person makes on one machine and expects to find again (the paste screen's
 * "create unknown entities"): kept in this browser profile's localStorage. Where storage is not
 * available (a locked-down profile) the fallback applies and nothing breaks.
 */

const PREFIX = 'faces-concur-desk:'

/** The remembered yes/no for `key`, or `fallback` when none was remembered (or storage is off). */
export function readRememberedFlag(key: string, fallback: boolean): boolean {
  try {
    const v = globalThis.localStorage?.getItem(PREFIX + key)
    return v === 'true' ? true : v === 'false' ? false : fallback
  } catch {
    return fallback
  }
}

/** Remembers a yes/no for `key` (silently skipped when storage is off). */
export function rememberFlag(key: string, value: boolean): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, String(value))
  } catch {
    // No storage here: the choice lasts as long as the page.
  }
}
