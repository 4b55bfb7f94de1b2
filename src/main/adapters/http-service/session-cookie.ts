/**
 * The session cookie's name and attributes, and reading every value a browser sent for it.
 *
 * Cookies are not isolated by port: a page served from another port of the same host can set
 * cookies the browser then sends to the desk. Two defences keep such a page from locking the
 * real user out: the name carries the desk's port (over TLS it is `__Host-` prefixed and Secure,
 * so only a secure origin can set it), and every value sent under the name is tried, so a
 * planted cookie that shadows the real one (same name, a more specific path) changes nothing.
 */

/** How the session cookie is named and sent. */
export type SessionCookiePolicy = {
  readonly name: string
  readonly secure: boolean
}

/** The cookie policy for a desk on `port`, over TLS or plain loopback HTTP. */
export function sessionCookiePolicy(port: number, tls: boolean): SessionCookiePolicy {
  return tls
    ? { name: `__Host-desk_session_${port}`, secure: true }
    : { name: `desk_session_${port}`, secure: false }
}

/** Attributes for `reply.setCookie`: HttpOnly, SameSite=Strict, Path=/, Secure over TLS; a session cookie (no expiry). */
export function sessionCookieAttributes(policy: SessionCookiePolicy): {
  httpOnly: true
  sameSite: 'strict'
  path: '/'
  secure: boolean
} {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: policy.secure }
}

/** Caps the work one request can cause: a Cookie header this long is 16 kB, Node's header limit. */
const MAX_VALUES = 50

/**
 * Every value sent under `name` in a raw Cookie header, in order, undecoded (our values are
 * base64url). A plain split: linear in the header, no regex, never throws on bad encoding.
 */
export function cookieValues(header: string | string[] | undefined, name: string): string[] {
  if (header === undefined) return []
  const text = Array.isArray(header) ? header.join('; ') : header
  const values: string[] = []
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    let value = part.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    values.push(value)
    if (values.length >= MAX_VALUES) break
  }
  return values
}
