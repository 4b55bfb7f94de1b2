/**
 * Normalises a `geolocation` from a token response or a code-16 error body.
 *
 * The docs show it with a capital letter in the host (`us.api.Concursolutions.com`) and with the
 * token path appended (`…/oauth2/v0/token`); every later call builds paths on top of it, so keep
 * only scheme, host and port. Returns null for anything that is not an http(s) URL.
 */
export function normaliseGeolocation(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  // URL lowercases scheme and host and drops default ports; `origin` is exactly scheme://host[:port].
  return url.origin
}
