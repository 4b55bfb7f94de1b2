/**
 * Where the desk may send a Concur secret (a bearer access token, a refresh or request token, the
 * client secret). Production: only `https:` on a Concur API host, `<name>.api.concursolutions.com`
 * on the default port (docs/concur-api.md §2: every documented base URI and geolocation has that shape:
 * us2, eu2, apj1, usg, glz, us-impl, emea-impl, their `www-` variants and the older us/emea/eu).
 * The Sandbox may also use loopback (its simulators run on 127.0.0.1). Anything else is refused
 * before a request leaves the process, and before a geolocation is stored.
 */
import { ConcurError } from './concur-error'

/** Which addresses are acceptable: production Concur only, or Concur plus loopback (Sandbox, tests). */
export type HostPolicy = 'production' | 'sandbox'

// One DNS label (no dots), bounded: linear to match, no backtracking.
const CONCUR_API_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.api\.concursolutions\.com$/
/** Hosts only this machine can reach, where the Sandbox's simulators listen. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The verdict on one address: its normalised origin, or why the desk refuses it. */
export type HostVerdict = { ok: true; origin: string } | { ok: false; reason: string }

/** Checks an absolute URL against the policy; `origin` is scheme://host[:port], lower-cased. */
export function checkConcurHost(value: string, policy: HostPolicy): HostVerdict {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return { ok: false, reason: 'it is not a URL' }
  }
  const host = url.hostname.toLowerCase()
  if (policy === 'sandbox' && LOOPBACK_HOSTS.has(host)) {
    if (url.protocol === 'http:' || url.protocol === 'https:') return { ok: true, origin: url.origin }
    return { ok: false, reason: 'only http: or https: is allowed' }
  }
  if (url.protocol !== 'https:')
    return {
      ok: false,
      reason: 'it is not https:, and the desk never sends a token over an unencrypted line',
    }
  if (!CONCUR_API_HOST.test(host))
    return {
      ok: false,
      reason: 'it is not a Concur API host (https://<data centre>.api.concursolutions.com)',
    }
  if (url.port !== '') return { ok: false, reason: 'Concur API hosts use the default https port' }
  if (url.username || url.password) return { ok: false, reason: 'it carries a user name or password' }
  return { ok: true, origin: url.origin }
}

/**
 * The origin of `value`, or a ConcurError('invalid-input') that names the address and what to do.
 * `what` says where the address came from, e.g. "the data centre Concur named for this company".
 */
export function requireConcurHost(value: string, policy: HostPolicy, what: string): string {
  const verdict = checkConcurHost(value, policy)
  if (verdict.ok) return verdict.origin
  throw new ConcurError(
    'invalid-input',
    `The desk refused ${what} (${describeAddress(value)}): ${verdict.reason}. No token was sent there. ` +
      'Check the Concur address in Settings; if Concur itself named it, contact SAP Concur support.',
    { hostRefused: true },
  )
}

/** Scheme, host and port of an address for a message (never a path or query, which might hold anything). */
function describeAddress(value: string): string {
  try {
    const url = new URL(value.trim())
    return `${url.protocol}//${url.host}`
  } catch {
    return `"${value.slice(0, 60).replace(/[^\x20-\x7e]/g, '?')}"`
  }
}
