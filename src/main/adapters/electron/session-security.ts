/**
 * Session-wide hardening: a strict CSP header on every response and no permission ever granted.
 *
 * The renderer's index.html carries the same policy as a meta tag; the header is the second line
 * that still holds if the HTML is ever served without it. The desk needs no camera, notifications
 * from the page, geolocation, clipboard-read or any other web permission (native notifications come
 * from the main process), so every request and check answers "no".
 */
import type { Session } from 'electron'

/**
 * The Content-Security-Policy for everything the window loads: scripts only from the app itself,
 * no eval, nothing remote. Inline styles stay allowed because the renderer's own meta policy allows
 * them (virtualised lists position rows with style attributes); styles cannot run script.
 *
 * Written out as a literal again in `hardenSession` because electronegativity only evaluates
 * literal header values; a test keeps the two equal.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'"

/** Installs the CSP header and denies every permission request and check in `session`. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string[] | string> = { ...(details.responseHeaders ?? {}) }
    // Drop any policy a response brought so ours is the one that applies, whatever its casing.
    for (const name of Object.keys(responseHeaders)) {
      if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name]
    }
    callback({
      responseHeaders: {
        ...responseHeaders,
        'Content-Security-Policy': [
          "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
        ],
      },
    })
  })
}
