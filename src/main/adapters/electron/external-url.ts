/** Validation of links the page asks to open in the user's browser. */

/** A URL that passed `parseExternalUrl`: only such values may reach `shell.openExternal`. */
export type ValidatedUrl = string & { readonly __brand: 'ValidatedUrl' }

const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['https:', 'http:'])

/**
 * Returns the normalised URL when it is a plain http(s) link without embedded credentials, else null.
 *
 * openExternal hands the string to the OS, which will happily run `file:`, `smb:` or custom
 * protocol handlers; only web links are ever opened.
 */
export function parseExternalUrl(raw: unknown): ValidatedUrl | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null
  return url.toString() as ValidatedUrl
}
