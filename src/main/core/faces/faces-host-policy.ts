/**
 * Where the desk may send the Faces API key. Production: `https:` only, so the key never travels
 * unencrypted; the Sandbox also accepts `http:` on loopback, where its simulator runs. One rule for
 * the live client and Settings → Test connection, checked before any credential leaves the process.
 */
import { LOOPBACK_HOSTS, type HostPolicy } from '../concur/geolocation-policy'

/** The verdict on a Faces address: the parsed URL, or why the desk refuses it (a sentence that says what to do). */
export type FacesUrlVerdict = { ok: true; url: URL } | { ok: false; message: string }

/** Checks a Faces base URL against the environment's policy. */
export function checkFacesUrl(value: string, policy: HostPolicy): FacesUrlVerdict {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return {
      ok: false,
      message: `"${value.slice(0, 80)}" is not a URL. Enter the Faces address, e.g. https://faces.example.com.`,
    }
  }
  if (url.protocol === 'https:') return { ok: true, url }
  if (url.protocol === 'http:' && policy === 'sandbox' && LOOPBACK_HOSTS.has(url.hostname.toLowerCase()))
    return { ok: true, url }
  return {
    ok: false,
    message:
      url.protocol === 'http:'
        ? `The Faces URL ${url.protocol}//${url.host} is not https: the API key would travel unencrypted, so the desk did not send it. Use the https address of Faces (Settings → Production).`
        : `The Faces URL must start with https:// (got ${url.protocol}). Enter the https address of Faces in Settings → Production.`,
  }
}
