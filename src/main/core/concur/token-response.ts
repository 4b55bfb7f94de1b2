import { ConcurError } from './concur-error'
import { normaliseGeolocation } from './geolocation'

/** A successful token response, every documented variant folded into one shape. */
export interface TokenGrant {
  accessToken: string
  /** Access-token lifetime; the docs give `expires_in` as a string and as a number. */
  expiresInMs: number
  /** Absent when Concur did not return one (keep the stored one then). */
  refreshToken: string | null
  /** `refresh_expires_in` is an absolute epoch time in SECONDS despite its name; null when absent. */
  refreshExpiresAtMs: number | null
  /** Normalised, or null when absent. */
  geolocation: string | null
  scopes: string[]
}

const DEFAULT_ACCESS_LIFETIME_MS = 3_600_000

/** Validates and normalises a token-endpoint success body. Never puts a token value in an error message. */
export function parseTokenResponse(body: unknown): TokenGrant {
  if (!body || typeof body !== 'object')
    throw new ConcurError('remote-failed', 'Concur sent a token response that is not a JSON object.')
  const r = body as Record<string, unknown>
  const accessToken = r['access_token']
  if (typeof accessToken !== 'string' || accessToken === '')
    throw new ConcurError('remote-failed', 'Concur sent a token response without an access token.')
  const expiresIn = toNumber(r['expires_in'])
  const refreshToken =
    typeof r['refresh_token'] === 'string' && r['refresh_token'] !== '' ? r['refresh_token'] : null
  const refreshExpires = toNumber(r['refresh_expires_in'])
  const geolocation = typeof r['geolocation'] === 'string' ? normaliseGeolocation(r['geolocation']) : null
  if (typeof r['geolocation'] === 'string' && r['geolocation'] !== '' && geolocation === null)
    throw new ConcurError('remote-failed', 'Concur sent a token response whose geolocation is not a URL.')
  const scope = typeof r['scope'] === 'string' ? r['scope'] : ''
  return {
    accessToken,
    expiresInMs: expiresIn !== null && expiresIn > 0 ? expiresIn * 1000 : DEFAULT_ACCESS_LIFETIME_MS,
    refreshToken,
    refreshExpiresAtMs: refreshExpires !== null && refreshExpires > 0 ? refreshExpires * 1000 : null,
    geolocation,
    scopes: scope.split(/\s+/).filter((s) => s !== ''),
  }
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value)
  return null
}
